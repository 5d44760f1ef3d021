/**
 * Horizontal bar chart, optionally stacked: used for breakdowns, resources,
 * comparisons and validation errors. Bars are SVG rects of class `bar`.
 */
import type { ScaleContinuousNumeric } from 'd3';
import { hideTooltip, showTooltip } from './tooltip.js';

interface BarSegment {
  value: number;
  color: string;
  /** Tooltip HTML. */
  tip: string;
  /** Legend key (segments sharing a key share a colour). */
  key?: string;
}

export interface BarRow {
  label: string;
  segments: BarSegment[];
  /** Text printed after the bar. */
  note?: string;
}

export interface HbarOptions {
  axis: string;
  width?: number;
  format?: (v: number) => string;
  /** A reference line (e.g. the 100 % budget). */
  marker?: { value: number; label: string };
  legend?: { key: string; color: string }[];
  log?: boolean;
}

export function hbarChart(parent: HTMLElement, rows: BarRow[], o: HbarOptions): SVGSVGElement {
  const width = o.width ?? 560;
  const labelW = Math.min(260, 14 + 7.5 * Math.max(4, ...rows.map((r) => r.label.length)));
  const barH = 20;
  const gap = 6;
  const longest = Math.max(0, ...(o.legend ?? []).map((l) => l.key.length));
  const perRow = Math.max(1, Math.min(3, Math.floor((width - 16) / (30 + 7 * longest))));
  const legendH = o.legend?.length ? 20 * Math.ceil(o.legend.length / perRow) + 4 : 0;
  const fmt = o.format ?? ((v: number) => String(v));
  const noteLen = Math.max(6, ...rows.map((r) => (r.note ?? fmt(r.segments.reduce((a, sg) => a + sg.value, 0))).length));
  const margin = { top: 8 + legendH, right: Math.min(230, 16 + 7.2 * noteLen), bottom: 48, left: labelW };
  const height = margin.top + margin.bottom + rows.length * (barH + gap);
  const totals = rows.map((r) => r.segments.reduce((a, s) => a + Math.max(s.value, 0), 0));
  const mins = rows.map((r) => Math.min(0, ...r.segments.map((s) => s.value)));
  let lo = Math.min(0, ...mins);
  let hi = Math.max(...totals, o.marker ? o.marker.value : 0, 1e-300);
  const svg = d3.select(parent).append('svg').attr('width', width).attr('height', height).attr('class', 'chart hbar');
  let x: ScaleContinuousNumeric<number, number>;
  if (o.log) {
    const pos = totals.filter((t) => t > 0);
    lo = Math.min(...pos) / 2;
    hi = Math.max(...pos) * 2;
    x = d3
      .scaleLog()
      .domain([lo, hi])
      .range([margin.left, width - margin.right]);
  } else
    x = d3
      .scaleLinear()
      .domain([lo, hi])
      .nice()
      .range([margin.left, width - margin.right]);
  svg
    .append('g')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).ticks(5, o.log ? '~g' : undefined))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', (margin.left + width - margin.right) / 2)
        .attr('y', 34)
        .attr('text-anchor', 'middle')
        .text(o.axis),
    );
  const row = svg
    .selectAll('g.row')
    .data(rows)
    .join('g')
    .attr('class', 'row')
    .attr('transform', (_, i) => `translate(0,${margin.top + i * (barH + gap)})`);
  row
    .append('text')
    .attr('class', 'bar-label')
    .attr('x', margin.left - 6)
    .attr('y', barH / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((r) => r.label);
  row.each(function (r) {
    const g = d3.select(this);
    let acc = o.log ? lo : 0;
    for (const s of r.segments) {
      if (!Number.isFinite(s.value)) continue;
      let x0: number;
      let x1: number;
      if (s.value < 0) {
        x0 = x(s.value);
        x1 = x(0);
      } else {
        x0 = x(acc);
        x1 = x(o.log ? (acc === lo ? s.value : acc + s.value) : acc + s.value);
        acc = o.log && acc === lo ? s.value : acc + s.value;
      }
      g.append('rect')
        .attr('class', 'bar')
        .attr('x', Math.min(x0, x1))
        .attr('y', 0)
        .attr('width', Math.max(0.5, Math.abs(x1 - x0)))
        .attr('height', barH)
        .attr('fill', s.color)
        .on('mousemove', (ev: MouseEvent) => showTooltip(s.tip, ev.clientX, ev.clientY))
        .on('mouseleave', hideTooltip);
    }
    const end = r.segments.some((s) => s.value < 0) ? x(0) : x(o.log ? Math.max(acc, lo) : acc);
    g.append('text')
      .attr('class', 'bar-value')
      .attr('x', end + 4)
      .attr('y', barH / 2)
      .attr('dy', '0.35em')
      .text(r.note ?? fmt(r.segments.reduce((a, s) => a + s.value, 0)));
  });
  if (o.marker) {
    const mx = x(o.marker.value);
    svg
      .append('line')
      .attr('class', 'marker')
      .attr('x1', mx)
      .attr('x2', mx)
      .attr('y1', margin.top - 4)
      .attr('y2', height - margin.bottom);
    svg
      .append('text')
      .attr('class', 'marker-label')
      .attr('x', mx + 3)
      .attr('y', margin.top - 6 < 10 ? height - margin.bottom - 4 : margin.top - 6)
      .text(o.marker.label);
  }
  if (o.legend?.length) {
    const lg = svg.append('g').attr('class', 'legend').attr('transform', 'translate(8,4)');
    const colW = (width - 16) / perRow;
    o.legend.forEach((l, i) => {
      const g = lg.append('g').attr('transform', `translate(${(i % perRow) * colW},${Math.floor(i / perRow) * 20})`);
      g.append('rect').attr('width', 12).attr('height', 12).attr('fill', l.color);
      g.append('text').attr('x', 16).attr('y', 10).text(l.key);
    });
  }
  return svg.node() as SVGSVGElement;
}
