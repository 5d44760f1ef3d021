import { describe, expect, it } from 'vitest';
import { DFX_INPUTS, GPU_CASES, dfxVsGpu } from '../../sim/validation/gpu-cases.js';
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
