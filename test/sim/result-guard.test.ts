/** A simulation whose time or energy is non-finite or negative is an invariant failure (exit 4), never a result. */
import { describe, expect, it, vi } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { reportError } from '../../cli/errors.js';
import { guardResult, InvariantError, isInvariantError } from '../../sim/result-guard.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

describe('result guard', () => {
  it('passes real results and refuses non-finite, negative or zero times and energies, naming the design', async () => {
    const arch = await loadArch('dfx', { set: ['clock=250MHz'] });
    const w = buildWorkload(loadModel('gpt2'), { input: 8, output: 4, batch: 1 });
    const r = simulate(arch, w);
    expect(guardResult(r, arch, w)).toBe(r);
    const broken = [
      { ...r, latency_s: Number.NaN },
      { ...r, energy_j: Number.POSITIVE_INFINITY },
      { ...r, latency_s: 0 },
      { ...r, ttft_s: -1 },
      { ...r, stages: { ...r.stages, generation: { seconds: Number.NaN, energy_j: 1 } } },
      { ...r, breakdown: [{ ...r.breakdown[0], energy_j: -1e-9 }] },
    ];
    for (const b of broken) {
      expect(() => guardResult(b, arch, w)).toThrow(InvariantError);
      expect(() => guardResult(b, arch, w)).toThrow(/^result invariant failed: simulate --arch dfx --set clock=250MHz --model gpt2 --input 8 --output 4 --batch 1 gave \S+ = /);
    }
    // An infeasible design carries no metrics (NaN by contract): not a failure.
    expect(guardResult({ ...r, feasible: false, latency_s: Number.NaN }, arch, w).feasible).toBe(false);
  });

  it('is reported on one line with exit code 4, also after crossing a worker thread (where its class is lost)', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const e = new InvariantError('simulate --arch dfx gave latency_s = NaN');
      expect(reportError(e, false)).toBe(4);
      const crossed = new Error(e.message); // what a piscina worker hands back
      expect(isInvariantError(crossed)).toBe(true);
      expect(reportError(crossed, false)).toBe(4);
      const lines = write.mock.calls.map((c) => String(c[0]));
      expect(lines).toHaveLength(2);
      for (const l of lines)
        expect(l).toMatch(
          /^tasim: internal invariant failure: result invariant failed: simulate --arch dfx gave latency_s = NaN \(a bug in tasim: please report this line; --debug prints the stack trace\)\n$/,
        );
    } finally {
      write.mockRestore();
    }
  });
});
