import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { configView } from '../../reports/config-view.js';
import { readResults } from '../../dse/results-file.js';
import type { ResultLine, RunData } from '../../reports/run-files.js';
import { DEFAULT_OBJECTIVES, sweepView } from '../../reports/sweep-data.js';
import type { FixtureRun } from '../bench/dfx-sweep-fixture.js';
import { dfxRun } from './fixture.js';

let fx: FixtureRun;
let run: RunData;

beforeAll(async () => {
  fx = await dfxRun();
  run = { source: fx.dir, manifest: fx.manifest, results: readResults(join(fx.dir, 'results.jsonl')) as ResultLine[], pareto: fx.pareto };
});

describe('sweepView', () => {
  it('keeps every feasible design, column-wise, with its parameters and metrics', () => {
    const v = sweepView(run);
    const feasible = fx.results.filter((r) => r.feasible);
    expect(v.total).toBe(fx.results.length);
    expect(v.hashes).toEqual(feasible.map((r) => r.hash));
    feasible.forEach((r, i) => {
      for (const p of v.params) expect(p.values[p.index[i]]).toEqual(r.params[p.path]);
      for (const [k, col] of Object.entries(v.metrics)) {
        const want = r.metrics[k];
        if (want === null || !Number.isFinite(want)) expect(col[i]).toBeNull();
        else expect(col[i] as number).toBeCloseTo(want, 5 - Math.ceil(Math.log10(Math.abs(want) || 1)));
      }
    });
  });

  it('counts infeasible designs by reason', () => {
    const v = sweepView(run);
    const infeasible = fx.results.filter((r) => !r.feasible);
    expect(infeasible.length).toBeGreaterThan(0);
    expect(v.infeasible.count).toBe(infeasible.length);
    expect(v.infeasible.reasons.reduce((a, r) => a + r.count, 0)).toBe(infeasible.length);
  });

  it('takes the front from pareto.json, and computes the same one from a bare results.jsonl', () => {
    const withPareto = sweepView(run);
    expect(withPareto.front.map((i) => withPareto.hashes[i]).sort()).toEqual(fx.pareto.points.map((p) => p.hash).sort());
    const bare = sweepView({ source: 'results.jsonl', results: run.results });
    expect(bare.objectives).toEqual(DEFAULT_OBJECTIVES);
    expect(bare.front.map((i) => bare.hashes[i]).sort()).toEqual(fx.pareto.points.map((p) => p.hash).sort());
    expect(bare.baselines).toEqual([]);
  });
});

describe('configView', () => {
  it('lists every spec leaf with the provenance the preset declared, and --set as user', async () => {
    const arch = await loadArch('dfx', { set: ['clock=250MHz'] });
    const c = configView(arch);
    const byPath = new Map(c.entries.map((e) => [e.path, e]));
    expect(byPath.get('clock')).toMatchObject({ value: '250,000,000', kind: 'user' });
    expect(byPath.get('mpu.lanes')).toMatchObject({ value: '16', kind: 'source' });
    expect(byPath.get('router.hop_latency')?.kind).toBe('fitted');
    expect(c.entries.filter((e) => e.kind !== null).length).toBe(Object.keys(arch.provenance).length);
  });
});
