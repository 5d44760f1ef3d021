/** Small DOM helpers so views read as structure, not as createElement calls. */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A titled panel to hold one chart or table. */
export function panel(title: string, cls = ''): { root: HTMLElement; body: HTMLElement } {
  const body = el('div', { class: 'panel-body' });
  const root = el('section', { class: `panel ${cls}`.trim() }, el('h3', { text: title }), body);
  return { root, body };
}
