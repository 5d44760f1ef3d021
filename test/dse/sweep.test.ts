import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateDesign } from '../../dse/design-detail.js';
import { mergeRuns } from '../../dse/merge.js';
import { readResults, uniqueRows } from '../../dse/results-file.js';
import { readManifest } from '../../dse/run-dir.js';
import { sweep, type SweepOptions } from '../../dse/sweep.js';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const tmp = () => mkdtempSync(join(tmpdir(), 'tasim-sweep-'));
const quiet: Partial<SweepOptions> = { progress: null, warn: () => {} };
const pareto = (dir: string) => readFileSync(join(dir, 'pareto.json'), 'utf8');
const rowsOf = (dir: string) => uniqueRows(readResults(join(dir, 'results.jsonl')));

describe('sweep of a small grid', () => {
  let ref: string;
  beforeAll(async () => {
    ref = tmp();
    await sweep(fixture('small.yaml'), { out: ref, workers: 0, ...quiet });
  });

  it('records every design once, infeasible ones with their reason', () => {
    const rows = readResults(join(ref, 'results.jsonl'));
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(40);
    const bad = rows.filter((r) => !r.feasible);
    expect(bad.length).toBeGreaterThan(0);
    for (const r of bad) expect(r.reason).toMatch(/does not fit Alveo U280: DSP/);
    for (const r of rows.filter((x) => x.feasible)) expect(r.metrics.latency_s).toBeGreaterThan(0);
  });

  it('writes a manifest the reports can rely on, with skipped baselines left out', () => {
    const m = readManifest(ref);
    expect(m.base).toMatchObject({ arch: 'dfx', model: 'gpt2' });
    expect(m.requests.map((r) => r.weight)).toEqual([0.75, 0.25]);
    expect(m.parameters.find((p) => p.path === 'clock')).toEqual({ path: 'clock', values: [200, 250], unit: 'MHz' });
    expect(m.objectives).toEqual([
      { metric: 'latency_s', goal: 'min' },
      { metric: 'energy_per_token_j', goal: 'min' },
    ]);
    expect(m.baselines).toEqual([]);
  });

  it('gives the same rows and fronts on 2 worker threads', async () => {
    const out = tmp();
    await sweep(fixture('small.yaml'), { out, workers: 2, ...quiet });
    expect(rowsOf(out)).toEqual(rowsOf(ref));
    expect(pareto(out)).toBe(pareto(ref));
  });

  it('resumes a run cut mid-line: no design lost, none duplicated', async () => {
    const out = tmp();
    await sweep(fixture('small.yaml'), { out, workers: 0, ...quiet });
    const file = join(out, 'results.jsonl');
    const text = readFileSync(file, 'utf8');
    const cut = text.split('\n').slice(0, 13).join('\n').length + 25; // 13 whole lines and a torn one
    truncateSync(file, cut);
    const s = await sweep(fixture('small.yaml'), { out, workers: 0, resume: true, ...quiet });
    expect(s.skipped).toBe(13);
    expect(s.evaluated).toBe(27);
    const rows = readResults(file);
    expect(rows).toHaveLength(40);
    expect(uniqueRows(rows)).toEqual(rowsOf(ref));
    expect(pareto(out)).toBe(pareto(ref));
  });

  it('refuses to overwrite a run or to resume with another space', async () => {
    await expect(sweep(fixture('small.yaml'), { out: ref, workers: 0, ...quiet })).rejects.toThrow(/already holds a sweep.*--resume/);
    await expect(sweep(fixture('medium.yaml'), { out: ref, workers: 0, resume: true, ...quiet })).rejects.toThrow(/different space file/);
  });

  it('splits into shards whose merge equals the single run', async () => {
    const parts = [1, 2, 3].map(() => tmp());
    let planned = 0;
    for (const [i, out] of parts.entries()) planned += (await sweep(fixture('small.yaml'), { out, workers: 0, shard: { index: i + 1, count: 3 }, ...quiet })).planned;
    expect(planned).toBe(40);
    const merged = tmp();
    mergeRuns(parts, merged, 'test');
    expect(rowsOf(merged)).toEqual(rowsOf(ref));
    expect(pareto(merged)).toBe(pareto(ref));
  });

  it('re-simulates a front design in detail with the metrics of its row', async () => {
    const front = JSON.parse(pareto(ref)) as { points: { hash: string; params: Record<string, number | string>; metrics: { latency_s: number } }[] };
    const p = front.points[0];
    const results = await simulateDesign(ref, p.params);
    expect(results).toHaveLength(2);
    expect(results[0].detail?.ops.length).toBeGreaterThan(0);
    expect(results[0].overrides).toContain('clock=250 MHz');
    const lat = 0.75 * results[0].latency_s + 0.25 * results[1].latency_s;
    expect(lat).toBeCloseTo(p.metrics.latency_s, 12);
  });
});

describe('models from files', () => {
  it('are recorded as the space names them, loaded relative to it, and re-simulated from the manifest', async () => {
    const d = tmp();
    copyFileSync(join(__dirname, '..', '..', 'workloads', 'presets', 'gpt2.json'), join(d, 'my-model.json'));
    writeFileSync(join(d, 'space.yaml'), readFileSync(fixture('small.yaml'), 'utf8').replace('model: gpt2', 'model: my-model.json'));
    const out = tmp();
    const s = await sweep(join(d, 'space.yaml'), { out, workers: 0, ...quiet });
    const p = s.pareto.points[0];
    expect(p.params.model).toBe('my-model.json');
    const [first] = await simulateDesign(out, p.params);
    expect(first.model).toBe(join(d, 'my-model.json'));
  });
});

describe('sweep strategies', () => {
  it('LHS over two mixes (one a trace): a front per mix, the same for a seed', async () => {
    const a = tmp();
    const b = tmp();
    const s = await sweep(fixture('mixes.yaml'), { out: a, workers: 0, ...quiet });
    await sweep(fixture('mixes.yaml'), { out: b, workers: 0, ...quiet });
    expect(s.pareto.groups.map((g) => g.mix)).toEqual(['chat', 'traced']);
    expect(rowsOf(a)).toEqual(rowsOf(b));
    const c = tmp();
    await sweep(fixture('mixes.yaml'), { out: c, workers: 0, seed: 11, ...quiet });
    expect(readManifest(c).strategy).toMatchObject({ kind: 'lhs', seed: 11 });
  });

  it('refuses --seed for a grid, which has no randomness to seed', async () => {
    await expect(sweep(fixture('small.yaml'), { out: tmp(), workers: 0, seed: 7, ...quiet })).rejects.toThrow(
      /--seed: 7: .*small\.yaml is a grid\. Fix: a grid has no randomness; use random\/lhs\/nsga2 or drop --seed/,
    );
  });

  it('NSGA-II through the sweep: seeded, identical on 0 and 2 workers, refuses shards', async () => {
    const text = readFileSync(fixture('small.yaml'), 'utf8').replace('strategy: { kind: grid }', 'strategy: { kind: nsga2, population: 6, evaluations: 14, seed: 5 }');
    const file = join(tmp(), 'nsga.yaml');
    writeFileSync(file, text);
    const a = tmp();
    const b = tmp();
    const s = await sweep(file, { out: a, workers: 0, ...quiet });
    await sweep(file, { out: b, workers: 2, ...quiet });
    expect(s.evaluated).toBeLessThanOrEqual(14);
    expect(rowsOf(a)).toEqual(rowsOf(b));
    expect(pareto(a)).toBe(pareto(b));
    const again = await sweep(file, { out: a, workers: 0, resume: true, ...quiet });
    expect(again.evaluated).toBe(0);
    await expect(sweep(file, { out: tmp(), workers: 0, shard: { index: 1, count: 2 }, ...quiet })).rejects.toThrow(/cannot be split/);
  });
});

describe('run directory lock', () => {
  it('refuses a second sweep while one holds the directory, and takes over a dead one', async () => {
    const { lockRun } = await import('../../dse/run-lock.js');
    const { hostname } = await import('node:os');
    const out = tmp();
    const unlock = lockRun(out);
    expect(() => lockRun(out)).not.toThrow(); // the same process may re-enter
    unlock();
    writeFileSync(join(out, '.lock'), `${hostname()} ${process.ppid}`); // a live process on this host
    await expect(sweep(fixture('small.yaml'), { out, workers: 0, ...quiet })).rejects.toThrow(/another sweep .* is writing to this run/);
    writeFileSync(join(out, '.lock'), `${hostname()} 999999999`); // gone
    const s = await sweep(fixture('small.yaml'), { out, workers: 0, ...quiet });
    expect(s.evaluated).toBe(40);
  });
});
