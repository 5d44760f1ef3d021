/**
 * Pareto fronts of a run: one per scenario (model x mix), over the space's
 * objectives, with the normalised hypervolume of each. Rows are taken in hash
 * order, so the fronts do not depend on the order designs finished in.
 */
import type { ResultRow } from './evaluate.js';
import { normalisedHypervolume } from './hypervolume.js';
import type { Metrics } from './metrics.js';
import type { Scalar } from './parameters.js';
import { nonDominated, type Vec } from './pareto.js';
import { uniqueRows } from './results-file.js';
import type { Objective } from './space.js';

export interface ParetoPoint {
  hash: string;
  params: Record<string, Scalar>;
  metrics: Metrics;
  /** As the design's results.jsonl row: one `tasim simulate` command per request of its mix. */
  reproduce?: string[];
}

export interface FrontGroup {
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

/** The objective vector to minimise, or undefined when a metric is missing. */
export function toMinVector(metrics: Metrics, objectives: readonly Objective[]): number[] | undefined {
  const v: number[] = [];
  for (const o of objectives) {
    const x = metrics[o.metric as keyof Metrics];
    if (typeof x !== 'number' || !Number.isFinite(x)) return undefined;
    v.push(o.goal === 'max' ? -x : x);
  }
  return v;
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

export function computeFronts(rows: readonly ResultRow[], objectives: readonly Objective[], scenarios: readonly { model: string; mix: string }[]): ParetoDoc {
  const groups: FrontGroup[] = scenarios.map((sc) => {
    const mine = rows.filter((r) => r.params.model === sc.model && r.params.mix === sc.mix);
    const { front, vectors, all } = frontOfRows(mine, objectives);
    const ideal = objectives.map((_, i) => Math.min(...all.map((v) => v[i])));
    const nadir = objectives.map((_, i) => Math.max(...all.map((v) => v[i])));
    const sense = (v: number[]) => v.map((x, i) => (objectives[i].goal === 'max' ? -x : x));
    return {
      model: sc.model,
      mix: sc.mix,
      candidates: all.length,
      best: all.length ? sense(ideal) : [],
      worst: all.length ? sense(nadir) : [],
      hypervolume: all.length ? normalisedHypervolume(vectors, ideal, nadir) : 0,
      points: front.map((r) => ({ hash: r.hash, params: r.params, metrics: r.metrics, ...(r.reproduce ? { reproduce: r.reproduce } : {}) })),
    };
  });
  return { objectives: [...objectives], points: groups.flatMap((g) => g.points), groups };
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
