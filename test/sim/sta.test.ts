import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { StaArch } from '../../arch/schema/sta.js';
import { UserError } from '../../arch/user-error.js';
import { matmul, reductionCycles } from '../../sim/sta/costs.js';
import { staParams } from '../../sim/sta/params.js';
import { staResources } from '../../sim/sta/resources.js';
import { nm, offchipBytes, run } from './nm-helpers.js';

const params = async (set: string[] = []) => staParams((await loadArch('sta', { set })).spec as StaArch, 'sta');

describe('STA array costs', () => {
  it('a PE runs N:M groups up to window / multipliers faster than dense', async () => {
    const s = await params(); // 2 multipliers, window 8
    expect(reductionCycles(s, 768, undefined)).toBe(384);
    expect(reductionCycles(s, 768, nm(4, 4))).toBe(384); // N = M is the dense mode
    expect(reductionCycles(s, 768, nm(2, 4))).toBe(192);
    expect(reductionCycles(s, 768, nm(1, 4))).toBe(96); // two groups of 4 a cycle
    expect(reductionCycles(s, 768, nm(2, 8))).toBe(96);
    expect(reductionCycles(s, 768, nm(1, 8))).toBe(96); // window-bound: one group of 8 a cycle
    expect(reductionCycles(s, 768, nm(4, 8))).toBe(192); // N > multipliers: two cycles a group
    expect(reductionCycles(s, 768, nm(7, 8))).toBe(384); // no gain from selection: dense mode
  });

  it('load imbalance: a dimension that does not divide the array costs whole tiles', async () => {
    const s = await params();
    const even = matmul(s, 512, 768, 768);
    const odd = matmul(s, 513, 768, 769);
    expect(odd.busy / even.busy).toBeCloseTo((33 * 49) / (32 * 48), 6);
  });

  it('row splitting: a one-row product walks a 16th of the reduction, in whole M-groups', async () => {
    const s = await params();
    expect(matmul(s, 1, 768, 16).busy).toBe(24 + s.switchCycles); // 768 / 16 rows / 2 multipliers
    expect(matmul(s, 1, 768, 16, nm(2, 8)).busy).toBe(6 + s.switchCycles + s.decodeCycles); // 96 groups / 16 rows
    const off = await params(['array.row_split=false']);
    expect(matmul(off, 1, 768, 16).busy).toBe(384 + s.switchCycles);
    expect(matmul(s, 16, 768, 16).busy).toBe(matmul(off, 16, 768, 16).busy);
  });

  it('index decode is an overhead per output tile in sparse mode only', async () => {
    const s = await params();
    const a = matmul(s, 16, 64, 16, nm(2, 4));
    const b = matmul(s, 16, 64, 16, nm(4, 4));
    expect(a.busy).toBe(16 + s.switchCycles + s.decodeCycles);
    expect(b.busy).toBe(32 + s.switchCycles);
  });

  it('fewer nonzeros is never slower, on any array shape (property)', async () => {
    const base = (await loadArch('sta')).spec as StaArch;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom(4, 8), fc.integer({ min: 1, max: 4096 }), async (mults, n0, m, k) => {
        const s = staParams({ ...base, array: { ...base.array, multipliers: mults } }, 'sta');
        const n = Math.min(n0, m);
        if (n === 1) return true;
        return reductionCycles(s, k, nm(n - 1, m)) <= reductionCycles(s, k, nm(n, m)) && reductionCycles(s, k, nm(n, m)) <= reductionCycles(s, k, undefined);
      }),
      { numRuns: 200 },
    );
  });
});

describe('STA simulation', () => {
  const bert = (sparsity?: ReturnType<typeof nm>, extra: Partial<Parameters<typeof run>[0]> = {}) =>
    run({ arch: 'sta', model: 'bert-base', input: 512, output: 0, sparsity, ...extra });

  it("bert-base seq 512: 1:4 and 2:8 are 2.5x to 4x faster than 4:4 on the same engine (STA's claim, shape only)", async () => {
    const dense = await bert(nm(4, 4));
    for (const p of [nm(1, 4), nm(2, 8)]) {
      const r = await bert(p);
      const speedup = dense.latency_s / r.latency_s;
      expect(speedup).toBeGreaterThan(2.5);
      expect(speedup).toBeLessThan(4);
    }
  });

  it('4:4 equals the dense path within 1 %', async () => {
    const [a, b] = [await bert(nm(4, 4)), await bert()];
    expect(Math.abs(a.latency_s / b.latency_s - 1)).toBeLessThan(0.01);
    expect(Math.abs(a.energy_j / b.energy_j - 1)).toBeLessThan(0.01);
  });

  it('fewer nonzeros is never slower end to end (property over M = 8)', async () => {
    let prev = Infinity;
    for (const n of [8, 7, 6, 5, 4, 3, 2, 1]) {
      const r = await run({ arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: nm(n, 8) });
      expect(r.latency_s).toBeLessThanOrEqual(prev);
      prev = r.latency_s;
    }
  });

  it('index metadata bytes are read from DDR with the kept weights', async () => {
    // Sequence 128: every weight matrix is streamed once (the row block fits the activation buffer).
    const idx = await bert(nm(2, 8), { input: 128 });
    const mask = await bert(nm(2, 8), { input: 128, set: ['sparsity.encoding=bitmask'] });
    // bert-base layer linears hold 7,077,888 weights; 2:8 keeps 1,769,472 of them.
    const kept = 12 * 1_769_472;
    // Index: 3 bits per kept weight; bitmask: 8 bits per group of 8 = 4 bits per kept weight.
    expect(offchipBytes(mask) - offchipBytes(idx)).toBeCloseTo((kept * (4 - 3)) / 8, -3);
  });

  it('an unsupported pattern is a UserError naming the supported set', async () => {
    await expect(bert(nm(1, 16))).rejects.toThrow(UserError);
    await expect(bert(nm(1, 16))).rejects.toThrow(/supports 1:4, 2:4/);
    await expect(bert(nm(2, 4), { set: ['sparsity.supported=1:8,2:8'] })).rejects.toThrow(/2:4/);
  });

  it('a pattern wider than the PE window is rejected in the spec', async () => {
    await expect(bert(undefined, { set: ['sparsity.supported=1:16'] })).rejects.toThrow(/array.window/);
  });

  it('keeping scores off chip costs DDR traffic and time', async () => {
    const on = await bert(nm(2, 8));
    const off = await bert(nm(2, 8), { set: ['softmax.on_chip=false'] });
    expect(offchipBytes(off)).toBeGreaterThan(offchipBytes(on));
    expect(off.latency_s).toBeGreaterThanOrEqual(on.latency_s);
  });

  it('fast (repeated layers extrapolated) and exact agree', async () => {
    const c = { arch: 'sta', model: 'gpt2', input: 32, output: 8, sparsity: nm(2, 8) };
    const [f, e] = [await run(c), await run({ ...c, exact: true })];
    expect(f.latency_s).toBeCloseTo(e.latency_s, 12);
    expect(f.energy_j).toBeCloseTo(e.energy_j, 9);
  });

  it('per-layer patterns land between the uniform extremes', async () => {
    const file = (await import('../../workloads/sparsity.js')).readSparsityArg('test/fixtures/bert-base-inherited.yaml');
    const mixed = await run({ arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: file });
    const lo = await run({ arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: nm(1, 8) });
    const hi = await run({ arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: nm(6, 8) });
    expect(mixed.latency_s).toBeGreaterThan(lo.latency_s);
    expect(mixed.latency_s).toBeLessThan(hi.latency_s);
  });

  it('a design that does not fit the board is infeasible with the reason', async () => {
    const r = await bert(nm(2, 8), { set: ['array.cols=64'] });
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/DSP/);
  });

  it('generation on STA is bound by DDR bytes: int8 weights and N:M both pay off', async () => {
    const g = (sparsity?: ReturnType<typeof nm>, set: string[] = []) => run({ arch: 'sta', model: 'gpt2', input: 16, output: 16, sparsity, set });
    const per = (r: Awaited<ReturnType<typeof g>>) => r.stages.generation.seconds;
    const dense = await g();
    expect(dense.utilization.ddr).toBeGreaterThan(0.8);
    expect(per(dense) / per(await g(undefined, ['precision.weights=int8']))).toBeGreaterThan(1.5);
    expect(per(dense) / per(await g(nm(2, 4)))).toBeGreaterThan(1.2);
  });

  it('more than one device is refused (a capability the template does not declare), not silently simulated', async () => {
    await expect(run({ arch: 'sta', model: 'bert-base', input: 128, output: 0, devices: 2 })).rejects.toThrow(
      /--devices: 2: the sta template models one device. Fix: use --devices 1/,
    );
  });
});

describe('STA resources', () => {
  it('grow with the supported pattern set', async () => {
    const sets = ['', '2:4', '1:4,2:4', '1:4,2:4,1:8,2:8', '1:4,2:4,3:4,1:8,2:8,3:8,4:8'];
    let prev = -1;
    for (const s of sets) {
      const a = (await loadArch('sta', { set: [`sparsity.supported=${s}`] })).spec as StaArch;
      const r = staResources(a, 'sta', 512);
      expect(r.lut).toBeGreaterThan(prev);
      prev = r.lut;
    }
  });

  it('INT8 packs two multiplies per DSP: the same array needs far fewer DSPs', async () => {
    const fp = staResources((await loadArch('sta')).spec as StaArch, 'sta', 512);
    const i8 = staResources((await loadArch('sta', { set: ['precision.weights=int8', 'precision.activations=int8'] })).spec as StaArch, 'sta', 512);
    const arrayDsp = (r: typeof fp) => r.components.find((c) => c.name.startsWith('PE array'))?.dsp ?? NaN;
    expect(arrayDsp(fp)).toBe(16 * 16 * (2 * 1 + 2 * 2));
    expect(arrayDsp(i8)).toBe(16 * 16 * 2 * 0.5);
  });
});
