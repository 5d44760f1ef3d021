/** Accelerator designs against GPU baselines: one small bar chart per metric. */
import type { ComparisonRow, ComparisonView } from '../report-doc.js';
import { el, escapeHtml, panel } from './dom.js';
import { hbarChart } from './hbar-chart.js';
import { axisLabel, fmtMetric, metricInfo } from './metric-catalog.js';
import { ACCELERATOR_COLOR, GPU_COLOR } from './palette.js';

const KEYS = ['latency_s', 'ttft_s', 'tokens_per_s', 'tokens_per_j'] as const;

export function renderComparison(root: HTMLElement, c: ComparisonView): void {
  root.append(el('p', { class: 'lead', text: c.title }));
  const grid = el('div', { class: 'grid2' });
  root.append(grid);
  for (const k of KEYS) {
    const p = panel(`${metricInfo(k).label} (${metricInfo(k).goal === 'min' ? 'lower' : 'higher'} is better)`);
    grid.append(p.root);
    const rows = c.rows.filter((r) => r[k] !== null && Number.isFinite(r[k] as number));
    if (!rows.length) {
      p.body.append(el('p', { class: 'hint', text: 'no system reports this metric' }));
      continue;
    }
    const f = metricInfo(k).factor;
    hbarChart(
      p.body,
      rows.map((r) => ({
        label: r.label,
        segments: [{ value: (r[k] as number) * f, color: r.kind === 'gpu' ? GPU_COLOR : ACCELERATOR_COLOR, tip: tipFor(r) }],
        note: fmtMetric(k, r[k]),
      })),
      { axis: `${axisLabel(k)}, log scale`, width: 600, log: true, legend: [{ key: 'accelerator', color: ACCELERATOR_COLOR }, { key: 'GPU baseline', color: GPU_COLOR }] },
    );
  }
  const t = el('table', { class: 'data', id: 'comparison-table' }, el('tr', {}, el('th', { text: 'system' }), el('th', { text: 'kind' }), ...KEYS.map((k) => el('th', { text: metricInfo(k).label }))));
  for (const r of c.rows) t.append(el('tr', {}, el('td', { text: r.label }), el('td', { text: r.kind }), ...KEYS.map((k) => el('td', { class: 'num', text: fmtMetric(k, r[k]) }))));
  const acc = c.rows.find((r) => r.kind === 'accelerator');
  const notes: string[] = [];
  if (acc && acc.latency_s) for (const g of c.rows.filter((r) => r.kind === 'gpu' && r.latency_s)) notes.push(`${acc.label} is ${((g.latency_s as number) / acc.latency_s).toFixed(2)}x faster than ${g.label}${acc.tokens_per_j && g.tokens_per_j ? ` and ${(acc.tokens_per_j / g.tokens_per_j).toFixed(2)}x more energy-efficient` : ''}.`);
  root.append(el('div', { class: 'table-scroll' }, t), ...notes.map((n) => el('p', { text: n })));
}

function tipFor(r: ComparisonRow): string {
  return `<b>${escapeHtml(r.label)}</b> (${r.kind})<table>${KEYS.map((k) => `<tr><td>${escapeHtml(metricInfo(k).label)}</td><td>${escapeHtml(fmtMetric(k, r[k]))}</td></tr>`).join('')}</table>`;
}
