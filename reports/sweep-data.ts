/** A run's files shaped for the Pareto view: feasible designs column-wise, infeasible ones counted by reason. */
import type { Objective, ParamColumn, ParamValue, SweepView } from './report-doc.js';
import { nonDominated } from './page/pareto-front.js';
import { METRICS } from './page/metric-catalog.js';
import { compactReproduce } from './page/reproduce-text.js';
import type { RunData } from './run-files.js';

/** Without a manifest, a run is read as latency against energy, both minimised. */
export const DEFAULT_OBJECTIVES: Objective[] = [
  { metric: 'latency_s', goal: 'min' },
  { metric: 'energy_j', goal: 'min' },
];

/** Six significant digits: far below any model's accuracy, and a third of the JSON. */
export function compact(x: unknown): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(6));
}

export function runObjectives(run: RunData): Objective[] {
  return run.manifest?.objectives?.length ? run.manifest.objectives : run.pareto?.objectives?.length ? run.pareto.objectives : DEFAULT_OBJECTIVES;
}

export function sweepView(run: RunData): SweepView {
  const feasible = run.results.filter((r) => r.feasible);
  const n = feasible.length;

  const declared = run.manifest?.parameters ?? [];
  const paths = [...declared.map((p) => p.path)];
  for (const r of feasible) for (const k of Object.keys(r.params)) if (!paths.includes(k)) paths.push(k);
  const params: ParamColumn[] = paths.map((path) => {
    const values: ParamValue[] = [...(declared.find((p) => p.path === path)?.values ?? [])];
    const pos = new Map<string, number>(values.map((v, k) => [JSON.stringify(v), k]));
    const index = feasible.map((r) => {
      if (!(path in r.params)) return -1;
      const key = JSON.stringify(r.params[path]);
      let k = pos.get(key);
      if (k === undefined) {
        k = values.length;
        values.push(r.params[path]);
        pos.set(key, k);
      }
      return k;
    });
    return { path, values, index };
  });

  const keys: string[] = [];
  for (const r of feasible) for (const [k, v] of Object.entries(r.metrics)) if (typeof v === 'number' && !keys.includes(k)) keys.push(k);
  // Known metrics first, in the catalogue's order; the rest as they come.
  const known = Object.keys(METRICS);
  keys.sort((a, b) => (known.includes(a) ? known.indexOf(a) : 1e3) - (known.includes(b) ? known.indexOf(b) : 1e3));
  const metrics: Record<string, (number | null)[]> = {};
  for (const k of keys) metrics[k] = feasible.map((r) => compact(r.metrics[k]));

  const objectives = runObjectives(run);
  let front: number[];
  if (run.pareto) {
    const at = new Map(feasible.map((r, i) => [r.hash, i]));
    front = run.pareto.points.map((p) => at.get(p.hash)).filter((i): i is number => i !== undefined);
  } else {
    front = nonDominated(
      feasible.map((r) => objectives.map((o) => (typeof r.metrics[o.metric] === 'number' ? (r.metrics[o.metric] as number) : null))),
      objectives.map((o) => o.goal),
    );
  }

  // Commands cost ~200 bytes per request: every design's while the run is small, the front's beyond.
  const onFront = new Set(front);
  const all = n <= REPRODUCE_ALL;
  const requestsOf = (r: (typeof feasible)[number]) => run.manifest?.mixes?.find((m) => m.name === r.params.mix)?.requests ?? [];
  const reproduce = feasible.some((r) => r.reproduce) ? feasible.map((r, i) => (r.reproduce && (all || onFront.has(i)) ? compactReproduce(r.reproduce, requestsOf(r)) : null)) : undefined;

  const reasons = new Map<string, number>();
  for (const r of run.results) if (!r.feasible) reasons.set(r.reason ?? 'no reason given', (reasons.get(r.reason ?? 'no reason given') ?? 0) + 1);

  return {
    name: run.manifest?.name ?? run.source,
    total: run.results.length,
    hashes: feasible.map((r) => r.hash),
    params,
    metrics,
    objectives,
    front: [...front].sort((a, b) => a - b),
    infeasible: {
      count: run.results.length - n,
      reasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([reason, count]) => ({ reason, count })),
    },
    baselines: run.manifest?.baselines ?? [],
    base: run.manifest?.base,
    requests: run.manifest?.requests ?? [],
    ...(run.manifest?.mixes ? { mixes: run.manifest.mixes } : {}),
    ...(reproduce ? { reproduce } : {}),
  };
}

/** Up to this many feasible designs, the report carries every design's reproduce commands. */
const REPRODUCE_ALL = 20_000;

/** Model and mix of design i ('' where the run does not record them). */
function scenarioKey(view: SweepView, i: number): string {
  const at = (path: string) => {
    const p = view.params.find((q) => q.path === path);
    return p && p.index[i] >= 0 ? String(p.values[p.index[i]]) : '';
  };
  return `${at('model')}\u0000${at('mix')}`;
}

/**
 * The designs worth simulating in detail: the run's front, capped, taking the
 * fastest of every scenario (model x mix) in turn, so that each model's fastest
 * designs have detail however many scenarios share the cap.
 */
export function frontForDetail(view: SweepView, max: number): number[] {
  const lat = view.metrics.latency_s;
  const fastest = [...view.front].sort((a, b) => (lat ? (lat[a] ?? Infinity) - (lat[b] ?? Infinity) : 0) || a - b);
  const queues = new Map<string, number[]>();
  for (const i of fastest) {
    const k = scenarioKey(view, i);
    queues.set(k, [...(queues.get(k) ?? []), i]);
  }
  const out: number[] = [];
  for (let round = 0; out.length < max && out.length < fastest.length; round++) {
    for (const q of queues.values()) if (round < q.length && out.length < max) out.push(q[round]);
  }
  return out;
}
