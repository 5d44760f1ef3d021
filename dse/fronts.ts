/**
 * Pareto fronts of a run: one per scenario (model x mix), over the space's
 * objectives, with the normalised hypervolume of each. Rows are taken in hash
 * order, so the fronts do not depend on the order designs finished in.
 */
import type { ResultRow } from './evaluate.js';
import { normalisedHypervolume } from './hypervolume.js';
import type { Metrics } from './metrics.js';
import type { Scalar } from './parameters.js';
import { dominates, nonDominated, type Vec } from './pareto.js';
import { uniqueRows } from './results-file.js';
import type { Objective } from './space.js';
import type { Fitness } from './strategies/nsga2.js';
import { fitnessOf, toMinVector, vectorOf } from './objective-vector.js';

export interface ParetoPoint {
  hash: string;
  params: Record<string, Scalar>;
  metrics: Metrics;
  /** As the design's results.jsonl row: one `tasim simulate` command per request of its mix. */
  reproduce?: string[];
}

interface FrontGroup {
  model: string;
  mix: string;
  /** Feasible designs of the scenario with every objective defined. */
  candidates: number;
  /** Per objective, over the candidates, in the objective's own sense. */
  best: number[];
  worst: number[];
  /** Of the front, objectives scaled to [0, 1] between best and worst, reference point 1.1. */
  hypervolume: number;
  points: ParetoPoint[];
}

export interface ParetoDoc {
  objectives: Objective[];
  /** Every group's front, group after group. */
  points: ParetoPoint[];
  groups: FrontGroup[];
}

export function frontOfRows(rows: readonly ResultRow[], objectives: readonly Objective[]): { front: ResultRow[]; vectors: Vec[]; all: Vec[] } {
  const cands: ResultRow[] = [];
  const all: Vec[] = [];
  for (const r of uniqueRows(rows)) {
    if (!r.feasible) continue;
    const v = toMinVector(r.metrics, objectives);
    if (v) {
      cands.push(r);
      all.push(v);
    }
  }
  const idx = nonDominated(all);
  return { front: idx.map((i) => cands[i]), vectors: idx.map((i) => all[i]), all };
}

interface FrontPoint {
  readonly row: ResultRow;
  readonly vec: Vec;
}

/** One scenario's candidates so far: how many, their best and worst per objective, and their front. */
interface Group {
  readonly model: string;
  readonly mix: string;
  count: number;
  readonly ideal: number[];
  readonly nadir: number[];
  front: FrontPoint[];
}

/**
 * Pareto fronts built one row at a time, so that a run of any size needs only
 * its fronts in memory. The front is the exact non-dominated set of the rows
 * added, whatever their order; `doc()` orders it as frontOfRows finds it
 * (by vector, then hash: nonDominated over rows sorted by hash).
 * Callers add each hash once (the first row of a hash counts).
 */
export class FrontBuilder {
  private readonly groups: Group[];
  private readonly byScenario = new Map<string, Group>();

  constructor(
    private readonly objectives: readonly Objective[],
    scenarios: readonly { model: string; mix: string }[],
  ) {
    this.groups = scenarios.map((sc) => ({ model: sc.model, mix: sc.mix, count: 0, ideal: objectives.map(() => Infinity), nadir: objectives.map(() => -Infinity), front: [] }));
    for (const g of this.groups) this.byScenario.set(`${g.model}\u0000${g.mix}`, g);
  }

  /**
   * Add a design of scenario (model, mix) with its fitness (fitnessOf; only
   * an objective vector makes it a candidate); `row` gives its whole row,
   * asked for only when it joins the front.
   */
  add(model: unknown, mix: unknown, fitness: Fitness, row: () => ResultRow): void {
    const vec = vectorOf(fitness);
    if (!vec) return;
    const g = this.byScenario.get(`${String(model)}\u0000${String(mix)}`);
    if (!g) return;
    g.count++;
    for (let i = 0; i < vec.length; i++) {
      if (vec[i] < g.ideal[i]) g.ideal[i] = vec[i];
      if (vec[i] > g.nadir[i]) g.nadir[i] = vec[i];
    }
    for (const p of g.front) if (dominates(p.vec, vec)) return;
    g.front = g.front.filter((p) => !dominates(vec, p.vec));
    g.front.push({ row: row(), vec });
  }

  addRow(row: ResultRow): void {
    this.add(row.params.model, row.params.mix, fitnessOf(row, this.objectives), () => row);
  }

  doc(): ParetoDoc {
    const objectives = this.objectives;
    const sense = (v: readonly number[]) => v.map((x, i) => (objectives[i].goal === 'max' ? -x : x));
    const groups: FrontGroup[] = this.groups.map((g) => {
      // In the order nonDominated gives over rows sorted by hash: by vector, then by hash.
      const front = [...g.front].sort((a, b) => {
        for (let i = 0; i < a.vec.length; i++) if (a.vec[i] !== b.vec[i]) return a.vec[i] - b.vec[i];
        return a.row.hash < b.row.hash ? -1 : a.row.hash > b.row.hash ? 1 : 0;
      });
      const any = g.count > 0;
      return {
        model: g.model,
        mix: g.mix,
        candidates: g.count,
        best: any ? sense(g.ideal) : [],
        worst: any ? sense(g.nadir) : [],
        hypervolume: any
          ? normalisedHypervolume(
              front.map((p) => p.vec),
              g.ideal,
              g.nadir,
            )
          : 0,
        points: front.map(({ row: r }) => ({ hash: r.hash, params: r.params, metrics: r.metrics, ...(r.reproduce ? { reproduce: r.reproduce } : {}) })),
      };
    });
    return { objectives: [...objectives], points: groups.flatMap((g) => g.points), groups };
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** pareto.csv: one row per front point; params then objectives then every other metric. */
export function frontCsv(doc: ParetoDoc): string {
  const paramKeys = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))];
  const objKeys = doc.objectives.map((o) => o.metric);
  const metricKeys = [...new Set(doc.points.flatMap((p) => Object.keys(p.metrics)))].filter((k) => !objKeys.includes(k) && !paramKeys.includes(k));
  const head = ['hash', ...paramKeys, ...objKeys, ...metricKeys];
  const lines = doc.points.map((p) => {
    const m = p.metrics as Record<string, unknown>;
    return [p.hash, ...paramKeys.map((k) => p.params[k]), ...objKeys.map((k) => m[k]), ...metricKeys.map((k) => m[k])].map(csvCell).join(',');
  });
  return `${[head.join(','), ...lines].join('\n')}\n`;
}
