/** ASIC die area: one bar stacked by component, with the die budget line. */
import type { AreaUse } from '../../sim/result.js';
import { escapeHtml } from './dom.js';
import { hbarChart } from './hbar-chart.js';
import { categoricalColors } from './palette.js';

export function areaChart(parent: HTMLElement, r: AreaUse, width: number): void {
  const colors = categoricalColors(r.components.map((c) => c.name));
  const share = (mm2: number) => `${((100 * mm2) / r.max_area_mm2).toFixed(1)} % of the ${r.max_area_mm2.toFixed(0)} mm² budget`;
  const rows = [
    {
      label: 'die area',
      segments: r.components
        .filter((c) => c.area_mm2 > 0)
        .map((c) => ({
          value: c.area_mm2,
          color: colors.get(c.name) as string,
          key: c.name,
          tip: `<b>${escapeHtml(c.name)}</b><br>${c.area_mm2.toFixed(1)} mm² = ${share(c.area_mm2)}`,
        })),
      note: `${r.area_mm2.toFixed(0)} mm² (${share(r.area_mm2)})`,
    },
  ];
  hbarChart(parent, rows, {
    axis: 'mm² per chip',
    width,
    marker: { value: r.max_area_mm2, label: 'die budget' },
    legend: [...colors].map(([key, color]) => ({ key, color })),
  });
}
