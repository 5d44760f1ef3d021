/**
 * One design: headline metrics, latency and energy breakdowns, the unit
 * timeline of one decoder layer, the roofline, resources against the board
 * and the configuration with the source of every constant.
 */
import type { SimResult } from '../../sim/result.js';
import type { DesignView, ReproduceStep } from '../report-doc.js';
import { areaChart } from './area-chart.js';
import { breakdownChartsInto } from './design-breakdowns.js';
import { configTable } from './config-table.js';
import { clear, el, panel } from './dom.js';
import { ganttChart } from './gantt-chart.js';
import { fmtMetric, metricInfo } from './metric-catalog.js';
import { categoryColors } from './palette.js';
import { resourcesChart } from './resources-chart.js';
import { rooflineChart } from './roofline-chart.js';

const DECODER_HEADLINE = ['latency_s', 'ttft_s', 'tokens_per_s', 'energy_j', 'energy_per_token_j', 'tokens_per_j', 'avg_power_w', 'cost_usd'] as const;
/** An encoder (no output tokens) is measured in inferences. */
const ENCODER_HEADLINE = ['latency_s', 'inferences_per_s', 'energy_j', 'energy_per_inference_j', 'avg_power_w', 'cost_usd'] as const;

/** "64 in : 64 out, batch 1 (weight 0.5)" */
function requestText(r: ReproduceStep['request']): string {
  return `${r.input} in : ${r.output} out, batch ${r.batch}${r.weight !== undefined ? ` (weight ${Number(r.weight.toPrecision(3))})` : ''}`;
}

/** The commands that reproduce a sweep design: one, or one per request of a weighted mix (said so). */
function reproduceBlock(steps: readonly ReproduceStep[]): HTMLElement {
  const box = el('div', { class: 'reproduce', id: 'reproduce' });
  if (steps.length === 1) {
    box.append(el('p', {}, 'reproduce: ', el('code', { text: steps[0].command })));
    return box;
  }
  box.append(
    el('p', {
      text: `This design’s metrics are the weighted mean over its mix of ${steps.length} requests; each command below simulates one of them (tasim simulate gives that request’s latency and energy).`,
    }),
  );
  const list = el('ul', { class: 'reproduce-list' });
  for (const s of steps) list.append(el('li', {}, `${requestText(s.request)}: `, el('code', { text: s.command })));
  box.append(list);
  return box;
}

export function renderDesign(root: HTMLElement, d: DesignView): void {
  clear(root);
  root.append(el('h2', { id: 'design-title', text: d.label }));
  if (Object.keys(d.params).length)
    root.append(
      el('p', {
        class: 'params',
        text: Object.entries(d.params)
          .map(([k, v]) => `${k} = ${String(v)}`)
          .join(' · '),
      }),
    );
  if (d.reproduce?.length) root.append(reproduceBlock(d.reproduce));
  else if (d.command) root.append(el('p', {}, 'produced by: ', el('code', { text: d.command })));
  if (d.error) root.append(el('p', { class: 'warn', text: d.error }));
  if (!d.runs.length) {
    if (d.metrics) root.append(metricCards(d.metrics));
    return;
  }
  const body = el('div', { class: 'design-body' });
  if (d.runs.length > 1) {
    const s = el('select', { id: 'request-select' });
    for (const [k, r] of d.runs.entries()) s.append(el('option', { value: String(k), text: requestText(r.request) }));
    s.addEventListener('change', () => renderRun(body, d.runs[Number(s.value)].result, d));
    root.append(el('label', { class: 'control inline' }, el('span', { text: 'request ' }), s));
  }
  root.append(body);
  renderRun(body, d.runs[0].result, d);
}

function renderRun(root: HTMLElement, r: SimResult, d: DesignView): void {
  clear(root);
  root.append(
    el('p', {
      class: 'lead',
      text: `${r.arch} x${r.devices} (${r.template}) running ${r.model}: ${r.input_tokens} input tokens, ${r.output_tokens} output tokens, batch ${r.batch}; ${r.mode} mode${r.overrides.length ? `; ${r.overrides.join(', ')}` : ''}`,
    }),
  );
  if (!r.feasible) {
    root.append(el('p', { class: 'warn', id: 'infeasible-reason', text: `Infeasible: ${r.reason ?? 'no reason given'}` }));
  } else {
    root.append(metricCards(r as unknown as Record<string, number | null>));
    breakdownChartsInto(root, r);
  }
  const colors = categoryColors([...r.breakdown.map((b) => b.category), ...(r.detail?.ops.map((o) => o.category) ?? [])]);
  const det = r.detail;
  if (det?.timelines.length) {
    const g = panel('Unit occupancy of one layer (Gantt); lower half-bars are memory streams feeding an instruction', 'wide');
    const sel = el('select', { id: 'timeline-select' });
    for (const [k, t] of det.timelines.entries()) sel.append(el('option', { value: String(k), text: t.label }));
    const host = el('div', { class: 'gantt-host' });
    const draw = () => {
      clear(host);
      ganttChart(host, det.timelines[Number(sel.value)], colors, 1180);
    };
    sel.addEventListener('change', draw);
    g.body.append(sel, host, legendFor(colors));
    root.append(g.root);
    draw();
  }
  const grid = el('div', { class: 'grid2' });
  root.append(grid);
  if (det?.ops.length) {
    const p = panel('Roofline: each operator per stage (circles summarization, triangles generation)');
    rooflineChart(p.body, det, colors, 600);
    p.body.append(legendFor(colors));
    grid.append(p.root);
  } else if (r.feasible)
    grid.append(el('p', { class: 'hint', text: 'No per-operator detail in this document: simulate with --detail (or --report) for the roofline and the timeline.' }));
  if (r.resources?.kind === 'fpga') {
    const p = panel(`Resources on each ${r.resources.board.name} (${r.resources.fits ? 'fits' : 'does not fit'})`);
    resourcesChart(p.body, r.resources, 600);
    grid.append(p.root);
  } else if (r.resources?.kind === 'asic') {
    const p = panel(`Die area per chip (${r.resources.fits ? 'fits' : 'does not fit'} the budget)`);
    areaChart(p.body, r.resources, 600);
    grid.append(p.root);
  }
  if (d.config) {
    const p = panel('Configuration and the source of each constant', 'wide');
    configTable(p.body, d.config);
    root.append(p.root);
  }
}

function metricCards(m: Record<string, number | null | undefined>): HTMLElement {
  const cards = el('div', { class: 'cards', id: 'metric-cards' });
  const decoder = (m.tokens_per_s ?? 0) > 0;
  for (const k of decoder ? DECODER_HEADLINE : ENCODER_HEADLINE) {
    const v = m[k];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    cards.append(el('div', { class: 'card' }, el('div', { class: 'card-value', text: fmtMetric(k, v) }), el('div', { class: 'card-label', text: metricInfo(k).label })));
  }
  return cards;
}

function legendFor(colors: Map<string, string>): HTMLElement {
  const l = el('div', { class: 'legend-html' });
  for (const [k, c] of colors) l.append(el('span', { class: 'swatch', style: `background:${c}` }), ` ${k}  `);
  return l;
}
