/**
 * Summaries of a serving run's samples: mean and percentiles, CDFs and time
 * series thinned for reports. Percentiles interpolate between order
 * statistics (d3's quantile, numpy's default, as serving benchmarks report).
 */
import { mean, min, quickselect, quantileSorted } from 'd3-array';

/** Mean and percentiles in seconds; null when there is no sample (e.g. time per output token of one-token answers). */
export interface Stats {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

/** A copy without NaN (samples that do not apply). */
export function present(values: Float64Array): Float64Array {
  const a = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) a[n++] = v;
  }
  return a.subarray(0, n);
}

/**
 * Mean and percentiles without sorting (a run has hundreds of thousands of
 * token gaps; sorting them costs more than the simulation): selection in
 * linear time, each percentile selected within what is above the last,
 * interpolated between order statistics as quantileSorted does. Reorders `a`.
 */
export function statsOf(a: Float64Array): Stats {
  const n = a.length;
  if (!n) return { mean: null, p50: null, p90: null, p99: null };
  // Summed before selection reorders the samples, in their order.
  const m = mean(a) as number;
  let from = 0;
  const q = (p: number): number => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    quickselect(a, k, from);
    from = k;
    if (k + 1 >= n || h === k) return a[k];
    const next = min(a.subarray(k + 1)) as number;
    return a[k] + (h - k) * (next - a[k]);
  };
  const p50 = q(0.5);
  const p90 = q(0.9);
  const p99 = q(0.99);
  return { mean: m, p50, p90, p99 };
}

/** A sorted copy, NaN dropped. */
export function sorted(values: Float64Array): Float64Array {
  return present(values).sort();
}

/** An empirical CDF thinned to at most `points` (value, fraction) pairs, keeping the tail's shape. */
export function cdf(s: Float64Array, points = 200): { x: number[]; p: number[] } {
  const x: number[] = [];
  const p: number[] = [];
  if (!s.length) return { x, p };
  // d3 reads any array-like by index; its typings ask for an Array.
  const values = s as unknown as number[];
  for (let k = 0; k < points; k++) {
    // Denser towards the top, where p99 sits.
    const q = 1 - (1 - k / (points - 1)) ** 2;
    x.push(quantileSorted(values, q) as number);
    p.push(q);
  }
  return { x, p };
}

/** A step function sampled at event times, as time-weighted means and maxima over `bins` equal intervals. */
export function series(t: Float64Array, v: Float64Array, bins = 300): { t_s: number[]; mean: number[]; max: number[] } {
  const out = { t_s: [] as number[], mean: [] as number[], max: [] as number[] };
  if (t.length < 2) return out;
  const t0 = t[0];
  const span = t[t.length - 1] - t0;
  if (!(span > 0)) return out;
  const w = span / bins;
  const area = new Float64Array(bins);
  const max = new Float64Array(bins);
  for (let i = 0; i + 1 < t.length; i++) {
    // v[i] holds from t[i] to t[i + 1].
    let a = t[i];
    const b = t[i + 1];
    while (a < b) {
      const k = Math.min(bins - 1, Math.floor((a - t0) / w));
      const edge = Math.min(b, t0 + (k + 1) * w);
      area[k] += v[i] * (edge - a);
      if (v[i] > max[k]) max[k] = v[i];
      if (edge <= a) break;
      a = edge;
    }
  }
  for (let k = 0; k < bins; k++) {
    out.t_s.push(t0 + (k + 0.5) * w - t0);
    out.mean.push(area[k] / w);
    out.max.push(max[k]);
  }
  return out;
}

/** Time-weighted mean and maximum of a step function over its span. */
export function stepMean(t: Float64Array, v: Float64Array): { mean: number; max: number } {
  let area = 0;
  let max = 0;
  for (let i = 0; i < t.length; i++) {
    if (v[i] > max) max = v[i];
    if (i + 1 < t.length) area += v[i] * (t[i + 1] - t[i]);
  }
  const span = t.length > 1 ? t[t.length - 1] - t[0] : 0;
  return { mean: span > 0 ? area / span : (v[0] ?? 0), max };
}
