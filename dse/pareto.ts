/**
 * Exact non-dominated sets. Points are vectors to minimise (a maximised
 * objective is negated before). p dominates q when p <= q everywhere and
 * p < q somewhere; equal vectors do not dominate each other, so duplicates
 * of a front point are all on the front.
 */
export type Vec = readonly number[];

export function dominates(p: Vec, q: Vec): boolean {
  let strict = false;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > q[i]) return false;
    if (p[i] < q[i]) strict = true;
  }
  return strict;
}

function lexOrder(points: readonly Vec[]): number[] {
  return points
    .map((_, i) => i)
    .sort((a, b) => {
      const p = points[a];
      const q = points[b];
      for (let k = 0; k < p.length; k++) if (p[k] !== q[k]) return p[k] - q[k];
      return a - b;
    });
}

const same = (p: Vec, q: Vec) => p.every((v, i) => v === q[i]);

/** Indices of the non-dominated points, in lexicographic order of their vectors. O(n log n) in 2-D. */
export function nonDominated(points: readonly Vec[]): number[] {
  if (!points.length) return [];
  const order = lexOrder(points);
  const front: number[] = [];
  if (points[0].length === 2) {
    // Sorted by (f1, f2): a point is on the front iff its f2 beats every earlier f2 (or repeats the last front point).
    let best = Infinity;
    for (const i of order) {
      const p = points[i];
      const last = front.length ? points[front[front.length - 1]] : undefined;
      if (p[1] < best || (last && same(p, last))) {
        front.push(i);
        best = Math.min(best, p[1]);
      }
    }
    return front;
  }
  // Any dominator precedes its victim in lexicographic order, and a dominated dominator has a front point dominating both: compare with the front only.
  for (const i of order) if (!front.some((j) => dominates(points[j], points[i]))) front.push(i);
  return front;
}

/** Successive fronts (rank 0, 1, ...) as index lists, for NSGA-II. */
export function frontsByRank(points: readonly Vec[]): number[][] {
  let rest = points.map((_, i) => i);
  const fronts: number[][] = [];
  while (rest.length) {
    const f = nonDominated(rest.map((i) => points[i])).map((k) => rest[k]);
    fronts.push(f);
    const on = new Set(f);
    rest = rest.filter((i) => !on.has(i));
  }
  return fronts;
}
