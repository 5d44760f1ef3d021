import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import type { SimResult } from '../../sim/result.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

async function run(model: string, input: number, output: number, opts: { devices?: number; set?: string[]; exact?: boolean; batch?: number } = {}): Promise<SimResult> {
  const arch = await loadArch('dfx', { devices: opts.devices, set: opts.set });
  return simulate(arch, buildWorkload(loadModel(model), { input, output, batch: opts.batch ?? 1 }), { exact: opts.exact });
}

describe('DFX simulation', () => {
  it.each([
    ['gpt2', 1, 8, 8],
    ['gpt2-medium', 2, 17, 40],
    ['gpt2-xl-dfx', 4, 64, 64],
    ['gpt2-xl-dfx', 4, 5, 1],
    ['gpt2-large', 3, 100, 33],
    ['llama-3.2-1b', 2, 9, 20],
    ['qwen2-0.5b', 2, 12, 12],
  ] as const)('%s x%i %i:%i: the fast mode equals the exact mode within 0.1 %', async (model, devices, input, output) => {
    const fast = await run(model, input, output, { devices });
    const exact = await run(model, input, output, { devices, exact: true });
    expect(fast.scheduled_blocks).toBeLessThan(exact.scheduled_blocks);
    for (const k of ['latency_s', 'ttft_s', 'energy_j'] as const) expect(Math.abs(fast[k] / exact[k] - 1)).toBeLessThan(1e-3);
    for (const b of exact.breakdown) {
      const f = fast.breakdown.find((x) => x.category === b.category);
      expect(Math.abs((f?.seconds ?? 0) - b.seconds)).toBeLessThanOrEqual(1e-3 * exact.latency_s);
    }
  });

  it('reports the contract fields with consistent totals', async () => {
    const r = await run('gpt2-xl-dfx', 64, 64, { devices: 4 });
    expect(r.feasible).toBe(true);
    expect(r.tokens_per_s).toBeCloseTo(64 / r.latency_s, 9);
    expect(r.stages.summarization.seconds + r.stages.generation.seconds).toBeCloseTo(r.latency_s, 9);
    expect(r.ttft_s).toBeCloseTo(r.stages.summarization.seconds, 12);
    expect(r.breakdown.reduce((s, b) => s + b.seconds, 0)).toBeCloseTo(r.latency_s, 6);
    expect(r.breakdown.reduce((s, b) => s + b.energy_j, 0)).toBeCloseTo(r.energy_j, 6);
    expect(r.avg_power_w).toBeCloseTo(r.energy_j / r.latency_s, 9);
    expect(new Set(r.breakdown.map((b) => b.category))).toEqual(new Set(['qkv_projection', 'attention', 'ffn', 'lm_head', 'norm_residual', 'sync', 'embedding']));
    for (const f of Object.values(r.utilization)) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
    expect(r.resources?.fits).toBe(true);
    expect(r.cost_usd).toBe(4 * 7795);
  });

  it('costs about as much per input token as per output token (matrix-vector datapath, no batching)', async () => {
    const r = await run('gpt2-xl-dfx', 64, 65, { devices: 4 });
    const perIn = r.stages.summarization.seconds / 64;
    const perOut = r.stages.generation.seconds / 64;
    expect(perIn / perOut).toBeGreaterThan(0.9);
    expect(perIn / perOut).toBeLessThan(1.1);
  });

  it('spends near 17 % on ring syncs on 1.5B x 4 and scales sub-linearly with devices', async () => {
    const r = await run('gpt2-xl-dfx', 64, 64, { devices: 4 });
    const sync = r.breakdown.find((b) => b.category === 'sync')?.seconds ?? 0;
    expect(sync / r.latency_s).toBeGreaterThan(0.14);
    expect(sync / r.latency_s).toBeLessThan(0.21);
    const t1 = (await run('gpt2-medium', 64, 64, { devices: 1 })).tokens_per_s;
    const t2 = (await run('gpt2-medium', 64, 64, { devices: 2 })).tokens_per_s;
    const t4 = (await run('gpt2-medium', 64, 64, { devices: 4 })).tokens_per_s;
    expect(t2).toBeGreaterThan(t1);
    expect(t4).toBeGreaterThan(t2);
    expect(t2 / t1).toBeLessThan(2);
    expect(t4 / t1).toBeLessThan(4);
    expect((await run('gpt2-medium', 64, 64, { devices: 1 })).breakdown.find((b) => b.category === 'sync')).toBeUndefined();
  });

  it('serves a batch sequence after sequence', async () => {
    const one = await run('gpt2', 16, 16);
    const four = await run('gpt2', 16, 16, { batch: 4 });
    expect(four.latency_s).toBeCloseTo(4 * one.latency_s, 9);
    expect(four.tokens_per_s).toBeCloseTo(one.tokens_per_s, 6);
  });

  it('flags designs that do not fit the board, and models that do not fit HBM, as infeasible', async () => {
    const big = await run('gpt2', 8, 8, { set: ['mpu.lanes=64', 'mpu.d=128'] });
    expect(big.feasible).toBe(false);
    expect(big.reason).toMatch(/does not fit Alveo U280: DSP/);
    expect(Number.isNaN(big.latency_s)).toBe(true);
    const small = await run('gpt2-xl', 8, 8, { devices: 1, set: ['board.hbm.capacity=2GiB'] });
    expect(small.feasible).toBe(false);
    expect(small.reason).toMatch(/exceed .* HBM/);
    const noHbm = await run('gpt2', 8, 8, { set: ['board=u250'] });
    expect(noHbm.reason).toMatch(/no HBM/);
    const ring = await run('gpt2', 8, 8, { devices: 4, set: ['board=u50'] });
    expect(ring.reason).toMatch(/network ports/);
  });
});
