import { describe, expect, it } from 'vitest';
import { DFX_INPUTS, GPU_CASES, dfxVsGpu } from '../../sim/validation/gpu-cases.js';
import { gpuErrors, summarise, summaryTable } from '../../sim/validation/gpu-error-table.js';
import { measuredRuns } from '../../sim/validation/gpu-measured-cases.js';
import { evaluateCase } from '../../sim/validation/validate.js';

describe('GPU validation rows', () => {
  for (const c of GPU_CASES.filter((x) => x.tolerance_pct !== undefined)) {
    it(`${c.id} (${c.role}) within ${c.tolerance_pct} %`, async () => {
      const row = await evaluateCase(c);
      expect(Number.isFinite(row.simulated)).toBe(true);
      expect(Math.abs(row.error_pct)).toBeLessThanOrEqual(c.tolerance_pct ?? 0);
    });
  }

  it('reference rows produce finite values', async () => {
    for (const c of GPU_CASES.filter((x) => x.role === 'reference')) expect(Number.isFinite((await evaluateCase(c)).simulated)).toBe(true);
  });
});

describe('GPU latency figures per stack (the acceptance bounds of docs/gpu.md)', () => {
  it('calibration rows within 5 % on average; validation rows of every stack within 10 % on average and 20 % at most, at batch 1 and at batch >= 8', async () => {
    const errors = await gpuErrors();
    const table = summarise(errors);
    const cal = errors.filter((e) => e.role === 'calibration');
    expect(cal.reduce((a, e) => a + Math.abs(e.error_pct), 0) / cal.length).toBeLessThanOrEqual(5);
    for (const r of table.filter((x) => x.role === 'validation' && x.batch !== 'batch 2-4')) {
      expect(r.mean_abs_pct, `${r.stack} ${r.batch}`).toBeLessThanOrEqual(10);
      expect(r.max_abs_pct, `${r.stack} ${r.batch}`).toBeLessThanOrEqual(20);
    }
    // Every stack with measured rows is validated at batch 1, and the batched ones at batch >= 8 too.
    const validated = (stack: string, batch: string) => table.some((x) => x.stack === stack && x.role === 'validation' && x.batch === batch);
    for (const stack of ['fastertransformer', 'fastertransformer-triton', 'megatron', 'tensorflow', 'tensorrt']) {
      expect(validated(stack, 'batch 1'), stack).toBe(true);
      expect(validated(stack, 'batch >= 8'), stack).toBe(true);
    }
    // TensorRT-LLM's batch-1 rows are its calibration (first-token latencies); its throughput rows validate it at batch >= 8.
    expect(validated('tensorrt-llm', 'batch >= 8')).toBe(true);
    expect(table.some((x) => x.stack === 'tensorrt-llm' && x.role === 'calibration' && x.batch === 'batch 1')).toBe(true);
    expect(summaryTable(table)).toMatch(/^\| stack \| role/);
  }, 120_000);

  it('states a reason for every reference row', () => {
    for (const r of measuredRuns().filter((x) => x.role === 'reference')) expect(r.why, r.row.id).toBeTruthy();
  });
});

describe('DFX vs 4 x V100 (megatron) crossover, GPT-2 1.5B', () => {
  it('the GPU wins when the output is a single token after a long input (128:1)', async () => {
    expect((await dfxVsGpu('1.5b', 128, 1)).speedup).toBeLessThan(1);
  });

  it('DFX wins whenever the output is at least as long as the input', async () => {
    for (const input of DFX_INPUTS) {
      for (const output of [input, 2 * input, 256]) {
        const c = await dfxVsGpu('1.5b', input, output);
        expect(c.speedup, `${input}:${output}`).toBeGreaterThan(1);
        expect(c.energy_efficiency_ratio, `${input}:${output}`).toBeGreaterThan(1);
      }
    }
  });

  it('the speedup grows with the output length at a fixed input', async () => {
    let prev = 0;
    for (const output of [1, 16, 64, 256]) {
      const s = (await dfxVsGpu('1.5b', 64, output)).speedup;
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
  });
});
