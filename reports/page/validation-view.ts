/** Published figures against the simulation: error bars per row with tolerance, and the table. */
import type { ValidationView } from '../report-doc.js';
import { el, escapeHtml, panel } from './dom.js';
import { hbarChart } from './hbar-chart.js';
import { fmtNumber } from './metric-catalog.js';

const ROLE_COLORS: Record<string, string> = { validation: '#0072B2', calibration: '#E69F00', reference: '#999999' };

export function renderValidation(root: HTMLElement, v: ValidationView): void {
  root.append(
    el('p', {
      class: 'lead',
      text: `${v.rows.length} published figures. Validation rows (no constant fitted to them): mean |error| ${v.mean_abs_error_pct.toFixed(1)} %, max ${v.max_abs_error_pct.toFixed(1)} %. Calibration rows: mean |error| ${v.calibration_mean_abs_error_pct.toFixed(1)} %.`,
    }),
  );
  const chart = panel('Error of each row (simulated vs published)');
  const rows = v.rows.filter((r) => Number.isFinite(r.error_pct));
  hbarChart(
    chart.body,
    rows.map((r) => ({
      label: r.id,
      segments: [
        {
          value: r.error_pct,
          color: ROLE_COLORS[r.role] ?? '#999999',
          tip: `<b>${escapeHtml(r.id)}</b> (${r.role})<br>${escapeHtml(r.metric)}: published ${fmtNumber(r.published)}, tasim ${fmtNumber(r.simulated)}<br>error ${r.error_pct.toFixed(1)} %${r.tolerance_pct !== null ? `, tolerance ±${r.tolerance_pct} %` : ''}<br>${escapeHtml(r.source)}`,
        },
      ],
      note: `${r.error_pct >= 0 ? '+' : ''}${r.error_pct.toFixed(1)} %${r.within_tolerance === false ? ' OUT' : ''}`,
    })),
    { axis: 'error (%)', width: 1180, legend: Object.entries(ROLE_COLORS).map(([key, color]) => ({ key, color })) },
  );
  root.append(chart.root);
  const t = el(
    'table',
    { class: 'data', id: 'validation-table' },
    el('tr', {}, ...['figure', 'metric', 'published', 'tasim', 'error', 'role', 'tolerance', '', 'source', 'setup'].map((h) => el('th', { text: h }))),
  );
  for (const r of v.rows) {
    t.append(
      el(
        'tr',
        { class: r.within_tolerance === false ? 'out' : '' },
        el('td', { class: 'mono', text: r.id }),
        el('td', { text: r.metric }),
        el('td', { class: 'num', text: fmtNumber(r.published) }),
        el('td', { class: 'num', text: fmtNumber(r.simulated) }),
        el('td', { class: 'num', text: Number.isFinite(r.error_pct) ? `${r.error_pct >= 0 ? '+' : ''}${r.error_pct.toFixed(1)} %` : 'n/a' }),
        el('td', { text: r.role }),
        el('td', { class: 'num', text: r.tolerance_pct === null ? '-' : `${r.tolerance_pct} %` }),
        el('td', { text: r.within_tolerance === null ? '' : r.within_tolerance ? 'ok' : 'OUT' }),
        el('td', { class: 'small', text: r.source }),
        el('td', { class: 'small', text: r.setup }),
      ),
    );
  }
  const tp = panel('All rows');
  tp.body.append(el('div', { class: 'table-scroll' }, t));
  root.append(tp.root);
}
