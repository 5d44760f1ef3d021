/**
 * Lines over a shared x axis (latency CDFs, queue and batch over time): one
 * path per series, a legend, and a tooltip with every series' value at the
 * pointer.
 */
import { escapeHtml } from './dom.js';
import { fmtNumber } from './metric-catalog.js';
import { hideTooltip, showTooltip } from './tooltip.js';

export interface ServeLine {
  label: string;
  color: string;
  x: number[];
  y: number[];
  dashed?: boolean;
}

export interface ServeLineOptions {
  xLabel: string;
  yLabel: string;
  width: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
  /** Draw as steps (a CDF, a queue length) rather than straight segments. */
  step?: boolean;
  /** Scale applied to x and y values for display (e.g. 1e3 for ms). */
  xFactor?: number;
  yFactor?: number;
  /** A vertical marker (e.g. an SLO limit), in data units before xFactor. */
  xMarker?: { value: number; label: string };
  /** A horizontal marker, in data units before yFactor. */
  yMarker?: { value: number; label: string };
  /** Name for the chart's class, so that tests and styles can find it. */
  name: string;
}

export function serveLineChart(parent: HTMLElement, lines: ServeLine[], o: ServeLineOptions): number {
  const width = o.width;
  const height = o.height ?? 300;
  const m = { top: 12, right: 18, bottom: 46, left: 66 };
  const fx = o.xFactor ?? 1;
  const fy = o.yFactor ?? 1;
  const drawn = lines.filter((l) => l.x.length > 0);
  const xs = drawn.flatMap((l) => l.x.map((v) => v * fx)).filter((v) => (o.logX ? v > 0 : Number.isFinite(v)));
  const ys = drawn.flatMap((l) => l.y.map((v) => v * fy)).filter((v) => (o.logY ? v > 0 : Number.isFinite(v)));
  const svg = d3.select(parent).append('svg').attr('class', `chart serve-chart ${o.name}`).attr('width', width).attr('height', height);
  if (!xs.length) {
    svg
      .append('text')
      .attr('x', m.left)
      .attr('y', height / 2)
      .attr('class', 'marker-label')
      .text('no samples');
    return 0;
  }
  let xLo = Math.min(...xs);
  let xHi = Math.max(...xs);
  if (o.xMarker) {
    xLo = Math.min(xLo, o.xMarker.value * fx);
    xHi = Math.max(xHi, o.xMarker.value * fx);
  }
  if (xHi <= xLo) xHi = xLo * (o.logX ? 2 : 1) + (o.logX ? 0 : 1);
  const x = o.logX
    ? d3
        .scaleLog()
        .domain([xLo, xHi])
        .range([m.left, width - m.right])
        .nice()
    : d3
        .scaleLinear()
        .domain([xLo, xHi])
        .range([m.left, width - m.right])
        .nice();
  const yTop = Math.max(1e-12, ...ys, o.yMarker ? o.yMarker.value * fy : 0);
  const yLo = o.logY ? Math.min(yTop / 10, ...ys, o.yMarker ? o.yMarker.value * fy : Infinity) : Math.min(0, ...ys);
  const y = (o.logY ? d3.scaleLog() : d3.scaleLinear())
    .domain([yLo, yTop])
    .range([height - m.bottom, m.top])
    .nice();
  svg
    .append('g')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(6, o.logX ? '~g' : undefined))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', (m.left + width - m.right) / 2)
        .attr('y', 38)
        .attr('text-anchor', 'middle')
        .text(o.xLabel),
    );
  svg
    .append('g')
    .attr('transform', `translate(${m.left},0)`)
    .call(d3.axisLeft(y).ticks(6, o.logY ? '~g' : undefined))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('transform', 'rotate(-90)')
        .attr('x', -(m.top + height - m.bottom) / 2)
        .attr('y', -50)
        .attr('text-anchor', 'middle')
        .text(o.yLabel),
    );
  if (o.xMarker) {
    const mx = x(o.xMarker.value * fx);
    svg
      .append('line')
      .attr('class', 'marker')
      .attr('x1', mx)
      .attr('x2', mx)
      .attr('y1', m.top)
      .attr('y2', height - m.bottom);
    svg
      .append('text')
      .attr('class', 'marker-label')
      .attr('x', mx + 4)
      .attr('y', m.top + 12)
      .text(o.xMarker.label);
  }
  if (o.yMarker) {
    const my = y(o.yMarker.value * fy);
    svg
      .append('line')
      .attr('class', 'marker')
      .attr('x1', m.left)
      .attr('x2', width - m.right)
      .attr('y1', my)
      .attr('y2', my);
    svg
      .append('text')
      .attr('class', 'marker-label')
      .attr('x', width - m.right - 4)
      .attr('y', my - 4)
      .attr('text-anchor', 'end')
      .text(o.yMarker.label);
  }
  const line = d3
    .line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]))
    .curve(o.step ? d3.curveStepAfter : d3.curveLinear);
  for (const l of drawn) {
    const pts = l.x.map((v, i) => [v * fx, l.y[i] * fy] as [number, number]).filter((p) => (o.logX ? p[0] > 0 : true) && (o.logY ? p[1] > 0 : true));
    svg
      .append('path')
      .attr('class', 'serve-line')
      .attr('data-series', l.label)
      .attr('fill', 'none')
      .attr('stroke', l.color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', l.dashed ? '5 3' : null)
      .attr('d', line(pts) ?? '');
  }
  const lg = svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${m.left + 10},${m.top + 4})`);
  drawn.forEach((l, i) => {
    const g = lg.append('g').attr('transform', `translate(0,${i * 17})`);
    g.append('line')
      .attr('x1', 0)
      .attr('x2', 18)
      .attr('y1', 6)
      .attr('y2', 6)
      .attr('stroke', l.color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', l.dashed ? '5 3' : null);
    g.append('text').attr('x', 24).attr('y', 10).text(l.label);
  });
  svg
    .append('rect')
    .attr('class', 'serve-hover')
    .attr('x', m.left)
    .attr('y', m.top)
    .attr('width', width - m.left - m.right)
    .attr('height', height - m.top - m.bottom)
    .attr('fill', 'transparent')
    .on('mousemove', (ev: MouseEvent) => {
      const [px] = d3.pointer(ev);
      const xv = x.invert(px);
      const rows = drawn.map((l) => {
        // The last sample at or before the pointer (a step function's value there).
        let k = 0;
        for (let i = 0; i < l.x.length; i++) if (l.x[i] * fx <= xv) k = i;
        return `<tr><td><span class="swatch" style="background:${l.color}"></span> ${escapeHtml(l.label)}</td><td>${fmtNumber(l.y[k] * fy)}</td></tr>`;
      });
      showTooltip(`${escapeHtml(o.xLabel)}: ${fmtNumber(xv)}<table>${rows.join('')}</table>`, ev.clientX, ev.clientY);
    })
    .on('mouseleave', hideTooltip);
  return drawn.length;
}
