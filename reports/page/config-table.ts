/** The full configuration: every spec value with where it comes from, filterable. */
import type { ConfigView } from '../report-doc.js';
import { el } from './dom.js';

export function configTable(parent: HTMLElement, c: ConfigView): void {
  const counts = new Map<string, number>();
  for (const e of c.entries) counts.set(e.kind ?? 'unsourced', (counts.get(e.kind ?? 'unsourced') ?? 0) + 1);
  parent.append(
    el('p', {
      text: `${c.template} template, from ${c.ref}${c.overrides.length ? `, with ${c.overrides.join(', ')}` : ''}. Values in SI units (Hz, B/s, B, s, J, W, USD; bit widths as bytes). ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}.`,
    }),
  );
  const input = el('input', { type: 'search', placeholder: 'filter by path or source', class: 'config-filter' });
  const table = el(
    'table',
    { class: 'data config' },
    el('tr', {}, el('th', { text: 'path' }), el('th', { text: 'value' }), el('th', { text: 'kind' }), el('th', { text: 'source, assumption or fit' })),
  );
  const rows = c.entries.map((e) => {
    const tr = el(
      'tr',
      {},
      el('td', { class: 'mono', text: e.path }),
      el('td', { class: 'mono', text: e.value }),
      el('td', {}, el('span', { class: `kind kind-${e.kind ?? 'none'}`, text: e.kind ?? '-' })),
      el('td', { text: e.text ?? '' }),
    );
    table.append(tr);
    return { tr, key: `${e.path} ${e.value} ${e.text ?? ''}`.toLowerCase() };
  });
  input.addEventListener('input', () => {
    const q = input.value.toLowerCase();
    for (const r of rows) r.tr.style.display = r.key.includes(q) ? '' : 'none';
  });
  parent.append(input, el('div', { class: 'table-scroll tall' }, table));
}
