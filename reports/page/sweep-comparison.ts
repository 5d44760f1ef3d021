/**
 * The Comparison tab of a sweep: one model and request mix at a time (a
 * selector lists them), its fastest and most efficient front designs against
 * the GPU baselines that ran the same model and mix.
 */
import type { SweepView } from '../report-doc.js';
import { renderComparison } from './comparison-chart.js';
import { clear, el } from './dom.js';
import { baselineIn, inScenario, type Scenario, scenarioLabel, scenarios } from './scenarios.js';
import { sweepComparison } from './sweep-design.js';

export function renderSweepComparison(root: HTMLElement, sw: SweepView, pinned: number | null, chosen: { key: string | null }): void {
  const all = scenarios(sw);
  const fallback = (pinned !== null ? all.find((s) => inScenario(sw, pinned, s)) : undefined) ?? all[0];
  let sc: Scenario = all.find((s) => s.key === chosen.key) ?? fallback;
  const body = el('div', { class: 'comparison-body' });
  const draw = () => {
    clear(body);
    const rows = sweepComparison(sw, sc, pinned);
    const mixOf = sw.mixes?.find((m) => m.name === sc.mix) ?? { requests: sw.requests };
    const weighted =
      mixOf.requests.length > 1
        ? ` Each metric is the weighted mean over the mix’s ${mixOf.requests.length} requests; a design’s reproduce commands (Design tab) give one request each.`
        : '';
    const gpus = sw.baselines.filter((b) => baselineIn(b, sc)).length;
    renderComparison(body, {
      title: `${scenarioLabel(sw, sc)}: the fastest and the most energy-efficient designs of this front (and the pinned one) against ${gpus ? 'the GPU baselines that ran the same model and mix' : 'no GPU baseline (the run has none for this model)'}.${weighted}`,
      rows,
    });
  };
  if (all.length > 1) {
    const s = el('select', { id: 'comparison-scenario' });
    for (const x of all) {
      const o = el('option', { value: x.key, text: scenarioLabel(sw, x) });
      if (x.key === sc.key) o.selected = true;
      s.append(o);
    }
    s.addEventListener('change', () => {
      sc = all.find((x) => x.key === s.value) ?? sc;
      chosen.key = sc.key;
      draw();
    });
    root.append(el('label', { class: 'control inline' }, el('span', { text: 'model and request mix ' }), s));
  }
  root.append(body);
  draw();
}
