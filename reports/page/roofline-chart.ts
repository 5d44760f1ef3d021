/**
 * Roofline: each operator (per stage) at its operational intensity (FLOP per
 * off-chip byte) and achieved FLOP/s, under the compute and bandwidth
 * ceilings of the whole appliance. Operators with no off-chip traffic sit on
 * the right edge. An operator's time is its share of the critical path (as in
 * the breakdowns): work it does while other operators run (weights streamed
 * ahead into the buffer, attention heads pipelined with the softmax) is not
 * counted, so an operator whose work mostly overlaps others plots above its
 * roof. Such points are drawn dashed and the chart says why.
 */
import type { SimDetail } from '../../sim/result.js';
import { el, escapeHtml } from './dom.js';
import { fmtNumber, fmtSeconds } from './metric-catalog.js';
import { hideTooltip, showTooltip } from './tooltip.js';

export function rooflineChart(parent: HTMLElement, d: SimDetail, colors: Map<string, string>, width: number): number {
  const height = 400;
  const m = { top: 14, right: 24, bottom: 52, left: 78 };
  const ops = d.ops.filter((o) => o.flops > 0 && o.seconds > 0);
  const finite = ops.filter((o) => o.offchip_bytes > 0).map((o) => o.flops / o.offchip_bytes);
  const ridge = d.peak.flops_per_s / d.peak.bytes_per_s;
  const xHi = Math.max(ridge * 10, ...finite.map((v) => v * 4));
  const xLo = Math.min(ridge / 100, ...finite.map((v) => v / 4));
  const onChipX = xHi / 2;
  const roofAt = (x: number, onChip: boolean) => Math.min(d.peak.flops_per_s, onChip ? Infinity : x * d.peak.bytes_per_s);
  const pts = ops.map((o) => {
    const x = o.offchip_bytes > 0 ? o.flops / o.offchip_bytes : onChipX;
    const y = o.flops / o.seconds;
    const onChip = o.offchip_bytes === 0;
    return { o, x, y, onChip, above: y > roofAt(x, onChip) * 1.001 };
  });
  const yHi = Math.max(d.peak.flops_per_s * 3, ...pts.map((p) => p.y * 2));
  const yLo = Math.min(d.peak.flops_per_s / 1e4, ...pts.map((p) => p.y / 3));
  const x = d3
    .scaleLog()
    .domain([xLo, xHi])
    .range([m.left, width - m.right]);
  const y = d3
    .scaleLog()
    .domain([yLo, yHi])
    .range([height - m.bottom, m.top]);
  const svg = d3.select(parent).append('svg').attr('class', 'chart roofline').attr('width', width).attr('height', height);
  svg
    .append('g')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(6, '~g'))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', (m.left + width - m.right) / 2)
        .attr('y', 40)
        .attr('text-anchor', 'middle')
        .text('operational intensity (FLOP per off-chip byte), log scale'),
    );
  svg
    .append('g')
    .attr('transform', `translate(${m.left},0)`)
    .call(d3.axisLeft(y).ticks(6, '~s'))
    .call((g) =>
      g
        .append('text')
        .attr('class', 'axis-label')
        .attr('transform', 'rotate(-90)')
        .attr('x', -(m.top + height - m.bottom) / 2)
        .attr('y', -60)
        .attr('text-anchor', 'middle')
        .text('FLOP per second of critical-path time, log scale'),
    );
  const roof = [xLo, ridge, xHi].map((v) => [x(v), y(Math.min(d.peak.flops_per_s, v * d.peak.bytes_per_s))] as [number, number]);
  svg
    .append('path')
    .attr('class', 'roof')
    .attr('d', d3.line()(roof) ?? '');
  svg
    .append('text')
    .attr('class', 'roof-label')
    .attr('x', x(ridge) + 6)
    .attr('y', y(d.peak.flops_per_s) - 6)
    .text(`peak ${fmtNumber(d.peak.flops_per_s / 1e12)} TFLOP/s`);
  svg
    .append('text')
    .attr('class', 'roof-label')
    .attr('x', x(xLo) + 6)
    .attr('y', y(xLo * d.peak.bytes_per_s) - 8)
    .text(`${fmtNumber(d.peak.bytes_per_s / 1e9)} GB/s`);
  svg
    .append('line')
    .attr('class', 'onchip-line')
    .attr('x1', x(onChipX))
    .attr('x2', x(onChipX))
    .attr('y1', m.top)
    .attr('y2', height - m.bottom);
  svg
    .append('text')
    .attr('class', 'roof-label')
    .attr('x', x(onChipX) - 4)
    .attr('y', height - m.bottom - 6)
    .attr('text-anchor', 'end')
    .text('no off-chip traffic');
  const shape = (stage: string) => d3.symbol(stage === 'generation' ? d3.symbolTriangle : d3.symbolCircle, 64)() ?? '';
  svg
    .selectAll('path.op-point')
    .data(pts)
    .join('path')
    .attr('class', (p) => (p.above ? 'op-point above-roof' : 'op-point'))
    .attr('d', (p) => shape(p.o.stage))
    .attr('transform', (p) => `translate(${x(p.x)},${y(p.y)})`)
    .attr('fill', (p) => colors.get(p.o.category) ?? '#999999')
    .on('mousemove', (ev: MouseEvent, p) =>
      showTooltip(
        `<b>${escapeHtml(p.o.name)}</b> (${escapeHtml(p.o.category)}, ${p.o.stage})<br>${fmtNumber(p.o.flops / 1e9)} GFLOP in ${fmtSeconds(p.o.seconds)}<br>${p.onChip ? 'no off-chip bytes' : `${fmtNumber(p.o.offchip_bytes / 1e6)} MB off chip, ${fmtNumber(p.x)} FLOP/B`}<br>${fmtNumber(p.y / 1e9)} GFLOP/s = ${((100 * p.y) / Math.min(d.peak.flops_per_s, p.onChip ? Infinity : p.x * d.peak.bytes_per_s)).toFixed(1)} % of its roof${p.above ? '<br><i>above its roof: part of its work overlaps other operators, and only its share of the critical path counts as its time</i>' : ''}`,
        ev.clientX,
        ev.clientY,
      ),
    )
    .on('mouseleave', hideTooltip);
  const lg = svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${m.left + 10},${m.top + 6})`);
  ['summarization', 'generation'].forEach((s, i) => {
    const g = lg.append('g').attr('transform', `translate(0,${i * 18})`);
    g.append('path').attr('d', shape(s)).attr('transform', 'translate(6,6)').attr('fill', '#555');
    g.append('text').attr('x', 16).attr('y', 10).text(s);
  });
  const above = pts.filter((p) => p.above).length;
  if (above) {
    parent.append(
      el('p', {
        class: 'hint roofline-note',
        text: `${above} of ${pts.length} operators sit above their roof (dashed outline). An operator's time here is its share of the critical path: work it does while other operators run (weights streamed ahead into the buffer, heads pipelined with the softmax) is not counted, so its FLOPs per second of that time can exceed what its bytes or the peak compute allow.`,
      }),
    );
  }
  return pts.length;
}
