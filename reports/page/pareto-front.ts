/**
 * Exact non-dominated filter, shared by the report builders (k objectives)
 * and the page (the two plotted metrics). Pure: no DOM, no imports.
 */
export type FrontGoal = 'min' | 'max';

/**
 * Indices of rows that no other row dominates. Rows with a missing or
 * non-finite objective are never on the front. Sorting lexicographically
 * means a row can only be dominated by rows before it, and if it is, then by
 * one already on the front, so each row is checked against the front only.
 */
export function nonDominated(rows: readonly (readonly (number | null)[])[], goals: readonly FrontGoal[]): number[] {
  const k = goals.length;
  const keyed: { i: number; v: number[] }[] = [];
  rows.forEach((r, i) => {
    const v: number[] = [];
    for (let j = 0; j < k; j++) {
      const x = r[j];
      if (x === null || x === undefined || !Number.isFinite(x)) return;
      v.push(goals[j] === 'max' ? -x : x);
    }
    keyed.push({ i, v });
  });
  keyed.sort((a, b) => {
    for (let j = 0; j < k; j++) if (a.v[j] !== b.v[j]) return a.v[j] - b.v[j];
    return a.i - b.i;
  });
  const front: { i: number; v: number[] }[] = [];
  for (const p of keyed) {
    if (!front.some((q) => dominates(q.v, p.v))) front.push(p);
  }
  return front.map((p) => p.i).sort((a, b) => a - b);
}

/** a dominates b (both minimised): no worse everywhere, better somewhere. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j] > b[j]) return false;
    if (a[j] < b[j]) better = true;
  }
  return better;
}
