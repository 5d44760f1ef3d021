/** Which designs pass the parameter filters (a set of allowed values per parameter). */
import type { Baseline, ParamColumn } from '../report-doc.js';

/** path -> allowed value indices; a missing entry allows everything. */
export type Filters = Map<string, Set<number>>;

export function visibleDesigns(n: number, params: readonly ParamColumn[], filters: Filters): number[] {
  const active = params.filter((p) => {
    const f = filters.get(p.path);
    return f !== undefined && f.size < p.values.length;
  });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let keep = true;
    for (const p of active) {
      const f = filters.get(p.path) as Set<number>;
      if (!f.has(p.index[i])) {
        keep = false;
        break;
      }
    }
    if (keep) out.push(i);
  }
  return out;
}

export function paramValue(p: ParamColumn, i: number): string | number | boolean | null {
  const k = p.index[i];
  return k < 0 ? null : p.values[k];
}

/** A baseline passes when the filters allow its model and its mix (a run that records neither shows every baseline). */
export function baselinePasses(b: Baseline, params: readonly ParamColumn[], filters: Filters): boolean {
  const allowed = (path: string, v: string | undefined) => {
    const p = params.find((q) => q.path === path);
    const f = filters.get(path);
    if (!p || !f || v === undefined) return true;
    const k = p.values.findIndex((x) => String(x) === v);
    return k >= 0 && f.has(k);
  };
  return allowed('model', b.model) && allowed('mix', b.mix);
}
