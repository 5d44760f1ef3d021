/**
 * Physical quantities at the edge: spec files and `--set` values may carry
 * units ("460 GB/s", "200 MHz"); the model only ever sees SI numbers.
 * mathjs does the parsing. It costs most of a second to load, so it is loaded
 * only when a string with a unit actually has to be parsed (presets are
 * converted once at build time).
 */
import type { MathJsInstance, Unit } from 'mathjs';
import { mathjs } from './mathjs.js';
import { simpleQuantity } from './simple-units.js';
import { isSourcedLeaf } from './provenance.js';
import { UserError } from './user-error.js';

/** The SI unit each dimension is stored in, as mathjs names it. */
export const DIMENSIONS = {
  frequency: 'Hz',
  bandwidth: 'B/s',
  bytes: 'B', // widths too: "512 bit" is stored as 64 bytes
  time: 's',
  energy: 'J',
  power: 'W',
  money: 'USD',
  flops: 'FLOP/s',
} as const;
export type Dimension = keyof typeof DIMENSIONS;

/** What messages call a quantity of each dimension. */
const WORDS: Record<Dimension, string> = {
  frequency: 'frequency',
  bandwidth: 'bandwidth',
  bytes: 'size',
  time: 'time',
  energy: 'energy',
  power: 'power',
  money: 'price',
  flops: 'compute rate',
};

/** "a frequency", "an energy": a quantity of `dim` in a message (`adjective` goes before the word). */
export function dimensionNoun(dim: Dimension, adjective = ''): string {
  const words = adjective ? `${adjective} ${WORDS[dim]}` : WORDS[dim];
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

let math: MathJsInstance | undefined;

/** Load mathjs if any string in `tree` is a quantity the plain reader cannot read (readQuantity also loads it on demand). */
export async function prepareQuantities(tree: unknown): Promise<void> {
  if (math || !containsUnitString(tree)) return;
  math = mathjs();
}

const isSimple = (text: string) => DIMS.some((d) => simpleQuantity(text, d) !== undefined);

/** A number followed by a unit expression, e.g. "460 GB/s", "1.5us", "3.9 pJ". */
const QUANTITY = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*[A-Za-z$µ][A-Za-z$µ/^*\d. ]*$/;

function containsUnitString(tree: unknown): boolean {
  if (typeof tree === 'string') return QUANTITY.test(tree) && !isSimple(tree);
  // Already in SI: its text is kept for messages, not parsed again.
  if (isSiQuantity(tree)) return false;
  if (Array.isArray(tree)) return tree.some(containsUnitString);
  if (tree && typeof tree === 'object') return Object.values(tree).some(containsUnitString);
  return false;
}

/** Rates and sizes must be positive; latencies, energies, power and prices may be zero (ideal). */
const POSITIVE = new Set<Dimension>(['frequency', 'bandwidth', 'bytes', 'flops']);

export type QuantityResult = { ok: true; value: number } | { ok: false; problem: string; fix?: string };

/**
 * Convert `value` to a number in the SI unit of `dim`. A bare number is
 * rejected for dimensional quantities: "clock: 200" is ambiguous, so the
 * user must write "200 MHz".
 */
export function readQuantity(value: unknown, dim: Dimension): QuantityResult {
  const si = DIMENSIONS[dim];
  if (typeof value === 'number') {
    return { ok: false, problem: `bare number ${value} has no unit`, fix: `write it with its unit, e.g. "${example(dim)}"` };
  }
  if (typeof value !== 'string') {
    return {
      ok: false,
      problem: `expected ${dimensionNoun(dim)} such as "${example(dim)}", got ${JSON.stringify(value) ?? String(value)}`,
      fix: `write one number with its unit, e.g. "${example(dim)}"`,
    };
  }
  // Text that is not "<number> <unit>" cannot be a quantity; no parser needed to say so.
  if (!QUANTITY.test(value)) return { ok: false, problem: `cannot read "${value}" as ${dimensionNoun(dim)}`, fix: `write a number and a unit, e.g. "${example(dim)}"` };
  // "250 MHz" needs no parser either; mathjs reads the rest.
  const simple = simpleQuantity(value, dim);
  if (simple !== undefined) return checked(value, simple, dim);
  math ??= mathjs();
  let parsed: Unit;
  try {
    parsed = math.unit(value.trim());
  } catch (e) {
    return { ok: false, problem: `cannot read "${value}" as ${dimensionNoun(dim)} (${(e as Error).message})`, fix: `write a number and a unit, e.g. "${example(dim)}"` };
  }
  let n: number;
  try {
    n = parsed.toNumber(si);
  } catch {
    return { ok: false, problem: `"${value}" is not ${dimensionNoun(dim)}`, fix: `use a unit of ${WORDS[dim]}, e.g. "${example(dim)}"` };
  }
  return checked(value, n, dim);
}

/** A quantity's SI value held to its dimension's sign. */
function checked(value: string, n: number, dim: Dimension): QuantityResult {
  if (!Number.isFinite(n)) return { ok: false, problem: `"${value}" is not ${dimensionNoun(dim)}`, fix: `use a unit of ${WORDS[dim]}, e.g. "${example(dim)}"` };
  if (n < 0 || (n === 0 && POSITIVE.has(dim)))
    return {
      ok: false,
      problem: `"${value}" must be ${POSITIVE.has(dim) ? 'greater than zero' : 'zero or more'}`,
      fix: `give ${dimensionNoun(dim, POSITIVE.has(dim) ? 'positive' : 'non-negative')}, e.g. "${example(dim)}"`,
    };
  return { ok: true, value: n };
}

/** As readQuantity, throwing a UserError that names the input and field. */
export function parseQuantity(value: unknown, dim: Dimension, input: string, field: string): number {
  const r = readQuantity(value, dim);
  if (!r.ok) throw new UserError({ input, field, problem: r.problem, fix: r.fix });
  return r.value;
}

export function example(dim: Dimension): string {
  switch (dim) {
    case 'frequency':
      return '200 MHz';
    case 'bandwidth':
      return '460 GB/s';
    case 'bytes':
      return '8 GiB';
    case 'time':
      return '1.5 us';
    case 'energy':
      return '3.9 pJ';
    case 'power':
      return '45 W';
    case 'money':
      return '7795 USD';
    case 'flops':
      return '125 TFLOP/s';
  }
}

/**
 * A quantity already converted to SI, with the dimension its unit had: the
 * form compiled presets and sweep values carry, so that loading them needs no
 * unit parser, while a field of another dimension still refuses it.
 */
export interface SiQuantity {
  readonly si: number;
  readonly dim: Dimension;
  /** As written, for messages and reproduce commands. */
  readonly text?: string;
}

export function isSiQuantity(v: unknown): v is SiQuantity {
  return !!v && typeof v === 'object' && typeof (v as { si?: unknown }).si === 'number' && typeof (v as { dim?: unknown }).dim === 'string';
}

const DIMS = Object.keys(DIMENSIONS) as Dimension[];
const LOOKS_LIKE_QUANTITY = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*[A-Za-z$µ]/;

export function looksLikeQuantity(v: unknown): v is string {
  return typeof v === 'string' && LOOKS_LIKE_QUANTITY.test(v);
}

/** `text` in SI with the dimension its unit names. */
export function siQuantity(text: string): { ok: true; value: SiQuantity } | { ok: false; problem: string } {
  for (const d of DIMS) {
    const n = simpleQuantity(text, d);
    if (n !== undefined) {
      const r = checked(text, n, d);
      if (r.ok) return { ok: true, value: { si: r.value, dim: d, text: text.trim() } };
    }
  }
  for (const d of DIMS) {
    const r = readQuantity(text, d);
    if (r.ok) return { ok: true, value: { si: r.value, dim: d, text: text.trim() } };
  }
  return { ok: false, problem: `cannot read "${text}" as a quantity with a unit (${DIMS.map(example).join(', ')})` };
}

/** A copy of a raw spec tree with every unit string converted to an SiQuantity. */
export async function siTree<T>(tree: T): Promise<T> {
  await prepareQuantities(tree);
  const convert = (v: unknown): unknown => {
    if (isSiQuantity(v)) return v;
    if (isSourcedLeaf(v)) return { ...v, value: convert(v.value) };
    if (looksLikeQuantity(v)) {
      const r = siQuantity(v);
      return r.ok ? r.value : v;
    }
    if (Array.isArray(v)) return v.map(convert);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  return convert(tree) as T;
}
