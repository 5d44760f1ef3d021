/**
 * The terminal summary of a run's fronts: per scenario, the first rows of its
 * front in the order of the first objective, designs that tie on every
 * objective collapsed into one row (their differing parameters listed), and
 * only the parameters that vary along the front. pareto.csv has every row.
 */
import { basename } from 'node:path';
import type { ParetoDoc, ParetoPoint } from '../../dse/fronts.js';
import { table } from './units.js';

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'n/a';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-2 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(4);
}

/** Front points grouped by equal objective vectors, in the front's order. */
function ties(points: readonly ParetoPoint[], objectives: readonly string[]): ParetoPoint[][] {
  const groups = new Map<string, ParetoPoint[]>();
  for (const p of points) {
    const key = JSON.stringify(objectives.map((k) => (p.metrics as Record<string, unknown>)[k]));
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

export function frontTables(doc: ParetoDoc, maxRows = 6): string {
  const out: string[] = [];
  const objKeys = doc.objectives.map((o) => o.metric);
  for (const g of doc.groups) {
    const rows = ties(g.points, objKeys);
    const mix = doc.groups.some((x) => x.mix !== g.mix) ? `, mix ${g.mix}` : '';
    out.push(
      `${basename(g.model)}${mix}: ${g.points.length} of ${g.candidates} designs on the front${rows.length < g.points.length ? ` (${rows.length} distinct)` : ''}, hypervolume ${g.hypervolume.toFixed(3)}`,
    );
    if (!rows.length) continue;
    const varying = Object.keys(g.points[0].params).filter((k) => k !== 'model' && k !== 'mix' && new Set(g.points.map((p) => JSON.stringify(p.params[k]))).size > 1);
    const shown = rows.slice(0, maxRows).map((tied) => {
      const values = (k: string) =>
        [...new Set(tied.map((p) => p.params[k]))]
          .sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))))
          .map(cell)
          .join(', ');
      const m = tied[0].metrics as Record<string, unknown>;
      return [...varying.map(values), ...objKeys.map((k) => cell(m[k]))];
    });
    out.push(table([...varying, ...objKeys.map((k, i) => `${k} (${doc.objectives[i].goal})`)], shown).replace(/^/gm, '  '));
    if (rows.length > maxRows) out.push(`  ... ${rows.length - maxRows} more distinct in pareto.csv`);
    out.push('');
  }
  return out.join('\n');
}
