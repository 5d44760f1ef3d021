/** A run's files shaped for the Pareto view: feasible designs column-wise, infeasible ones counted by reason. */
import type { Objective, ParamColumn, ParamValue, RequestSpec, SweepView } from './report-doc.js';
import { nonDominated } from './page/pareto-front.js';
import { METRICS } from './page/metric-catalog.js';
import { compactReproduce } from './page/reproduce-text.js';
import type { ResultLine, RunData } from './run-files.js';

/** Without a manifest, a run is read as latency against energy, both minimised. */
export const DEFAULT_OBJECTIVES: Objective[] = [
  { metric: 'latency_s', goal: 'min' },
  { metric: 'energy_j', goal: 'min' },
];

/** Six significant digits: far below any model's accuracy, and a third of the JSON. */
function compact(x: unknown): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(6));
}

/** A row's raw objective values (null where missing): what the front is computed from when there is no pareto.json. */
function objectiveValues(r: ResultLine, objectives: readonly Objective[]): (number | null)[] {
  return objectives.map((o) => (typeof r.metrics[o.metric] === 'number' ? (r.metrics[o.metric] as number) : null));
}

function runObjectives(run: RunData): Objective[] {
  return run.manifest?.objectives?.length ? run.manifest.objectives : run.pareto?.objectives?.length ? run.pareto.objectives : DEFAULT_OBJECTIVES;
}

/**
 * The Pareto view built one row at a time, so that a run of any size is read
 * line by line: parameters as value indices, metrics column-wise, infeasible
 * rows counted by reason. Rows of the front (`keep`: pareto.json's hashes by
 * default) are kept whole, for detail, with their commands.
 */
export class SweepViewBuilder {
  private n = 0;
  private total = 0;
  private readonly hashes: string[] = [];
  private readonly paths: string[];
  private readonly columns = new Map<string, { values: ParamValue[]; pos: Map<string, number>; index: number[] }>();
  private readonly metricColumns = new Map<string, (number | null)[]>();
  private readonly reasons = new Map<string, number>();
  /** Raw objective values per design, when the front is computed here (no pareto.json). */
  private readonly objectiveRows: (number | null)[][] | undefined;
  private readonly objectives: Objective[];
  private readonly frontHashes: ReadonlySet<string> | undefined;
  /** Feasible index of each front hash (its last row, as a map over all rows gives it). */
  private readonly frontAt = new Map<string, number>();
  /** The first row of each front hash. */
  readonly frontRows = new Map<string, ResultLine>();
  private anyReproduce = false;
  private readonly reproduce: (string | string[] | null)[] = [];

  constructor(
    private readonly run: Omit<RunData, 'results'>,
    keep?: ReadonlySet<string>,
  ) {
    this.paths = (run.manifest?.parameters ?? []).map((p) => p.path);
    for (const p of run.manifest?.parameters ?? []) {
      const values: ParamValue[] = [...p.values];
      this.columns.set(p.path, { values, pos: new Map(values.map((v, k) => [JSON.stringify(v), k])), index: [] });
    }
    this.objectives = runObjectives(run as RunData);
    this.frontHashes = keep ?? (run.pareto ? new Set(run.pareto.points.map((p) => p.hash)) : undefined);
    this.objectiveRows = run.pareto ? undefined : [];
  }

  add(r: ResultLine): void {
    this.total++;
    if (!r.feasible) {
      const why = r.reason ?? 'no reason given';
      this.reasons.set(why, (this.reasons.get(why) ?? 0) + 1);
      return;
    }
    const i = this.n++;
    this.hashes.push(r.hash);
    for (const k of Object.keys(r.params)) {
      if (!this.columns.has(k)) {
        this.paths.push(k);
        this.columns.set(k, { values: [], pos: new Map(), index: new Array<number>(i).fill(-1) });
      }
    }
    for (const [path, c] of this.columns) {
      if (!Object.hasOwn(r.params, path)) {
        c.index.push(-1);
        continue;
      }
      const key = JSON.stringify(r.params[path]);
      let k = c.pos.get(key);
      if (k === undefined) {
        k = c.values.length;
        c.values.push(r.params[path]);
        c.pos.set(key, k);
      }
      c.index.push(k);
    }
    for (const [k, v] of Object.entries(r.metrics)) if (typeof v === 'number' && !this.metricColumns.has(k)) this.metricColumns.set(k, new Array<number | null>(i).fill(null));
    for (const [k, col] of this.metricColumns) col.push(compact(r.metrics[k]));
    this.objectiveRows?.push(objectiveValues(r, this.objectives));
    const onFront = this.frontHashes?.has(r.hash) ?? false;
    if (onFront) {
      this.frontAt.set(r.hash, i);
      if (!this.frontRows.has(r.hash)) this.frontRows.set(r.hash, r);
    }
    if (r.reproduce) this.anyReproduce = true;
    // Every design's commands while the run is small; the front's beyond (the rest are dropped then).
    const keep = r.reproduce && (i < REPRODUCE_ALL || onFront);
    this.reproduce.push(keep ? compactReproduce(r.reproduce as string[], this.requestsOf(r)) : null);
    if (i === REPRODUCE_ALL) for (let j = 0; j < REPRODUCE_ALL; j++) if (!this.frontHashes?.has(this.hashes[j])) this.reproduce[j] = null;
  }

  private requestsOf(r: ResultLine): RequestSpec[] {
    return this.run.manifest?.mixes?.find((m) => m.name === r.params.mix)?.requests ?? [];
  }

  view(): SweepView {
    const run = this.run;
    const n = this.n;
    const params: ParamColumn[] = this.paths.map((path) => {
      const c = this.columns.get(path) as { values: ParamValue[]; index: number[] };
      return { path, values: c.values, index: c.index };
    });
    // Known metrics first, in the catalogue's order; the rest as they came.
    const known = Object.keys(METRICS);
    const keys = [...this.metricColumns.keys()].sort((a, b) => (known.includes(a) ? known.indexOf(a) : 1e3) - (known.includes(b) ? known.indexOf(b) : 1e3));
    const metrics: Record<string, (number | null)[]> = {};
    for (const k of keys) metrics[k] = this.metricColumns.get(k) as (number | null)[];
    const front = run.pareto
      ? run.pareto.points.map((p) => this.frontAt.get(p.hash)).filter((i): i is number => i !== undefined)
      : nonDominated(
          this.objectiveRows ?? [],
          this.objectives.map((o) => o.goal),
        );
    let reproduce: (string | string[] | null)[] | undefined;
    if (this.anyReproduce) {
      reproduce = this.reproduce;
      if (n > REPRODUCE_ALL) {
        // Beyond REPRODUCE_ALL, only the front's own rows (a hash's last row) keep their commands.
        const on = new Set(front);
        for (let i = 0; i < n; i++) if (!on.has(i)) reproduce[i] = null;
      }
    }
    return {
      name: run.manifest?.name ?? run.source,
      total: this.total,
      hashes: this.hashes,
      params,
      metrics,
      objectives: this.objectives,
      front: [...front].sort((a, b) => a - b),
      infeasible: {
        count: this.total - n,
        reasons: [...this.reasons]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 30)
          .map(([reason, count]) => ({ reason, count })),
      },
      baselines: run.manifest?.baselines ?? [],
      base: run.manifest?.base,
      requests: run.manifest?.requests ?? [],
      ...(run.manifest?.mixes ? { mixes: run.manifest.mixes } : {}),
      ...(reproduce ? { reproduce } : {}),
    };
  }
}

export function sweepView(run: RunData): SweepView {
  if (run.view) return run.view;
  const b = new SweepViewBuilder(run, run.pareto ? undefined : computedFrontHashes(run, (add) => run.results.forEach(add)));
  for (const r of run.results) b.add(r);
  return b.view();
}

/** The hashes of the front computed from the rows (a run without pareto.json): `rows(add)` hands every row to `add`. */
export function computedFrontHashes(run: Omit<RunData, 'results'>, rows: (add: (r: ResultLine) => void) => void): Set<string> {
  // Only what the front needs of each feasible row: its hash and objective values.
  const objectives = runObjectives(run as RunData);
  const hashes: string[] = [];
  const values: (number | null)[][] = [];
  rows((r) => {
    if (!r.feasible) return;
    hashes.push(r.hash);
    values.push(objectiveValues(r, objectives));
  });
  return new Set(
    nonDominated(
      values,
      objectives.map((o) => o.goal),
    ).map((i) => hashes[i]),
  );
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
