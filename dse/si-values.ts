/**
 * Unit strings become `{ si: n }` once, in the main process, the form the
 * compiled presets use: workers then validate designs without loading the
 * unit parser (mathjs takes most of a second to load).
 */
import { DIMENSIONS, prepareQuantities, readQuantity, type Dimension } from '../arch/quantity.js';
import { isSourcedLeaf } from '../arch/provenance.js';

const DIMS = Object.keys(DIMENSIONS) as Dimension[];
const LOOKS_LIKE_QUANTITY = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*[A-Za-z$µ]/;

export type SiValue = { si: number };

/** `text` in SI, or a problem. Call `prepareUnits` first. */
export function readSi(text: string): { ok: true; value: SiValue } | { ok: false; problem: string } {
  for (const d of DIMS) {
    const r = readQuantity(text, d);
    if (r.ok) return { ok: true, value: { si: r.value } };
  }
  return { ok: false, problem: `cannot read "${text}" as a quantity with a unit` };
}

export function looksLikeQuantity(v: unknown): v is string {
  return typeof v === 'string' && LOOKS_LIKE_QUANTITY.test(v);
}

export async function prepareUnits(): Promise<void> {
  await prepareQuantities('1 Hz');
}

/** A copy of a raw spec tree with every unit string converted to `{ si }`. */
export async function siTree<T>(tree: T): Promise<T> {
  await prepareQuantities(tree);
  const convert = (v: unknown): unknown => {
    if (isSourcedLeaf(v)) return { ...v, value: convert(v.value) };
    if (looksLikeQuantity(v)) {
      const r = readSi(v);
      return r.ok ? r.value : v;
    }
    if (Array.isArray(v)) return v.map(convert);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  return convert(tree) as T;
}
