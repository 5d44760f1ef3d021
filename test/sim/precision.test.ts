import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { UserError } from '../../arch/user-error.js';
import { simulate } from '../../sim/simulate.js';
import { computeDtype } from '../../sim/sta/params.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { readWeightPrecisionFile, weightPrecisionFrom } from '../../workloads/precision-plan.js';
import { layerSegments, stepOps } from '../../workloads/trace.js';
import { nm, offchipBytes, run } from './nm-helpers.js';

describe('precision rules', () => {
  it('the multiplier precision: float if either operand is float, else the wider integer', () => {
    expect(computeDtype('int8', 'fp16')).toBe('fp16');
    expect(computeDtype('int4', 'int8')).toBe('int8');
    expect(computeDtype('int4', 'int4')).toBe('int4');
  });

  it('STA in int8: same cycles on the same array, fewer bytes, less energy, fewer DSPs', async () => {
    const base = { arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: nm(2, 8) };
    const fp = await run(base);
    const i8 = await run({ ...base, set: ['precision.weights=int8', 'precision.activations=int8'] });
    expect(offchipBytes(i8)).toBeLessThan(0.6 * offchipBytes(fp));
    expect(i8.energy_j).toBeLessThan(fp.energy_j);
    expect(i8.resources?.dsp ?? Infinity).toBeLessThan(0.5 * (fp.resources?.dsp ?? 0));
    expect(i8.latency_s).toBeLessThanOrEqual(fp.latency_s);
  });

  it('the DSPs int8 frees buy a wider array that fits and runs faster', async () => {
    const base = { arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: nm(2, 8) };
    const fpWide = await run({ ...base, set: ['array.cols=32'] });
    const i8Wide = await run({ ...base, set: ['array.cols=32', 'precision.weights=int8', 'precision.activations=int8'] });
    expect(fpWide.feasible).toBe(false);
    expect(i8Wide.feasible).toBe(true);
    expect(i8Wide.latency_s).toBeLessThan((await run(base)).latency_s);
  });

  it('an unsupported precision is a spec error naming the field', async () => {
    await expect(run({ arch: 'sta', model: 'bert-base', input: 128, output: 0, set: ['precision.weights=bf16'] })).rejects.toThrow(/precision.weights/);
  });
});

describe('per-layer weight precision', () => {
  const plan = () => readWeightPrecisionFile('test/fixtures/bert-base-w-int8-int4.yaml');

  it('sets the weight dtype and bytes of the covered linear ops only', () => {
    const w = buildWorkload(loadModel('bert-base'), { input: 128, output: 0, batch: 1 }, { weightPrecision: plan(), sparsity: nm(2, 4) });
    const segs = layerSegments(stepOps(w, 'summarization', 128, 0, false));
    expect(segs.map((g) => g.count)).toEqual([2, 8, 2]);
    const ffn = (i: number) => segs[i].layer.find((o) => o.name === 'ffn_1');
    expect(ffn(0)?.weightDtype).toBe('int8');
    expect(ffn(1)?.weightDtype).toBe('int4');
    // 768 x 3072 at 2:4 keeps half the weights: int4 = half a byte each, plus the fp16 bias.
    expect(ffn(1)?.weightBytes).toBe(384 * 3072 * 0.5 + 3072 * 2);
    expect(segs[1].layer.find((o) => o.name === 'attn_scores')?.weightDtype).toBeUndefined();
  });

  it('narrower layers stream fewer bytes on STA and DFX; wider than the design is an error', async () => {
    const weightPrecision = plan();
    for (const [arch, set] of [
      ['sta', ['precision.weights=int8']],
      ['dfx', []],
    ] as const) {
      const a = await loadArch(arch, { set: [...set] });
      const mk = (wp?: typeof weightPrecision) => buildWorkload(loadModel('gpt2'), { input: 16, output: 16, batch: 1 }, { weightPrecision: wp });
      const base = simulate(a, mk(), { detail: true });
      const mixed = simulate(a, mk(weightPrecision), { detail: true });
      expect(offchipBytes(mixed)).toBeLessThan(offchipBytes(base));
      expect(mixed.latency_s).toBeLessThanOrEqual(base.latency_s);
    }
    const narrow = await loadArch('sta', { set: ['precision.weights=int4'] });
    expect(() => simulate(narrow, buildWorkload(loadModel('gpt2'), { input: 16, output: 16, batch: 1 }, { weightPrecision }))).toThrow(UserError);
  });

  it('rejects an unknown dtype with the field named', () => {
    expect(() => weightPrecisionFrom({ layers: { 0: 'int2' } }, 'p.yaml')).toThrow(/p.yaml: layers.0/);
  });
});
