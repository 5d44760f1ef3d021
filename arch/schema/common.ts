/** Building blocks shared by every arch template's zod schema. */
import { z } from 'zod';
import { type Dimension, example, isSiQuantity, readQuantity } from '../quantity.js';

/** A physical quantity written with a unit; stored as an SI number. */
export function qty(dim: Dimension) {
  return z.unknown().transform((v, ctx) => {
    // Compiled presets and sweep values arrive in SI with their unit's dimension: no parser needed.
    if (isSiQuantity(v)) {
      if (v.dim === dim) return v.si;
      ctx.issues.push({ code: 'custom', message: `expected a ${dim}, got ${v.text ? `"${v.text}", ` : ''}a ${v.dim}`, params: { fix: `write a ${dim} unit, e.g. "${example(dim)}"` }, input: v });
      return z.NEVER;
    }
    const r = readQuantity(v, dim);
    if (!r.ok) {
      ctx.issues.push({ code: 'custom', message: r.problem, params: { fix: r.fix }, input: v });
      return z.NEVER;
    }
    return r.value;
  });
}

/** A whole number, zero allowed (cycles of latency, resource counts). */
export const count = z.number().int().nonnegative();
export const positiveCount = z.number().int().positive();
/** A fraction in (0, 1]. */
export const fraction = z.number().gt(0).lte(1);
/** A plain positive real (ratios, factors). */
export const positive = z.number().positive();

export const DTYPES = ['fp32', 'fp16', 'bf16', 'int8', 'int4'] as const;
export const dtype = z.enum(DTYPES);

export const resourceCounts = z.strictObject({
  lut: count,
  ff: count,
  dsp: count,
  bram36: count,
  uram: count,
});
export type ResourceCounts = z.output<typeof resourceCounts>;

/** N:M patterns ("2:4"); a comma-separated string is accepted so that `--set sparsity.supported=1:4,2:4` works. */
export const patternList = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? [] : v.split(',').map((x) => x.trim())) : v),
  z.array(z.string().regex(/^\d+:\d+$/, 'write each pattern as N:M, e.g. 2:4')),
);
