/**
 * Accelerator designs against GPU baselines on one model and request mix: one
 * small log bar chart per metric, a table, and the ratios. A decoder is
 * measured in tokens, an encoder (no output tokens) in inferences. An
 * infeasible system has a row with its reason and no bar.
 */
import type { ComparisonRow, ComparisonView } from '../report-doc.js';
import { el, escapeHtml, panel } from './dom.js';
import { hbarChart } from './hbar-chart.js';
import { axisLabel, fmtMetric, metricInfo } from './metric-catalog.js';
import { ACCELERATOR_COLOR, GPU_COLOR } from './palette.js';

type Key = 'latency_s' | 'ttft_s' | 'tokens_per_s' | 'tokens_per_j' | 'inferences_per_s' | 'energy_per_inference_j';
const DECODER: readonly Key[] = ['latency_s', 'ttft_s', 'tokens_per_s', 'tokens_per_j'];
const ENCODER: readonly Key[] = ['latency_s', 'inferences_per_s', 'energy_per_inference_j'];

const value = (r: ComparisonRow, k: Key): number | null => r[k] ?? null;
const positive = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;

function comparisonKeys(rows: readonly ComparisonRow[]): readonly Key[] {
  return rows.some((r) => positive(value(r, 'tokens_per_s'))) ? DECODER : ENCODER;
}

export function renderComparison(root: HTMLElement, c: ComparisonView): void {
  const keys = comparisonKeys(c.rows);
  root.append(el('p', { class: 'lead', id: 'comparison-title', text: c.title }));
  const grid = el('div', { class: 'grid2' });
  root.append(grid);
  const models = [...new Set(c.rows.map((r) => r.model).filter((m) => m !== undefined))];
  const on = models.length === 1 ? ` on ${models[0]}` : '';
  for (const k of keys) {
    const info = metricInfo(k);
    const p = panel(`${info.label}${on} (${info.goal === 'min' ? 'lower' : 'higher'} is better)`);
    grid.append(p.root);
    // Log axes: only positive values have a bar.
    const rows = c.rows.filter((r) => positive(value(r, k)));
    if (!rows.length) {
      p.body.append(el('p', { class: 'hint', text: 'no system reports this metric' }));
      continue;
    }
    hbarChart(
      p.body,
      rows.map((r) => ({
        label: on && r.short ? r.short : r.label,
        segments: [{ value: (value(r, k) as number) * info.factor, color: r.kind === 'gpu' ? GPU_COLOR : ACCELERATOR_COLOR, tip: tipFor(r, keys) }],
        note: fmtMetric(k, value(r, k)),
      })),
      {
        axis: `${axisLabel(k)}, log scale`,
        width: 600,
        log: true,
        legend: [
          { key: 'accelerator', color: ACCELERATOR_COLOR },
          { key: 'GPU baseline', color: GPU_COLOR },
        ],
      },
    );
  }
  const t = el(
    'table',
    { class: 'data', id: 'comparison-table' },
    el(
      'tr',
      {},
      el('th', { text: 'system' }),
      el('th', { text: 'kind' }),
      el('th', { text: 'model' }),
      el('th', { text: 'stack' }),
      ...keys.map((k) => el('th', { text: metricInfo(k).label })),
    ),
  );
  for (const r of c.rows) {
    const tr = el(
      'tr',
      { 'data-kind': r.kind, 'data-model': r.model ?? '' },
      el('td', { class: 'system', text: r.label }),
      el('td', { text: r.kind }),
      el('td', { class: 'nowrap', text: r.model ?? '-' }),
      el('td', { class: 'nowrap', text: r.stack ?? '-' }),
    );
    if (r.reason !== undefined) {
      tr.classList.add('out');
      tr.append(el('td', { colspan: String(keys.length), text: `infeasible: ${r.reason}` }));
    } else tr.append(...keys.map((k) => el('td', { class: 'num', text: fmtMetric(k, value(r, k)) })));
    t.append(tr);
  }
  root.append(el('div', { class: 'table-scroll' }, t));
  for (const r of c.rows.filter((x) => x.reason !== undefined)) root.append(el('p', { class: 'warn infeasible-system', text: `${r.label} cannot run this: ${r.reason}` }));
  for (const n of ratioNotes(c.rows, keys)) root.append(el('p', { class: 'ratio-note', text: n }));
}

/** "X is 5.33x faster than Y and 5.70x more energy-efficient", for each accelerator against each feasible GPU. */
function ratioNotes(rows: readonly ComparisonRow[], keys: readonly Key[]): string[] {
  const notes: string[] = [];
  const eff: Key = keys === DECODER ? 'tokens_per_j' : 'energy_per_inference_j';
  // Efficiency ratio > 1 favours the accelerator: more tokens per joule, or fewer joules per inference.
  const effRatio = (a: number, g: number) => (eff === 'tokens_per_j' ? a / g : g / a);
  const times = (x: number, more: string, less: string) => (x >= 1 ? `${x.toFixed(2)}x ${more}` : `${(1 / x).toFixed(2)}x ${less}`);
  for (const a of rows.filter((r) => r.kind === 'accelerator' && positive(r.latency_s))) {
    for (const g of rows.filter((r) => r.kind === 'gpu' && r.reason === undefined && positive(r.latency_s))) {
      const speed = (g.latency_s as number) / (a.latency_s as number);
      const ae = value(a, eff);
      const ge = value(g, eff);
      const energy = positive(ae) && positive(ge) ? ` and ${times(effRatio(ae, ge), 'more energy-efficient', 'less energy-efficient')}` : '';
      notes.push(`${a.label} is ${times(speed, 'faster', 'slower')} than ${g.label}${energy}.`);
    }
  }
  return notes;
}

function tipFor(r: ComparisonRow, keys: readonly Key[]): string {
  return `<b>${escapeHtml(r.label)}</b> (${r.kind})<table>${keys.map((k) => `<tr><td>${escapeHtml(metricInfo(k).label)}</td><td>${escapeHtml(fmtMetric(k, value(r, k)))}</td></tr>`).join('')}</table>`;
}
