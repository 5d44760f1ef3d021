/** Page entry: read the inlined report document, draw the header and one tab per view present. */
import type { ReportDoc } from '../report-doc.js';
import { renderComparison } from './comparison-chart.js';
import { renderDesign } from './design-view.js';
import { clear, el } from './dom.js';
import { renderParetoView } from './pareto-view.js';
import { openingDesign } from './opening-design.js';
import { renderServing } from './serving-view.js';
import { renderSweepComparison } from './sweep-comparison.js';
import { sweepDesign } from './sweep-design.js';
import { renderValidation } from './validation-view.js';

type TabId = 'pareto' | 'design' | 'comparison' | 'validation' | 'serving';

function start(): void {
  const dataEl = document.getElementById('tasim-data');
  if (!dataEl?.textContent) throw new Error('report data missing');
  const doc = JSON.parse(dataEl.textContent) as ReportDoc;
  const app = document.getElementById('app') as HTMLElement;
  app.append(
    el(
      'header',
      {},
      el('h1', { text: doc.title }),
      el('p', { class: 'command' }, 'produced by ', el('code', { id: 'report-command', text: doc.command }), ` on ${doc.generated}`),
      ...doc.context.map((c) => el('p', { class: 'context', text: c })),
    ),
  );
  const tabs: { id: TabId; label: string }[] = [];
  if (doc.sweep) tabs.push({ id: 'pareto', label: 'Pareto' });
  if (doc.sweep || doc.designs?.length) tabs.push({ id: 'design', label: 'Design' });
  if (doc.comparison || doc.sweep?.baselines.length) tabs.push({ id: 'comparison', label: 'Comparison' });
  if (doc.validation) tabs.push({ id: 'validation', label: 'Validation' });
  if (doc.serving) tabs.push({ id: 'serving', label: 'Serving' });
  const nav = el('nav', { class: 'tabs', role: 'tablist' });
  const views = new Map<TabId, HTMLElement>();
  const buttons = new Map<TabId, HTMLButtonElement>();
  for (const t of tabs) {
    const b = el('button', { type: 'button', role: 'tab', id: `tab-${t.id}`, text: t.label });
    b.addEventListener('click', () => {
      show(t.id);
      history.replaceState(null, '', `#${t.id}`);
    });
    nav.append(b);
    buttons.set(t.id, b);
    const v = el('main', { class: 'view', id: `view-${t.id}` });
    views.set(t.id, v);
  }
  app.append(nav, ...views.values());
  const drawn = new Set<TabId>();
  let pinned: number | null = null;
  // The scenario the Comparison tab shows (null: the pinned design's, else the first).
  const comparing: { key: string | null } = { key: null };

  function show(id: TabId): void {
    for (const [k, v] of views) v.hidden = k !== id;
    for (const [k, b] of buttons) b.setAttribute('aria-selected', String(k === id));
    if (!drawn.has(id)) {
      drawn.add(id);
      draw(id);
    }
  }

  function draw(id: TabId): void {
    const v = views.get(id) as HTMLElement;
    if (id === 'pareto') renderParetoView(v, doc, onPin, () => show('design'));
    if (id === 'design') drawDesign();
    if (id === 'comparison') drawComparison();
    if (id === 'validation' && doc.validation) renderValidation(v, doc.validation);
    if (id === 'serving' && doc.serving) renderServing(v, doc.serving);
  }

  function drawDesign(): void {
    const v = views.get('design') as HTMLElement;
    const sw = doc.sweep;
    if (sw) {
      const i = pinned ?? openingDesign(sw, doc.designs ?? []);
      if (i === undefined) v.append(el('p', { class: 'hint', text: 'no feasible design to show' }));
      else renderDesign(v, sweepDesign(sw, i, doc.designs ?? []));
      if (pinned === null && i !== undefined) v.prepend(el('p', { class: 'hint', text: 'Showing the fastest design of the front; pin another in the Pareto tab.' }));
    } else if (doc.designs?.length) renderDesign(v, doc.designs[0]);
  }

  function drawComparison(): void {
    const v = views.get('comparison') as HTMLElement;
    clear(v);
    if (doc.comparison) renderComparison(v, doc.comparison);
    else if (doc.sweep) renderSweepComparison(v, doc.sweep, pinned, comparing);
  }

  function onPin(i: number): void {
    pinned = i;
    comparing.key = null;
    if (drawn.has('design')) {
      const v = views.get('design') as HTMLElement;
      clear(v);
      drawDesign();
    }
    if (drawn.has('comparison')) drawComparison();
  }

  // report.html#design opens that tab: views can be linked to and shown by headless screenshots.
  const wanted = tabs.find((t) => `#${t.id}` === window.location.hash);
  if (tabs.length) show((wanted ?? tabs[0]).id);
  document.body.dataset.ready = 'true';
}

/** A failure shows on the page itself, so a reader is never left with a blank report. */
function showFailure(message: string): void {
  const app = document.getElementById('app');
  app?.prepend(el('p', { class: 'warn', id: 'page-error', text: `This report failed to draw: ${message}` }));
}

window.addEventListener('error', (e) => showFailure(e.message));
try {
  start();
} catch (e) {
  showFailure(e instanceof Error ? e.message : String(e));
  throw e;
}
