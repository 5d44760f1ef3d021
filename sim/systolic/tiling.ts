/**
 * How a weight product's operands fit the memories. Each core keeps a block
 * of input rows, its share of the output columns and the arrays' weight tiles
 * (two of each when double-buffered) in its SRAM; a product with more rows than fit runs in
 * row blocks, and each block needs the whole weight matrix again: from the
 * global buffer when the matrix fits beside the activations, else from HBM.
 * Activations between operators stay in the global buffer when they fit,
 * else they go out to HBM and come back.
 */
import type { LinearShare } from './shares.js';
import type { SystolicParams } from './params.js';

export interface Tiling {
  /** Row blocks the product runs in (each reads the weights once). */
  readonly passes: number;
  /** Input and output activations stay in the global buffer. */
  readonly activationsOnChip: boolean;
  /** Row blocks after the first read the weights from the global buffer (else from HBM). */
  readonly rereadFromGlobal: boolean;
}

/** Bytes of the arrays' weight tiles one core holds: two per array when double-buffered (the next tile loads beside the one in use). */
export function tileBytes(p: SystolicParams, wBytes: number): number {
  return ((p.array.doubleBuffered ? 2 : 1) * p.array.arrays * p.array.height * p.array.width * wBytes) / p.cores;
}

/** Core SRAM bytes of one input row of a product: the row, and the core's share of its output columns. */
export function rowBytes(p: SystolicParams, s: LinearShare): number {
  return (s.k + Math.ceil(s.n / p.cores)) * p.aBytes;
}

/** Input rows a core holds at once beside its weight tiles (0: not even one row fits). */
export function rowsPerBlock(p: SystolicParams, s: LinearShare): number {
  return Math.max(0, Math.floor((p.coreSram - tileBytes(p, s.wBytes)) / rowBytes(p, s)));
}

export function tiling(p: SystolicParams, s: LinearShare): Tiling {
  const passes = Math.ceil(s.m / Math.max(1, rowsPerBlock(p, s)));
  const activations = (s.m * s.k + s.m * s.n) * p.aBytes;
  const activationsOnChip = activations <= p.globalSram;
  const free = p.globalSram - (activationsOnChip ? activations : 0);
  return { passes, activationsOnChip, rereadFromGlobal: passes > 1 && s.weightBytes <= free };
}
