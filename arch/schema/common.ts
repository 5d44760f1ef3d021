/** Building blocks shared by every arch template's zod schema. */
import { z } from 'zod';
import { DIMENSIONS, type Dimension, dimensionNoun, example, isSiQuantity, readQuantity } from '../quantity.js';

/**
 * Plausibility bounds of every physical quantity, in SI, per dimension: a
 * value outside is a typo or a unit mistake (a clock of 1e-300 Hz, a 1e308 s
 * hop), never a design, and would only give absurd or non-finite results.
 * Each is far beyond any real device, so none is overridable; docs/limits.md
 * lists them with their reasons.
 */
export const QUANTITY_BOUNDS: Readonly<Record<Dimension, { readonly min: number; readonly max: number; readonly text: string }>> = {
  frequency: { min: 1e6, max: 10e9, text: '1 MHz to 10 GHz' },
  bandwidth: { min: 1e6, max: 100e12, text: '1 MB/s to 100 TB/s' },
  bytes: { min: 0.125, max: 2 ** 44, text: '1 bit to 16 TiB' },
  time: { min: 0, max: 1, text: '0 s to 1 s' },
  energy: { min: 0, max: 1e-6, text: '0 J to 1 uJ per event' },
  power: { min: 0, max: 10e3, text: '0 W to 10 kW per device' },
  money: { min: 0, max: 10e6, text: '0 to 10 million USD per device' },
  flops: { min: 1e6, max: 100e15, text: '1 MFLOP/s to 100 PFLOP/s' },
};

/** Whole-number bounds (see docs/limits.md). */
export const COUNT_BOUNDS = {
  /** Devices working together: more than any tensor-parallel or pipelined deployment. */
  devices: 4096,
  /** Pipeline latencies and per-tile overheads, in cycles. */
  cycles: 1_000_000,
  /** Everything else counted: units, lanes, depths, ports, resources (a 32-bit count). */
  count: 1_000_000_000,
} as const;

/** Efficiencies and shares: below 1 % a unit is broken, not slow. */
export const FRACTION_MIN = 0.01;
/** Plain factors (ratios, LUTs per bit, speedups): within three orders of magnitude of 1. */
export const FACTOR_BOUNDS = { min: 1e-3, max: 1e3 } as const;

/** A physical quantity written with a unit; stored as an SI number within QUANTITY_BOUNDS. */
export function qty(dim: Dimension) {
  const b = QUANTITY_BOUNDS[dim];
  return z.unknown().transform((v, ctx) => {
    let si: number;
    let text: string;
    // Compiled presets and sweep values arrive in SI with their unit's dimension: no parser needed.
    if (isSiQuantity(v)) {
      if (v.dim !== dim) {
        ctx.issues.push({
          code: 'custom',
          message: `expected ${dimensionNoun(dim)}, got ${v.text ? `"${v.text}", ` : ''}${dimensionNoun(v.dim)}`,
          params: { fix: `write ${dimensionNoun(dim)} with its unit, e.g. "${example(dim)}"` },
          input: v,
        });
        return z.NEVER;
      }
      si = v.si;
      text = v.text ?? `${v.si} ${DIMENSIONS[dim]}`;
    } else {
      const r = readQuantity(v, dim);
      if (!r.ok) {
        ctx.issues.push({ code: 'custom', message: r.problem, params: { fix: r.fix ?? `write ${dimensionNoun(dim)} with its unit, e.g. "${example(dim)}"` }, input: v });
        return z.NEVER;
      }
      si = r.value;
      text = String(v);
    }
    if (!(si >= b.min && si <= b.max)) {
      ctx.issues.push({
        code: 'custom',
        message: `"${text}" is outside the plausible range of ${dimensionNoun(dim)} (${b.text})`,
        params: { fix: `give ${dimensionNoun(dim)} within ${b.text}; check the number and its unit (docs/limits.md)` },
        input: v,
      });
      return z.NEVER;
    }
    return si;
  });
}

/** A whole number, zero allowed (resource counts, FIFO depths). */
export const count = z.number().nonnegative().max(COUNT_BOUNDS.count).int();
export const positiveCount = z.number().positive().max(COUNT_BOUNDS.count).int();
/** Cycles of pipeline latency or overhead. */
export const cycles = z.number().nonnegative().max(COUNT_BOUNDS.cycles).int();
/** Devices working together. */
export const deviceCount = z.number().positive().max(COUNT_BOUNDS.devices).int();
/** An efficiency or share in [FRACTION_MIN, 1]. */
export const fraction = z.number().gte(FRACTION_MIN).lte(1);
/** A plain positive factor (ratios, LUTs per bit, speedups) within FACTOR_BOUNDS. */
export const positive = z.number().gte(FACTOR_BOUNDS.min).lte(FACTOR_BOUNDS.max);
/** A non-negative resource or energy cost per unit (may be fractional: a DSP shared by two int4 multipliers). */
/** Silicon area in mm² (one transistor's worth up to a whole wafer). */
const AREA_BOUNDS_MM2 = { min: 1e-9, max: 1e5 } as const;
export const areaMm2 = z.number().gte(AREA_BOUNDS_MM2.min).lte(AREA_BOUNDS_MM2.max);

export const cost = z.number().nonnegative().max(COUNT_BOUNDS.count);

const DTYPES = ['fp32', 'fp16', 'bf16', 'int8', 'int4'] as const;
export const dtype = z.enum(DTYPES);

export const resourceCounts = z.strictObject({
  lut: count,
  ff: count,
  dsp: count,
  bram36: count,
  uram: count,
});
/** N:M patterns ("2:4"); a comma-separated string is accepted so that `--set sparsity.supported=1:4,2:4` works. */
export const patternList = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? [] : v.split(',').map((x) => x.trim())) : v),
  z.array(z.string().regex(/^\d+:\d+$/, 'write each pattern as N:M, e.g. 2:4')),
);
