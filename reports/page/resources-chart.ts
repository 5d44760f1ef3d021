/** FPGA resources against the board: one bar per kind, stacked by component, with the 100 % budget line. */
import type { ResourceUse } from '../../sim/result.js';
import { escapeHtml } from './dom.js';
import { hbarChart } from './hbar-chart.js';
import { categoricalColors } from './palette.js';

const KINDS = ['dsp', 'lut', 'ff', 'bram', 'uram'] as const;
const NAMES: Record<(typeof KINDS)[number], string> = { dsp: 'DSP', lut: 'LUT', ff: 'FF', bram: 'BRAM36', uram: 'URAM' };

export function resourcesChart(parent: HTMLElement, r: ResourceUse, width: number): void {
  const colors = categoricalColors(r.components.map((c) => c.name));
  const rows = KINDS.map((k) => ({
    label: NAMES[k],
    segments: r.components
      .filter((c) => c[k] > 0)
      .map((c) => ({
        value: (100 * c[k]) / r.board[k],
        color: colors.get(c.name) as string,
        key: c.name,
        tip: `<b>${escapeHtml(c.name)}</b><br>${c[k].toLocaleString('en-US')} ${NAMES[k]} = ${((100 * c[k]) / r.board[k]).toFixed(1)} % of ${escapeHtml(r.board.name)}`,
      })),
    note: `${(100 * r.used_fraction[k]).toFixed(1)} % (${r[k].toLocaleString('en-US')} of ${r.board[k].toLocaleString('en-US')})`,
  }));
  hbarChart(parent, rows, {
    axis: `share of one ${r.board.name} (%)`,
    width,
    marker: { value: 100, label: 'board budget' },
    legend: [...colors].map(([key, color]) => ({ key, color })),
  });
}
