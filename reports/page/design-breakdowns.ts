/** The three breakdown panels of a design, side by side. */
import type { SimResult } from '../../sim/result.js';
import { byStage, energyByCategory, latencyByCategory } from './breakdown-charts.js';
import { el, panel } from './dom.js';

export function breakdownChartsInto(root: HTMLElement, r: SimResult): void {
  const grid = el('div', { class: 'grid3' });
  const a = panel('Latency by operator category and stage');
  latencyByCategory(a.body, r, 400);
  const b = panel('Energy by operator category');
  energyByCategory(b.body, r, 390);
  const c = panel('By stage');
  byStage(c.body, r, 380);
  grid.append(a.root, b.root, c.root);
  root.append(grid);
}
