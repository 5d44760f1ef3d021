/** A design's objectives as one vector to minimise (a maximised metric negated), and its fitness in a search. */
import type { Metrics } from './metrics.js';
import type { Vec } from './pareto.js';
import type { Objective } from './space.js';
import type { Fitness } from './strategies/nsga2.js';

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

/** How far an infeasible design is from fitting, for NSGA-II's constraint handling. */
function violationOf(row: { readonly metrics: Metrics }): number {
  const m = row.metrics;
  const over = Math.max(m.dsp_util ?? 0, m.lut_util ?? 0, m.bram_util ?? 0, m.uram_util ?? 0) - 1;
  return over > 0 ? over : 1;
}

/**
 * What a row competes with: its objective vector when it is feasible with
 * every objective defined; otherwise how far it is from fitting (0 for a
 * feasible row that lacks an objective). The fronts take the vector, NSGA-II
 * the whole fitness; a row read back on resume gets the fitness it had.
 */
export function fitnessOf(row: { readonly feasible: boolean; readonly metrics: Metrics }, objectives: readonly Objective[]): Fitness {
  const v = row.feasible ? toMinVector(row.metrics, objectives) : undefined;
  return v ? { objectives: v } : { violation: row.feasible ? 0 : violationOf(row) };
}

/** The vector of a fitness, or undefined when the design does not compete. */
export function vectorOf(f: Fitness): Vec | undefined {
  return 'objectives' in f ? f.objectives : undefined;
}
