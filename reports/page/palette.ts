/**
 * Okabe-Ito colours (distinguishable with the common colour-vision
 * deficiencies), extended with two greys for long category lists; viridis for
 * ordered values.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const EXTRA = ['#999999', '#555555'];

export const ACCELERATOR_COLOR = '#0072B2';
export const GPU_COLOR = '#E69F00';
export const STAGE_COLORS: Record<string, string> = { summarization: '#56B4E9', generation: '#0072B2' };

/** A stable colour per category name, in first-seen order. */
export function categoricalColors(names: readonly string[]): Map<string, string> {
  const all = [...OKABE_ITO, ...EXTRA];
  const m = new Map<string, string>();
  for (const n of names) if (!m.has(n)) m.set(n, all[m.size % all.length]);
  return m;
}

/** Sequential colour for numbers in [0, 1]. */
export function sequentialColor(t: number): string {
  return d3.interpolateViridis(0.1 + 0.8 * Math.max(0, Math.min(1, t)));
}

/** Operator categories coloured in name order, so a category keeps its colour across designs and charts. */
export function categoryColors(names: readonly string[]): Map<string, string> {
  return categoricalColors([...new Set(names)].sort());
}
