/** Unit occupancy of one decoder layer: a row per unit, a span per instruction, coloured by operator category. */
import type { SimDetail } from '../../sim/result.js';
import { escapeHtml } from './dom.js';
import { fmtSeconds } from './metric-catalog.js';
import { hideTooltip, showTooltip } from './tooltip.js';

export function ganttChart(parent: HTMLElement, tl: SimDetail['timelines'][number], colors: Map<string, string>, width: number): void {
  const units = [...new Set(tl.spans.map((s) => s.unit))];
  const rowH = 26;
  const m = { top: 10, right: 20, bottom: 44, left: 70 };
  const height = m.top + m.bottom + units.length * rowH;
  const end = Math.max(...tl.spans.map((s) => s.end_s), 1e-12);
  const x = d3
    .scaleLinear()
    .domain([0, end * 1e6])
    .range([m.left, width - m.right]);
  const y = d3
    .scaleBand<string>()
    .domain(units)
    .range([m.top, height - m.bottom])
    .padding(0.15);
  const svg = d3.select(parent).append('svg').attr('class', 'chart gantt').attr('width', width).attr('height', height);
  svg
    .append('g')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(10))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', (m.left + width - m.right) / 2)
        .attr('y', 36)
        .attr('text-anchor', 'middle')
        .text('time since the layer started (µs)'),
    );
  svg.append('g').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y));
  svg
    .selectAll('rect.span')
    .data(tl.spans)
    .join('rect')
    .attr('class', (s) => (s.stream ? 'span stream' : 'span'))
    .attr('x', (s) => x(s.start_s * 1e6))
    .attr('width', (s) => Math.max(0.75, x(s.end_s * 1e6) - x(s.start_s * 1e6)))
    .attr('y', (s) => (y(s.unit) ?? 0) + (s.stream ? y.bandwidth() * 0.5 : 0))
    .attr('height', (s) => (s.stream ? y.bandwidth() * 0.5 : y.bandwidth()))
    .attr('fill', (s) => colors.get(s.category) ?? '#999999')
    .on('mousemove', (ev: MouseEvent, s) =>
      showTooltip(
        `<b>${escapeHtml(s.op)}</b> (${escapeHtml(s.category)}) on ${escapeHtml(s.unit)}${s.stream ? ', memory stream feeding it' : ''}<br>${fmtSeconds(s.start_s)} → ${fmtSeconds(s.end_s)} (${fmtSeconds(s.end_s - s.start_s)})`,
        ev.clientX,
        ev.clientY,
      ),
    )
    .on('mouseleave', hideTooltip);
}
