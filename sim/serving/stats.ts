/** Summaries of a serving run's samples: mean and percentiles, CDFs and time series thinned for reports. */

/** The q-quantile of ascending samples, interpolating between order statistics (numpy's default, as serving benchmarks report). */
function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[s.length - 1];
}

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

/** Rearrange a[lo..hi] so that a[k] holds the value it would hold sorted, smaller ones before it, larger after (Hoare's selection). */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Mean and percentiles without sorting (a run has hundreds of thousands of
 * token gaps; sorting them costs more than the simulation): selection in
 * linear time, percentiles interpolated as in quantileSorted. Reorders `a`.
 */
export function statsOf(a: Float64Array): Stats {
  const n = a.length;
  if (!n) return { mean: null, p50: null, p90: null, p99: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i];
  let from = 0;
  const q = (p: number): number => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    select(a, k, from, n - 1);
    from = k;
    if (k + 1 >= n || h === k) return a[k];
    let next = a[k + 1];
    for (let i = k + 2; i < n; i++) if (a[i] < next) next = a[i];
    return a[k] + (h - k) * (next - a[k]);
  };
  const p50 = q(0.5);
  const p90 = q(0.9);
  const p99 = q(0.99);
  return { mean: sum / n, p50, p90, p99 };
}

/** A sorted copy, NaN dropped. */
export function sorted(values: Float64Array): Float64Array {
  const a = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) a[n++] = v;
  }
  return a.subarray(0, n).sort();
}

/** An empirical CDF thinned to at most `points` (value, fraction) pairs, keeping the tail's shape. */
export function cdf(s: Float64Array, points = 200): { x: number[]; p: number[] } {
  const x: number[] = [];
  const p: number[] = [];
  if (!s.length) return { x, p };
  for (let k = 0; k < points; k++) {
    // Denser towards the top, where p99 sits.
    const q = 1 - (1 - k / (points - 1)) ** 2;
    x.push(quantileSorted(s, q));
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
