import { describe, expect, it } from 'vitest';
import { computeDtype } from '../../sim/sta/params.js';
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
