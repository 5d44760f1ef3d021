/**
 * The design scatter: points on a canvas (100,000 of them draw in a few
 * milliseconds, where SVG circles would not), axes, the front and reference
 * markers on an SVG overlay, and a quadtree in screen space for hover.
 */
import { hideTooltip, showTooltip } from './tooltip.js';

interface ScatterMarker {
  label: string;
  x: number;
  y: number;
  tip: string;
}

export interface ScatterInput {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  yLog: boolean;
  /** Plotted values (already in display units), by design index. */
  xs: Float64Array;
  ys: Float64Array;
  /** Design indices to draw. */
  visible: number[];
  color: (i: number) => string;
  /** Front indices, to be joined in x order. */
  front: number[];
  /** The dominated region lies right of the front when x is minimised, left when maximised: the staircase turns accordingly. */
  xGoal: 'min' | 'max';
  /** The run's own front (over all its objectives), marked apart. */
  runFront: number[];
  markers: ScatterMarker[];
  pinned: number | null;
  tip: (i: number) => string;
  onPin: (i: number) => void;
}

export function drawScatter(host: HTMLElement, s: ScatterInput): { plotted: number } {
  host.replaceChildren();
  host.style.position = 'relative';
  host.style.width = `${s.width}px`;
  host.style.height = `${s.height}px`;
  const m = { top: 16, right: 24, bottom: 52, left: 78 };
  const ok = (i: number) => Number.isFinite(s.xs[i]) && Number.isFinite(s.ys[i]) && (!s.xLog || s.xs[i] > 0) && (!s.yLog || s.ys[i] > 0);
  const pts = s.visible.filter(ok);
  const markers = s.markers.filter((k) => Number.isFinite(k.x) && Number.isFinite(k.y) && (!s.xLog || k.x > 0) && (!s.yLog || k.y > 0));
  const ext = (vals: number[]): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of vals) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo)) return [1, 10];
    if (lo === hi) return [lo * 0.9 || -1, hi * 1.1 || 1];
    return [lo, hi];
  };
  const xv = pts.map((i) => s.xs[i]).concat(markers.map((k) => k.x));
  const yv = pts.map((i) => s.ys[i]).concat(markers.map((k) => k.y));
  const pad = (d: [number, number], log: boolean): [number, number] => (log ? [d[0] / 1.15, d[1] * 1.15] : [d[0] - 0.04 * (d[1] - d[0]), d[1] + 0.04 * (d[1] - d[0])]);
  const xd = pad(ext(xv), s.xLog);
  const yd = pad(ext(yv), s.yLog);
  const x = (s.xLog ? d3.scaleLog() : d3.scaleLinear()).domain(xd).range([m.left, s.width - m.right]);
  const y = (s.yLog ? d3.scaleLog() : d3.scaleLinear()).domain(yd).range([s.height - m.bottom, m.top]);

  const canvas = document.createElement('canvas');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(s.width * dpr);
  canvas.height = Math.round(s.height * dpr);
  canvas.style.width = `${s.width}px`;
  canvas.style.height = `${s.height}px`;
  canvas.className = 'scatter-canvas';
  host.append(canvas);
  const ctx = canvas.getContext('2d');
  const sx = new Float32Array(s.xs.length);
  const sy = new Float32Array(s.ys.length);
  for (const i of pts) {
    sx[i] = x(s.xs[i]);
    sy[i] = y(s.ys[i]);
  }
  if (ctx) {
    ctx.scale(dpr, dpr);
    // One fillStyle change per colour, not per point.
    const byColor = new Map<string, number[]>();
    for (const i of pts) {
      const c = s.color(i);
      let l = byColor.get(c);
      if (!l) {
        l = [];
        byColor.set(c, l);
      }
      l.push(i);
    }
    const r = pts.length > 20000 ? 1.5 : pts.length > 2000 ? 2 : 3;
    ctx.globalAlpha = pts.length > 20000 ? 0.5 : 0.75;
    for (const [c, l] of byColor) {
      ctx.fillStyle = c;
      for (const i of l) ctx.fillRect(sx[i] - r, sy[i] - r, 2 * r, 2 * r);
    }
  }
  canvas.dataset.points = String(pts.length);

  const svg = d3.select(host).append('svg').attr('class', 'scatter-overlay').attr('width', s.width).attr('height', s.height);
  svg
    .append('g')
    .attr('class', 'axis x-axis')
    .attr('transform', `translate(0,${s.height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(8, s.xLog ? '~g' : undefined))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', (m.left + s.width - m.right) / 2)
        .attr('y', 40)
        .attr('text-anchor', 'middle')
        .text(s.xLabel + (s.xLog ? ', log scale' : '')),
    );
  svg
    .append('g')
    .attr('class', 'axis y-axis')
    .attr('transform', `translate(${m.left},0)`)
    .call(d3.axisLeft(y).ticks(8, s.yLog ? '~g' : undefined))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('transform', 'rotate(-90)')
        .attr('x', -(m.top + s.height - m.bottom) / 2)
        .attr('y', -62)
        .attr('text-anchor', 'middle')
        .text(s.yLabel + (s.yLog ? ', log scale' : '')),
    );
  const front = s.front.filter(ok).sort((a, b) => s.xs[a] - s.xs[b] || s.ys[a] - s.ys[b]);
  if (front.length > 1) {
    svg
      .append('path')
      .attr('class', 'front-line')
      .attr(
        'd',
        d3
          .line<number>()
          .x((i) => sx[i])
          .y((i) => sy[i])
          .curve(s.xGoal === 'min' ? d3.curveStepAfter : d3.curveStepBefore)(front) ?? '',
      );
  }
  const shown = new Set(pts);
  svg
    .selectAll('rect.run-front-point')
    .data(s.runFront.filter((i) => shown.has(i)))
    .join('rect')
    .attr('class', 'run-front-point')
    .attr('x', (i) => sx[i] - 4)
    .attr('y', (i) => sy[i] - 4)
    .attr('width', 8)
    .attr('height', 8);
  svg
    .selectAll('circle.front-point')
    .data(front)
    .join('circle')
    .attr('class', 'front-point')
    .attr('cx', (i) => sx[i])
    .attr('cy', (i) => sy[i])
    .attr('r', 4.5);
  const mk = svg
    .selectAll('g.baseline-marker')
    .data(markers)
    .join('g')
    .attr('class', 'baseline-marker')
    .attr('transform', (k) => `translate(${x(k.x)},${y(k.y)})`)
    .on('mousemove', (ev: MouseEvent, k) => showTooltip(k.tip, ev.clientX, ev.clientY))
    .on('mouseleave', hideTooltip);
  mk.append('path').attr('d', d3.symbol(d3.symbolDiamond, 110)() ?? '');
  const nudge = labelOffsets(
    markers,
    (k) => x(k.x),
    (k) => y(k.y),
    s.width - m.right - 160,
  );
  mk.append('text')
    .attr('x', (k) => (x(k.x) > s.width - m.right - 160 ? -9 : 9))
    .attr('text-anchor', (k) => (x(k.x) > s.width - m.right - 160 ? 'end' : 'start'))
    .attr('y', (_, i) => 4 + nudge[i])
    .text((k) => k.label);
  if (s.pinned !== null && shown.has(s.pinned)) {
    svg.append('circle').attr('class', 'pinned-ring').attr('cx', sx[s.pinned]).attr('cy', sy[s.pinned]).attr('r', 9);
  }

  const tree = d3
    .quadtree<number>()
    .x((i) => sx[i])
    .y((i) => sy[i])
    .addAll(pts);
  const hover = svg.append('circle').attr('class', 'hover-ring').attr('r', 7).style('display', 'none');
  const find = (ev: MouseEvent): number | undefined => {
    const b = canvas.getBoundingClientRect();
    return tree.find(ev.clientX - b.left, ev.clientY - b.top, 12);
  };
  canvas.addEventListener('mousemove', (ev) => {
    const i = find(ev);
    if (i === undefined) {
      hover.style('display', 'none');
      canvas.style.cursor = 'default';
      hideTooltip();
      return;
    }
    hover.style('display', null).attr('cx', sx[i]).attr('cy', sy[i]);
    canvas.style.cursor = 'pointer';
    showTooltip(s.tip(i), ev.clientX, ev.clientY);
  });
  canvas.addEventListener('mouseleave', () => {
    hover.style('display', 'none');
    hideTooltip();
  });
  canvas.addEventListener('click', (ev) => {
    const i = find(ev);
    if (i !== undefined) s.onPin(i);
  });
  return { plotted: pts.length };
}

/**
 * Vertical offsets that keep marker labels from printing over each other:
 * labels are placed top to bottom, each moved down past any placed label its
 * box would overlap (about 7 px per character, 14 px per line).
 */
function labelOffsets(markers: readonly ScatterMarker[], px: (k: ScatterMarker) => number, py: (k: ScatterMarker) => number, flipAt: number): number[] {
  const boxes = markers.map((k) => {
    const w = 7 * k.label.length;
    const x0 = px(k) > flipAt ? px(k) - 9 - w : px(k) + 9;
    return { x0, x1: x0 + w, y: py(k) };
  });
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a].y - boxes[b].y);
  const placed: { x0: number; x1: number; y: number }[] = [];
  const out = new Array<number>(markers.length).fill(0);
  for (const i of order) {
    const b = { ...boxes[i] };
    for (let tries = 0; tries < 8; tries++) {
      const hit = placed.find((p) => p.x0 < b.x1 && b.x0 < p.x1 && Math.abs(p.y - b.y) < 14);
      if (!hit) break;
      b.y = hit.y + 14;
    }
    out[i] = b.y - boxes[i].y;
    placed.push(b);
  }
  return out;
}
