/**
 * Serving runs: a table of headline figures per machine, latency CDFs with
 * one line per machine, queue length and batch size over time, and the
 * probes of a capacity search against the SLO.
 */
import type { ServeResult } from '../../sim/serving/result.js';
import type { ServingView } from '../report-doc.js';
import { el, panel } from './dom.js';
import { fmtNumber } from './metric-catalog.js';
import { categoricalColors } from './palette.js';
import { serveLineChart } from './serve-line-chart.js';

const serveMs = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${fmtNumber(v * 1e3)} ms`);

const SERVE_CDFS = [
  { key: 'ttft_s', title: 'Time to first token' },
  { key: 'tpot_s', title: 'Time per output token (per request)' },
  { key: 'itl_s', title: 'Time between tokens (every gap)' },
  { key: 'latency_s', title: 'End-to-end latency' },
] as const;

export function renderServing(root: HTMLElement, v: ServingView): void {
  const ok = v.runs.filter((r): r is { label: string; result: ServeResult } => r.result.feasible);
  const colors = categoricalColors(v.runs.map((r) => r.label));
  root.append(el('p', { class: 'lead', text: `${v.runs.length} serving run${v.runs.length === 1 ? '' : 's'}: ${v.runs[0]?.result.arrivals ?? ''}.` }));
  const head = [
    'machine',
    'policy',
    'offered (req/s)',
    'TTFT p50',
    'TTFT p99',
    'TPOT p99',
    'latency p99',
    'throughput (req/s)',
    'goodput (req/s)',
    'energy / token',
    'max rate in SLO (req/s)',
  ];
  const t = el('table', { class: 'data', id: 'serving-table' }, el('tr', {}, ...head.map((h) => el('th', { text: h }))));
  for (const { label, result: r } of v.runs) {
    if (!r.feasible) {
      t.append(
        el('tr', { class: 'out' }, el('td', { text: label }), el('td', { text: r.policy }), el('td', { colspan: String(head.length - 2), text: `infeasible: ${r.reason}` })),
      );
      continue;
    }
    const num = (s: string) => el('td', { class: 'num', text: s });
    t.append(
      el(
        'tr',
        {},
        el('td', {}, el('span', { class: 'swatch', style: `background:${colors.get(label)}` }), ` ${label}`),
        el('td', { text: r.policy }),
        num(fmtNumber(r.offered_rate_rps)),
        num(serveMs(r.ttft_s.p50)),
        num(serveMs(r.ttft_s.p99)),
        num(serveMs(r.tpot_s.p99)),
        num(serveMs(r.latency_s.p99)),
        num(fmtNumber(r.throughput_rps)),
        num(r.goodput_rps === null ? 'n/a' : fmtNumber(r.goodput_rps)),
        num(r.energy_per_token_j === null ? 'n/a' : `${fmtNumber(r.energy_per_token_j * 1e3)} mJ`),
        num(r.max_rate_rps === undefined ? '-' : fmtNumber(r.max_rate_rps)),
      ),
    );
  }
  const tp = panel('Runs');
  tp.body.append(el('div', { class: 'table-scroll' }, t));
  root.append(tp.root);

  const withDetail = ok.filter((r) => r.result.detail);
  if (!withDetail.length) {
    root.append(el('p', { class: 'hint', text: 'no CDFs or time series: the runs carry no detail' }));
    return;
  }
  const grid = el('div', { class: 'grid2', id: 'serving-cdfs' });
  root.append(grid);
  for (const c of SERVE_CDFS) {
    const p = panel(`${c.title}: share of requests within`);
    grid.append(p.root);
    const slo = withDetail.map((r) => r.result.slo).find(Boolean);
    // A CDF shows every statistic of its metric: it marks the metric's (first) term.
    const limit = sloLimit(slo, c.key.replace(/_s$/, ''));
    serveLineChart(
      p.body,
      withDetail.map(({ label, result }) => ({ label, color: colors.get(label) ?? '#555', x: result.detail?.cdf[c.key].x ?? [], y: result.detail?.cdf[c.key].p ?? [] })),
      {
        name: `serve-cdf-${c.key.replace('_s', '')}`,
        xLabel: `${c.title.toLowerCase()} (ms, log scale)`,
        yLabel: 'share of requests',
        width: 600,
        height: 280,
        logX: true,
        step: true,
        xFactor: 1e3,
        xMarker: limit !== undefined ? { value: limit, label: 'SLO' } : undefined,
      },
    );
  }
  const series = el('div', { class: 'grid2', id: 'serving-series' });
  root.append(series);
  for (const { label, result } of withDetail) {
    const s = result.detail?.series;
    if (!s) continue;
    const p = panel(`${label}: requests waiting and sequences in service over time`);
    series.append(p.root);
    serveLineChart(
      p.body,
      [
        { label: 'queue (mean per interval)', color: '#D55E00', x: s.t_s, y: s.queue_mean },
        { label: 'batch (mean per interval)', color: '#0072B2', x: s.t_s, y: s.batch_mean },
        { label: 'batch (max)', color: '#56B4E9', x: s.t_s, y: s.batch_max, dashed: true },
      ],
      { name: 'serve-series', xLabel: 'time since the first arrival (s)', yLabel: 'requests / sequences', width: 600, height: 260 },
    );
  }
  const searched = ok.filter((r) => r.result.capacity);
  if (searched.length) {
    const p = panel('Capacity search: the SLO statistic at each rate probed');
    root.append(p.root);
    const key = Object.keys(searched[0].result.capacity?.probes[0]?.values ?? {})[0];
    const [metric, stat] = (key ?? '').replace(/_s$/, '').split('_');
    const limit = key ? sloLimit(searched[0].result.capacity?.slo, metric, stat) : undefined;
    if (key) {
      serveLineChart(
        p.body,
        searched.map(({ label, result }) => {
          const probes = [...(result.capacity?.probes ?? [])].filter((q) => q.values[key] !== null).sort((a, b) => a.rate_rps - b.rate_rps);
          return { label, color: colors.get(label) ?? '#555', x: probes.map((q) => q.rate_rps), y: probes.map((q) => q.values[key] as number) };
        }),
        {
          name: 'serve-capacity',
          xLabel: 'offered rate (req/s), log scale',
          yLabel: `${key.replace(/_s$/, '')} (ms), log scale`,
          width: 1180,
          height: 300,
          logX: true,
          logY: true,
          yFactor: 1e3,
          yMarker: limit !== undefined ? { value: limit, label: 'SLO' } : undefined,
        },
      );
    }
  }
}

/**
 * The limit, in seconds, an SLO text (describeSlo's "ttft_p99 <= 200 ms, tpot_p50 <= 50 ms") sets
 * on a metric's statistic, or with no statistic given on the metric (its first term).
 */
export function sloLimit(slo: string | null | undefined, metric: string, stat?: string): number | undefined {
  for (const m of (slo ?? '').matchAll(/\b([a-z]+)_([a-z0-9]+) <= ([\d.e+-]+) ms/g)) if (m[1] === metric && (stat === undefined || m[2] === stat)) return Number(m[3]) / 1e3;
  return undefined;
}
