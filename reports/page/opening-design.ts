/** The design the Design tab opens on before any is pinned: the fastest front design that has full detail. */
import type { DesignView, SweepView } from '../report-doc.js';

export function openingDesign(sw: SweepView, details: readonly DesignView[]): number | undefined {
  const lat = sw.metrics.latency_s;
  const fastest = [...sw.front].sort((a, b) => (lat ? (lat[a] ?? Infinity) - (lat[b] ?? Infinity) : 0) || a - b);
  const detailed = new Set(details.filter((d) => d.runs.length).map((d) => d.id));
  return fastest.find((i) => detailed.has(sw.hashes[i])) ?? fastest[0];
}
