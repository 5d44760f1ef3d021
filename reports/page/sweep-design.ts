/** A sweep design as a DesignView: the simulated detail when the builder attached it, else parameters, metrics and the command that reproduces it. */
import type { ComparisonRow, DesignView, SweepView } from '../report-doc.js';
import { paramValue } from './sweep-filter.js';

export function reproduceCommand(sw: SweepView, i: number): string | undefined {
  if (!sw.base) return undefined;
  const r = sw.requests[0];
  const parts = ['tasim simulate', `--arch ${sw.base.arch}`, `--model ${sw.base.model}`];
  if (r) parts.push(`--input ${r.input}`, `--output ${r.output}`, `--batch ${r.batch}`);
  if (sw.base.devices !== undefined && !sw.params.some((p) => p.path === 'devices')) parts.push(`--devices ${sw.base.devices}`);
  for (const p of sw.params) {
    const v = paramValue(p, i);
    if (v !== null) parts.push(`--set ${p.path}=${String(v).replace(/\s+/g, '')}`);
  }
  return parts.join(' ');
}

export function sweepDesign(sw: SweepView, i: number, details: readonly DesignView[]): DesignView {
  const found = details.find((d) => d.id === sw.hashes[i]);
  if (found) return { ...found, command: found.command ?? reproduceCommand(sw, i) };
  const params: DesignView['params'] = {};
  for (const p of sw.params) {
    const v = paramValue(p, i);
    if (v !== null) params[p.path] = v;
  }
  const metrics: Record<string, number | null> = {};
  for (const [k, col] of Object.entries(sw.metrics)) metrics[k] = col[i];
  const command = reproduceCommand(sw, i);
  return {
    id: sw.hashes[i],
    label: `design ${sw.hashes[i]}`,
    params,
    runs: [],
    metrics,
    command,
    error: command
      ? 'This report carries the full breakdown for (part of) the run’s front only; run the command above with --report for this design.'
      : 'A bare results.jsonl names no base arch or model, so no design could be re-simulated; report the run directory (with its manifest.json) for breakdowns.',
  };
}

export function designComparisonRow(sw: SweepView, i: number, label: string): ComparisonRow {
  const g = (k: string) => sw.metrics[k]?.[i] ?? null;
  return { label, kind: 'accelerator', latency_s: g('latency_s'), ttft_s: g('ttft_s'), tokens_per_s: g('tokens_per_s'), tokens_per_j: g('tokens_per_j') };
}

/** Fastest and most efficient front designs (and the pinned one) against the baselines. */
export function sweepComparison(sw: SweepView, pinned: number | null): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const best = (k: string, goal: 'min' | 'max'): number | undefined => {
    let b: number | undefined;
    for (const i of sw.front) {
      const v = sw.metrics[k]?.[i];
      if (v === null || v === undefined) continue;
      const bv = b === undefined ? undefined : sw.metrics[k][b];
      if (bv === undefined || bv === null || (goal === 'min' ? v < bv : v > bv)) b = i;
    }
    return b;
  };
  const fast = best('latency_s', 'min');
  const eff = best('tokens_per_j', 'max');
  if (fast !== undefined) rows.push(designComparisonRow(sw, fast, `fastest ${sw.hashes[fast]}`));
  if (eff !== undefined && eff !== fast) rows.push(designComparisonRow(sw, eff, `most efficient ${sw.hashes[eff]}`));
  if (pinned !== null && pinned !== fast && pinned !== eff) rows.push(designComparisonRow(sw, pinned, `pinned ${sw.hashes[pinned]}`));
  for (const b of sw.baselines) {
    const g = (k: string) => b.metrics[k] ?? null;
    rows.push({ label: b.label, kind: 'gpu', latency_s: g('latency_s'), ttft_s: g('ttft_s'), tokens_per_s: g('tokens_per_s'), tokens_per_j: g('tokens_per_j') });
  }
  return rows;
}
