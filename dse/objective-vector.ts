/** A design's objectives as one vector to minimise (a maximised metric negated). */
import type { Metrics } from './metrics.js';
import type { Objective } from './space.js';

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
