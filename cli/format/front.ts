/** The terminal table of a run's fronts: one block per scenario, the front sorted by the first objective. */
import { basename } from 'node:path';
import type { ParetoDoc } from '../../dse/fronts.js';
import { table } from './units.js';

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'n/a';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-2 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(4);
}

export function frontTables(doc: ParetoDoc, maxRows = 40): string {
  const out: string[] = [];
  for (const g of doc.groups) {
    out.push(`front for model ${basename(g.model)}, mix ${g.mix}: ${g.points.length} of ${g.candidates} feasible designs, hypervolume ${g.hypervolume.toFixed(4)} (normalised)`);
    if (!g.points.length) continue;
    const paramKeys = Object.keys(g.points[0].params).filter((k) => k !== 'model' && k !== 'mix');
    const objKeys = doc.objectives.map((o) => o.metric);
    const rows = g.points.slice(0, maxRows).map((p) => [p.hash, ...paramKeys.map((k) => cell(p.params[k])), ...objKeys.map((k) => cell((p.metrics as Record<string, unknown>)[k]))]);
    out.push(table(['hash', ...paramKeys, ...objKeys.map((k, i) => `${k} (${doc.objectives[i].goal})`)], rows));
    if (g.points.length > maxRows) out.push(`... ${g.points.length - maxRows} more in pareto.csv`);
    out.push('');
  }
  return out.join('\n');
}
