/** One tooltip for the whole page, positioned near the pointer and kept inside the window. */
let tip: HTMLDivElement | undefined;

function node(): HTMLDivElement {
  if (!tip) {
    tip = document.createElement('div');
    tip.id = 'tooltip';
    tip.setAttribute('role', 'tooltip');
    document.body.append(tip);
  }
  return tip;
}

export function showTooltip(html: string, clientX: number, clientY: number): void {
  const t = node();
  t.innerHTML = html;
  t.style.display = 'block';
  const r = t.getBoundingClientRect();
  let x = clientX + 14;
  let y = clientY + 14;
  if (x + r.width > window.innerWidth - 4) x = clientX - r.width - 14;
  if (y + r.height > window.innerHeight - 4) y = clientY - r.height - 14;
  t.style.left = `${Math.max(4, x) + window.scrollX}px`;
  t.style.top = `${Math.max(4, y) + window.scrollY}px`;
}

export function hideTooltip(): void {
  if (tip) tip.style.display = 'none';
}
