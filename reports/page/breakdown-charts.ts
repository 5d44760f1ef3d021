/** Where the time and the energy of one run go: by operator category, split by stage, and by stage. */
import type { SimResult } from '../../sim/result.js';
import { escapeHtml } from './dom.js';
import { hbarChart } from './hbar-chart.js';
import { fmtJoules, fmtSeconds } from './metric-catalog.js';
import { categoryColors, STAGE_COLORS } from './palette.js';

const STAGES = ['summarization', 'generation'] as const;

export function latencyByCategory(parent: HTMLElement, r: SimResult, width: number): void {
  const rows = [...r.breakdown]
    .sort((a, b) => b.seconds - a.seconds)
    .map((b) => ({
      label: b.category,
      segments: STAGES.map((s) => ({
        value: b.by_stage[s] ?? 0,
        color: STAGE_COLORS[s],
        key: s,
        tip: `<b>${escapeHtml(b.category)}</b>, ${s}<br>${fmtSeconds(b.by_stage[s])} of ${fmtSeconds(b.seconds)} (${((100 * b.seconds) / r.latency_s).toFixed(1)} % of the run)`,
      })),
    }));
  hbarChart(parent, rows, { axis: 'time on the critical path (ms)', width, format: (v) => fmtSeconds(v), legend: STAGES.map((s) => ({ key: s, color: STAGE_COLORS[s] })) });
  rescaleAxis(parent, 1e3);
}

export function energyByCategory(parent: HTMLElement, r: SimResult, width: number): void {
  const colors = categoryColors([...r.breakdown.map((b) => b.category), ...(r.detail?.ops.map((o) => o.category) ?? [])]);
  const rows = [...r.breakdown]
    .sort((a, b) => b.energy_j - a.energy_j)
    .map((b) => ({
      label: b.category,
      segments: [
        {
          value: b.energy_j,
          color: colors.get(b.category) as string,
          tip: `<b>${escapeHtml(b.category)}</b><br>${fmtJoules(b.energy_j)} (${((100 * b.energy_j) / r.energy_j).toFixed(1)} % of the run's energy, static power included)`,
        },
      ],
    }));
  hbarChart(parent, rows, { axis: 'energy (J)', width, format: fmtJoules });
}

export function byStage(parent: HTMLElement, r: SimResult, width: number): void {
  const rows = STAGES.flatMap((s) => [
    {
      label: `${s}: time`,
      segments: [{ value: r.stages[s].seconds * 1e3, color: STAGE_COLORS[s], tip: `<b>${s}</b><br>${fmtSeconds(r.stages[s].seconds)}` }],
      note: fmtSeconds(r.stages[s].seconds),
    },
  ]);
  hbarChart(parent, rows, { axis: 'time (ms)', width, format: (v) => `${v.toFixed(2)} ms` });
  const erows = STAGES.map((s) => ({
    label: `${s}: energy`,
    segments: [{ value: r.stages[s].energy_j, color: STAGE_COLORS[s], tip: `<b>${s}</b><br>${fmtJoules(r.stages[s].energy_j)}` }],
    note: fmtJoules(r.stages[s].energy_j),
  }));
  hbarChart(parent, erows, { axis: 'energy (J)', width, format: fmtJoules });
}

/** The stacked chart is drawn in seconds; relabel its ticks in ms so the axis matches its label. */
function rescaleAxis(parent: HTMLElement, factor: number): void {
  const svg = parent.lastElementChild;
  if (!svg) return;
  d3.select(svg)
    .selectAll<SVGTextElement, number>('.tick text')
    .text((d) => d3.format('~g')(+(d * factor).toPrecision(6)));
}
