/**
 * The sweep view: choose two metrics, filter by parameters, colour by one,
 * see the front of what is shown, hover for a design, click to pin it.
 */
import type { Baseline, ReportDoc, SweepView } from '../report-doc.js';
import { clear, el, escapeHtml, panel } from './dom.js';
import { axisLabel, fmtMetric, metricInfo } from './metric-catalog.js';
import { categoricalColors, OKABE_ITO, sequentialColor } from './palette.js';
import { nonDominated } from './pareto-front.js';
import { drawScatter } from './scatter-canvas.js';
import { baselineLabel } from './scenarios.js';
import { baselinePasses, type Filters, paramValue, visibleDesigns } from './sweep-filter.js';

interface SweepState {
  xKey: string;
  yKey: string;
  xLog: boolean;
  yLog: boolean;
  colorBy: string;
  runFront: boolean;
  filters: Filters;
  pinned: number | null;
}

function designTip(sw: SweepView, i: number, title = 'design'): string {
  const rows = sw.params.map((p) => `<tr><td>${escapeHtml(p.path)}</td><td>${escapeHtml(String(paramValue(p, i) ?? '-'))}</td></tr>`);
  const mets = Object.keys(sw.metrics)
    .filter((k) => sw.metrics[k][i] !== null)
    .map((k) => `<tr><td>${escapeHtml(metricInfo(k).label)}</td><td>${escapeHtml(fmtMetric(k, sw.metrics[k][i]))}</td></tr>`);
  return `<b>${escapeHtml(title)} ${escapeHtml(sw.hashes[i] ?? String(i))}</b>${sw.front.includes(i) ? ' (on the front)' : ''}<table>${rows.join('')}<tr><td colspan="2"><hr></td></tr>${mets.join('')}</table>`;
}

/** A diamond's label: short enough for the plot, with the GPUs, the stack and the model. */
function markerLabel(b: Baseline): string {
  return `${b.arch} x${b.devices} ${b.stack ?? 'default stack'}${b.model ? ` · ${b.model}` : ''}`;
}

export function renderParetoView(root: HTMLElement, doc: ReportDoc, onPin: (i: number) => void, onOpen: () => void): { pin: (i: number | null) => void } {
  const sw = doc.sweep as SweepView;
  const n = sw.hashes.length;
  const keys = Object.keys(sw.metrics).filter((k) => sw.metrics[k].some((v) => v !== null));
  const obj = sw.objectives.filter((o) => keys.includes(o.metric));
  const st: SweepState = {
    xKey: obj[0]?.metric ?? keys[0],
    yKey: obj[1]?.metric ?? keys[1] ?? keys[0],
    xLog: true,
    yLog: true,
    colorBy: sw.params.find((p) => p.values.length > 1)?.path ?? '',
    runFront: true,
    filters: new Map(),
    pinned: null,
  };

  const side = el('aside', { class: 'controls' });
  const plotBox = el('div', { class: 'scatter-host', id: 'pareto-scatter' });
  const stats = el('p', { class: 'stats', id: 'pareto-stats' });
  const legend = el('div', { class: 'legend-html', id: 'pareto-legend' });
  const key = el('p', {
    class: 'legend-html',
    text: 'Orange rings and the dashed line: the front of the two plotted metrics among the designs shown. Black squares: the run’s front over all its objectives. Diamonds: GPU baselines (GPU x count, software stack · model), drawn for the models the filters show.',
  });
  const mixes = sw.mixes ?? [{ name: 'default', requests: sw.requests }];
  if (mixes.some((m) => m.requests.length > 1))
    key.append(' Each design’s metrics are weighted means over the requests of its mix; the Design tab gives one reproduce command per request.');
  const pinnedBox = el('div', { class: 'pinned', id: 'pinned-design' });
  const unplotted = el('div', { id: 'infeasible-baselines' });
  const frontTable = panel('Designs on the front of the plotted metrics (click a row to pin)');
  const infeasible = panel('Infeasible designs');
  root.append(el('div', { class: 'pareto-layout' }, side, el('div', { class: 'pareto-main' }, stats, plotBox, legend, key, unplotted, pinnedBox)), frontTable.root);
  if (sw.infeasible.count) root.append(infeasible.root);

  const select = (label: string, value: string, options: { v: string; t: string }[], on: (v: string) => void, id: string) => {
    const s = el('select', { id });
    for (const o of options) {
      const opt = el('option', { value: o.v, text: o.t });
      if (o.v === value) opt.selected = true;
      s.append(opt);
    }
    s.addEventListener('change', () => on(s.value));
    return el('label', { class: 'control' }, el('span', { text: label }), s);
  };
  const check = (label: string, value: boolean, on: (v: boolean) => void, id: string) => {
    const c = el('input', { type: 'checkbox', id });
    c.checked = value;
    c.addEventListener('change', () => on(c.checked));
    return el('label', { class: 'check' }, c, ` ${label}`);
  };
  const setAndRedraw =
    <K extends keyof SweepState>(k: K) =>
    (v: SweepState[K]): void => {
      st[k] = v;
      redraw();
    };
  const metricOpts = keys.map((k) => ({ v: k, t: axisLabel(k) }));
  side.append(
    el('h3', { text: 'Axes' }),
    select('x', st.xKey, metricOpts, setAndRedraw('xKey'), 'x-metric'),
    check('log x', st.xLog, setAndRedraw('xLog'), 'x-log'),
    select('y', st.yKey, metricOpts, setAndRedraw('yKey'), 'y-metric'),
    check('log y', st.yLog, setAndRedraw('yLog'), 'y-log'),
    check("mark the run's front (all objectives)", st.runFront, setAndRedraw('runFront'), 'run-front'),
    select('colour by', st.colorBy, [{ v: '', t: '(none)' }, ...sw.params.map((p) => ({ v: p.path, t: p.path }))], setAndRedraw('colorBy'), 'color-by'),
    el('h3', { text: 'Filters' }),
  );
  for (const p of sw.params) {
    const box = el('details', { class: 'filter' });
    box.open = p.values.length <= 6;
    box.append(el('summary', { text: `${p.path} (${p.values.length})` }));
    const allowed = new Set(p.values.map((_, k) => k));
    st.filters.set(p.path, allowed);
    p.values.forEach((v, k) => {
      const c = el('input', { type: 'checkbox', 'data-param': p.path, 'data-value': String(v) });
      c.checked = true;
      c.addEventListener('change', () => {
        if (c.checked) allowed.add(k);
        else allowed.delete(k);
        redraw();
      });
      box.append(el('label', { class: 'check' }, c, ` ${String(v)}`));
    });
    side.append(box);
  }

  if (sw.infeasible.count) {
    const t = el('table', { class: 'data' }, el('tr', {}, el('th', { text: 'reason' }), el('th', { text: 'designs' })));
    for (const r of sw.infeasible.reasons) t.append(el('tr', {}, el('td', { text: r.reason }), el('td', { class: 'num', text: String(r.count) })));
    infeasible.body.append(el('p', { text: `${sw.infeasible.count} of ${sw.total} designs cannot be built or cannot hold the model; they are not plotted.` }), t);
  }

  const colorOf = (): ((i: number) => string) => {
    const p = sw.params.find((q) => q.path === st.colorBy);
    clear(legend);
    if (!p) return () => OKABE_ITO[0];
    const numeric = p.values.every((v) => typeof v === 'number');
    if (numeric && p.values.length > 8) {
      const vals = p.values as number[];
      const lo = Math.min(...vals);
      const hi = Math.max(...vals);
      const cols = vals.map((v) => sequentialColor(hi > lo ? (v - lo) / (hi - lo) : 0.5));
      legend.append(
        el('span', { text: `${p.path}: ` }),
        el('span', { class: 'swatch', style: `background:${sequentialColor(0)}` }),
        ` ${lo} … `,
        el('span', { class: 'swatch', style: `background:${sequentialColor(1)}` }),
        ` ${hi}`,
      );
      return (i) => (p.index[i] < 0 ? '#999999' : cols[p.index[i]]);
    }
    const order = numeric ? [...p.values].sort((a, b) => (a as number) - (b as number)) : p.values;
    const cm = categoricalColors(order.map(String));
    const cols = p.values.map((v) => cm.get(String(v)) as string);
    legend.append(el('span', { text: `${p.path}: ` }));
    for (const v of order) legend.append(el('span', { class: 'swatch', style: `background:${cm.get(String(v))}` }), ` ${String(v)}  `);
    return (i) => (p.index[i] < 0 ? '#999999' : cols[p.index[i]]);
  };

  const pinnedView = () => {
    clear(pinnedBox);
    if (st.pinned === null) {
      pinnedBox.append(el('p', { class: 'hint', text: 'Hover a point for its parameters and metrics; click it to pin it for the Design tab.' }));
      return;
    }
    const b = el('button', { type: 'button', id: 'open-design', text: 'open in the Design tab' });
    b.addEventListener('click', onOpen);
    pinnedBox.innerHTML = `<div class="pinned-card">${designTip(sw, st.pinned, 'pinned design')}</div>`;
    pinnedBox.append(b);
  };

  function redraw(): void {
    const visible = visibleDesigns(n, sw.params, st.filters);
    const xi = metricInfo(st.xKey);
    const yi = metricInfo(st.yKey);
    const xs = new Float64Array(n).fill(NaN);
    const ys = new Float64Array(n).fill(NaN);
    const mx = sw.metrics[st.xKey];
    const my = sw.metrics[st.yKey];
    for (const i of visible) {
      xs[i] = mx[i] === null ? NaN : (mx[i] as number) * xi.factor;
      ys[i] = my[i] === null ? NaN : (my[i] as number) * yi.factor;
    }
    const f = nonDominated(
      visible.map((i) => [xs[i], ys[i]]),
      [xi.goal, yi.goal],
    ).map((k) => visible[k]);
    // Baselines follow the model and mix filters: a diamond stands only beside designs of its own model.
    const shownBaselines = sw.baselines.filter((b) => baselinePasses(b, sw.params, st.filters));
    const markers = shownBaselines
      .filter((b) => b.feasible !== false)
      .map((b) => {
        const bx = b.metrics[st.xKey];
        const by = b.metrics[st.yKey];
        const tip = `<b>${escapeHtml(baselineLabel(b))}</b> (GPU baseline)<br>${escapeHtml(b.arch)} x${b.devices}, stack ${escapeHtml(b.stack ?? 'default')}${b.model ? `, model ${escapeHtml(b.model)}` : ''}${b.mix ? `, mix ${escapeHtml(b.mix)}` : ''}<table>${Object.entries(
          b.metrics,
        )
          .filter(([, v]) => v !== null)
          .map(([k, v]) => `<tr><td>${escapeHtml(metricInfo(k).label)}</td><td>${escapeHtml(fmtMetric(k, v))}</td></tr>`)
          .join('')}</table>`;
        return { label: markerLabel(b), x: bx === null || bx === undefined ? NaN : bx * xi.factor, y: by === null || by === undefined ? NaN : by * yi.factor, tip };
      });
    clear(unplotted);
    for (const b of shownBaselines.filter((x) => x.feasible === false))
      unplotted.append(el('p', { class: 'warn infeasible-baseline', text: `Not drawn: ${baselineLabel(b)} cannot run this model: ${b.reason ?? 'infeasible'}` }));
    const width = Math.max(560, Math.min(1000, (root.clientWidth || 1240) - 290));
    const r = drawScatter(plotBox, {
      width,
      height: 520,
      xLabel: axisLabel(st.xKey),
      yLabel: axisLabel(st.yKey),
      xLog: st.xLog,
      yLog: st.yLog,
      xs,
      ys,
      visible,
      color: colorOf(),
      front: f,
      xGoal: xi.goal,
      runFront: st.runFront ? sw.front : [],
      markers,
      pinned: st.pinned,
      tip: (i) => designTip(sw, i),
      onPin: (i) => pin(i),
    });
    const lost = visible.length - r.plotted;
    stats.textContent = `${sw.total} designs, ${n} feasible, ${visible.length} pass the filters, ${r.plotted} plotted${lost ? ` (${lost} lack a positive value for a log axis)` : ''}; ${f.length} on the front of ${metricInfo(st.xKey).label} (${xi.goal}) vs ${metricInfo(st.yKey).label} (${yi.goal}); ${sw.front.length} on the run's front of ${sw.objectives.map((o) => `${o.metric} (${o.goal})`).join(', ')}.`;
    renderFrontTable(f);
  }

  function renderFrontTable(f: number[]): void {
    clear(frontTable.body);
    const shown = [...f].sort((a, b) => ((sw.metrics[st.xKey][a] ?? 0) as number) - ((sw.metrics[st.xKey][b] ?? 0) as number)).slice(0, 200);
    const head = el('tr', {}, el('th', { text: 'design' }), ...sw.params.map((p) => el('th', { text: p.path })), ...keys.slice(0, 8).map((k) => el('th', { text: axisLabel(k) })));
    const t = el('table', { class: 'data clickable', id: 'front-table' }, head);
    for (const i of shown) {
      const tr = el(
        'tr',
        {},
        el('td', { class: 'mono', text: sw.hashes[i] }),
        ...sw.params.map((p) => el('td', { text: String(paramValue(p, i) ?? '-') })),
        ...keys.slice(0, 8).map((k) => el('td', { class: 'num', text: fmtMetric(k, sw.metrics[k][i]).replace(/ \S+$/, '') })),
      );
      tr.addEventListener('click', () => pin(i));
      t.append(tr);
    }
    frontTable.body.append(el('div', { class: 'table-scroll' }, t));
    if (f.length > shown.length) frontTable.body.append(el('p', { text: `first ${shown.length} of ${f.length} shown` }));
  }

  function pin(i: number | null): void {
    st.pinned = i;
    redraw();
    pinnedView();
    if (i !== null) onPin(i);
  }

  redraw();
  pinnedView();
  return { pin: (i) => pin(i) };
}
