/**
 * Hypervolume of a set of points to minimise: the volume dominated by the set
 * and bounded by the reference point. Exact: a sweep in 2-D, slicing along
 * the last objective above (fine for the front sizes of a sweep).
 */
import { nonDominated, type Vec } from './pareto.js';

export function hypervolume(points: readonly Vec[], ref: Vec): number {
  const inside = points.filter((p) => p.every((v, i) => v < ref[i]));
  if (!inside.length) return 0;
  const front = nonDominated(inside).map((i) => inside[i]);
  return hv(front, ref, ref.length);
}

function hv(points: readonly Vec[], ref: Vec, dims: number): number {
  if (!points.length) return 0;
  if (dims === 1) return ref[0] - Math.min(...points.map((p) => p[0]));
  if (dims === 2) {
    const s = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let area = 0;
    let y = ref[1];
    for (const p of s) {
      if (p[1] < y) {
        area += (ref[0] - p[0]) * (y - p[1]);
        y = p[1];
      }
    }
    return area;
  }
  const k = dims - 1;
  const s = [...points].sort((a, b) => a[k] - b[k]);
  let vol = 0;
  for (let i = 0; i < s.length; i++) {
    const top = i + 1 < s.length ? s[i + 1][k] : ref[k];
    if (top > s[i][k]) {
      const slice = s.slice(0, i + 1);
      const nd = nonDominated(slice.map((p) => p.slice(0, k))).map((j) => slice[j]);
      vol += (top - s[i][k]) * hv(nd, ref, k);
    }
  }
  return vol;
}

/**
 * Hypervolume on a common scale: each objective mapped to [0, 1] between the
 * given ideal and nadir, reference point 1.1 in every objective, so that the
 * nadir's extreme points still count.
 */
export function normalisedHypervolume(points: readonly Vec[], ideal: Vec, nadir: Vec): number {
  const scale = (p: Vec) => p.map((v, i) => (nadir[i] > ideal[i] ? (v - ideal[i]) / (nadir[i] - ideal[i]) : 0));
  return hypervolume(
    points.map(scale),
    ideal.map(() => 1.1),
  );
}
