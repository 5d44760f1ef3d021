import { describe, expect, it } from 'vitest';
import { UserError } from '../../arch/user-error.js';
import { readSparsityArg } from '../../workloads/sparsity.js';
import { nm, offchipBytes, run } from './nm-helpers.js';

const xl = (extra: Partial<Parameters<typeof run>[0]> = {}) => run({ arch: 'dfx-nm', devices: 4, model: 'gpt2-xl-dfx', input: 64, output: 64, ...extra });
const small = (extra: Partial<Parameters<typeof run>[0]> = {}) => run({ arch: 'dfx-nm', model: 'gpt2', input: 16, output: 16, ...extra });

describe('N:M weights on the DFX template', () => {
  it("batch-1 generation: 2:4 weights give 1.1x to 2x per generated token (STA's argument, shape only)", async () => {
    const [dense, sparse] = [await xl(), await xl({ sparsity: nm(2, 4) })];
    const perToken = (r: typeof dense) => r.stages.generation.seconds / 63;
    const speedup = perToken(dense) / perToken(sparse);
    expect(speedup).toBeGreaterThan(1.1);
    expect(speedup).toBeLessThan(2);
  });

  it('the dense preset is unchanged by the N:M support (4:4 and no pattern agree within 1 %)', async () => {
    const [a, b] = [await small(), await small({ sparsity: nm(4, 4) })];
    expect(Math.abs(a.latency_s / b.latency_s - 1)).toBeLessThan(0.01);
    const plain = await run({ arch: 'dfx', model: 'gpt2', input: 16, output: 16 });
    expect(plain.latency_s).toBe(a.latency_s);
  });

  it('fewer nonzeros is never slower', async () => {
    let prev = Infinity;
    for (const p of [nm(4, 8), nm(2, 8), nm(1, 8)]) {
      const r = await small({ sparsity: p });
      expect(r.latency_s).toBeLessThanOrEqual(prev);
      prev = r.latency_s;
    }
  });

  it('per-layer plans: fast (runs of identical layers) and exact agree', async () => {
    const sparsity = readSparsityArg('test/fixtures/gpt2-m4-plan.yaml');
    const [f, e] = [await small({ sparsity }), await small({ sparsity, exact: true })];
    expect(f.latency_s).toBe(e.latency_s);
    // Memoised passes share event counts across nearby contexts (as for dense DFX): energy agrees to 1e-6.
    expect(Math.abs(f.energy_j / e.energy_j - 1)).toBeLessThan(1e-6);
    expect(f.latency_s).toBeLessThan((await small()).latency_s);
  });

  it('HBM bytes: kept weights plus index metadata', async () => {
    const [dense, sparse, mask] = [await small(), await small({ sparsity: nm(2, 4) }), await small({ sparsity: nm(2, 4), set: ['sparsity.encoding=bitmask'] })];
    const d = offchipBytes(dense);
    const s = offchipBytes(sparse);
    // 2:4 halves the weight stream and adds 2 index bits per kept 16-bit weight (1/8 of it).
    expect(s).toBeLessThan(d);
    expect(s).toBeGreaterThan(d * 0.5);
    // A 4-bit bitmask per group of 4 costs the same as two 2-bit indices.
    expect(offchipBytes(mask)).toBeCloseTo(s, -2);
  });

  it('HBM holds the kept weights: 2:4 stores fewer weight bytes than dense, by the rule STA uses', async () => {
    const [dense, sparse] = [await small(), await small({ sparsity: nm(2, 4) })];
    const sta = await run({ arch: 'sta', model: 'gpt2', input: 16, output: 16, sparsity: nm(2, 4) });
    // GPT-2's layers hold 12 x 7 077 888 linear weights in FP16; 2:4 keeps half of them.
    expect(dense.weight_bytes - sparse.weight_bytes).toBe((12 * 7077888 * 2) / 2);
    expect(sparse.weight_bytes).toBe(sta.weight_bytes);
  });

  it('selection logic costs LUTs; the published dense design has none', async () => {
    const dense = await run({ arch: 'dfx', model: 'gpt2', input: 16, output: 16 });
    const nmr = await small();
    expect(nmr.resources?.lut ?? 0).toBeGreaterThan(dense.resources?.lut ?? Infinity);
    expect(nmr.resources?.dsp).toBe(dense.resources?.dsp);
  });

  it('resource use grows with the supported pattern set', async () => {
    let prev = -1;
    for (const s of ['', '2:4', '1:4,2:4', '1:4,2:4,2:8']) {
      const r = await small({ set: [`sparsity.supported=${s}`] });
      expect(r.resources?.lut ?? NaN).toBeGreaterThan(prev);
      prev = r.resources?.lut ?? NaN;
    }
  });

  it('the published dense DFX rejects N:M weights with a fix', async () => {
    await expect(run({ arch: 'dfx', model: 'gpt2', input: 16, output: 16, sparsity: nm(2, 4) })).rejects.toThrow(UserError);
    await expect(run({ arch: 'dfx', model: 'gpt2', input: 16, output: 16, sparsity: nm(2, 4) })).rejects.toThrow(/dfx-nm/);
    await expect(small({ sparsity: nm(3, 8) })).rejects.toThrow(/supports 1:4, 2:4/);
  });
});

describe('precision on the DFX template (W8A16)', () => {
  it('int8 weights halve the HBM weight stream and keep the FP16 datapath', async () => {
    const [fp, w8] = [await small(), await small({ set: ['precision.weights=int8'] })];
    expect(offchipBytes(w8)).toBeLessThan(0.6 * offchipBytes(fp));
    expect(w8.resources?.dsp).toBe(fp.resources?.dsp);
    // The MPU, not HBM, bounds this DFX model: halving the bytes leaves the time.
    expect(w8.latency_s).toBeLessThanOrEqual(fp.latency_s);
    expect(w8.energy_j).toBeLessThan(fp.energy_j);
  });
});
