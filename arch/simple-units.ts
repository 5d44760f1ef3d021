/**
 * Plain quantities without mathjs: "<number> <unit>" with one unit of the
 * table below (an SI or binary prefix allowed where mathjs allows one, and
 * "/s" for rates), as `--set clock=250MHz` and space files write them. The
 * number comes out as mathjs computes it (the same operations in the same
 * order: a test checks them against mathjs); anything else (compound units,
 * "1e3 MHz * 2", a typo) returns undefined and goes to mathjs.
 */
/** A dimension's name as arch/quantity.ts names it (held as text here so this reader depends on nothing). */
type Dimension = string;

/** A base unit: its dimension, its value in the dimension's SI unit as mathjs holds it, and which prefixes it takes. */
interface Base {
  readonly dim: Dimension;
  /** The unit's value in mathjs's base unit of its dimension (bits for sizes, as mathjs counts them). */
  readonly value: number;
  /** The SI unit's value in the same base unit (a byte is 8 bits). */
  readonly si: number;
  readonly prefixes: 'short' | 'binary' | 'none';
  /** A rate: the unit is written per second ("GB/s"). */
  readonly perSecond?: boolean;
}

const BASES: Readonly<Record<string, Base>> = {
  Hz: { dim: 'frequency', value: 1, si: 1, prefixes: 'short' },
  s: { dim: 'time', value: 1, si: 1, prefixes: 'short' },
  J: { dim: 'energy', value: 1, si: 1, prefixes: 'short' },
  W: { dim: 'power', value: 1, si: 1, prefixes: 'short' },
  B: { dim: 'bytes', value: 8, si: 8, prefixes: 'binary' },
  b: { dim: 'bytes', value: 1, si: 8, prefixes: 'binary' },
  bit: { dim: 'bytes', value: 1, si: 8, prefixes: 'none' },
  'B/s': { dim: 'bandwidth', value: 8, si: 8, prefixes: 'binary', perSecond: true },
  'b/s': { dim: 'bandwidth', value: 1, si: 8, prefixes: 'binary', perSecond: true },
  'bit/s': { dim: 'bandwidth', value: 1, si: 8, prefixes: 'none', perSecond: true },
  USD: { dim: 'money', value: 1, si: 1, prefixes: 'none' },
  'FLOP/s': { dim: 'flops', value: 1, si: 1, prefixes: 'short', perSecond: true },
};

/** The prefixes mathjs takes: short ones, and for bits and bytes the multiples only, decimal and binary. */
const SHORT: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3, u: 1e-6, n: 1e-9, p: 1e-12, f: 1e-15 };
const BINARY: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5 };

const SIMPLE = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([A-Za-z]{0,2}?)(Hz|s|J|W|B\/s|b\/s|bit\/s|B|b|bit|USD|FLOP\/s)\s*$/;

/** The SI value of a plain quantity of dimension `dim`, or undefined when it is not one (mathjs decides then). */
export function simpleQuantity(text: string, dim: Dimension): number | undefined {
  const m = SIMPLE.exec(text);
  if (!m) return undefined;
  const base = BASES[m[3]];
  if (!base || base.dim !== dim) return undefined;
  const prefix = m[2];
  const table = base.prefixes === 'none' ? { '': 1 } : base.prefixes === 'binary' ? BINARY : SHORT;
  const p = (table as Record<string, number>)[prefix];
  if (p === undefined) return undefined;
  const n = Number(m[1]);
  // mathjs: the number times the unit's value (prefix x unit) in base units, then divided by the SI unit's value.
  return (n * (p * base.value)) / base.si;
}
