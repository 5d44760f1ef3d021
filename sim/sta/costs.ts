/**
 * Closed-form cycle counts of the STA-style array. An output tile is
 * rows x cols outputs; the array walks the reduction dimension k, each PE
 * consuming per cycle either `mults` dense elements or, in sparse mode, whole
 * M-groups: with N <= mults it takes min(window / M, mults / N) groups a
 * cycle, so an N:M product runs up to window / mults faster than dense.
 * Ceilings are the load imbalance of dimensions that do not divide the array.
 */
import type { NmPattern } from '../../workloads/sparsity.js';
import type { StaParams } from './params.js';

export function isSparse(p: NmPattern | undefined): p is NmPattern {
  return !!p && p.n < p.m;
}

/** Cycles for one output tile to walk a reduction of length k. */
export function reductionCycles(s: StaParams, k: number, p: NmPattern | undefined): number {
  if (!isSparse(p)) return Math.ceil(k / s.mults);
  const groups = Math.ceil(k / p.m);
  if (p.n <= s.mults) return Math.ceil(groups / Math.min(Math.floor(s.window / p.m), Math.floor(s.mults / p.n)));
  return groups * Math.ceil(p.n / s.mults);
}

/** Multipliers doing useful work per PE per cycle (for energy). */
export function activeMultipliers(s: StaParams, p: NmPattern | undefined): number {
  if (!isSparse(p) || p.n > s.mults) return s.mults;
  return Math.min(Math.floor(s.window / p.m), Math.floor(s.mults / p.n)) * p.n;
}

export interface ArrayWork {
  /** Array busy cycles. */
  busy: number;
  /** Multiply-accumulates issued. */
  macs: number;
}

function tileOverhead(s: StaParams, p: NmPattern | undefined): number {
  return s.switchCycles + (isSparse(p) ? s.decodeCycles : 0);
}

/** [rows x k] . [k x n] (a weight product when `p` is set). */
export function matmul(s: StaParams, rows: number, k: number, n: number, p?: NmPattern): ArrayWork {
  const tiles = Math.ceil(rows / s.rows) * Math.ceil(n / s.cols);
  const kc = reductionCycles(s, k, p);
  return { busy: tiles * (kc + tileOverhead(s, p)), macs: tiles * kc * s.rows * s.cols * activeMultipliers(s, p) };
}

/**
 * Row blocks of an attention product: causal queries of block i see the
 * cache plus the new tokens up to the block's last row, so only those key
 * tiles are computed.
 */
function keysOfBlock(s: StaParams, i: number, tokens: number, context: number, causal: boolean): number {
  return causal ? context + Math.min((i + 1) * s.rows, tokens) : context + tokens;
}

/** Q.K^T of one head: keys are the output columns. */
export function scores(s: StaParams, tokens: number, context: number, headDim: number, causal: boolean): ArrayWork & { scoreElements: number } {
  let busy = 0;
  let macs = 0;
  let el = 0;
  const kc = reductionCycles(s, headDim, undefined);
  for (let i = 0; i * s.rows < tokens; i++) {
    const keys = keysOfBlock(s, i, tokens, context, causal);
    const tiles = Math.ceil(keys / s.cols);
    busy += tiles * (kc + s.switchCycles);
    macs += tiles * kc * s.rows * s.cols * s.mults;
    el += Math.min(s.rows, tokens - i * s.rows) * keys;
  }
  return { busy, macs, scoreElements: el };
}

/** S.V of one head: keys are the reduction. */
export function context(s: StaParams, tokens: number, ctx: number, headDim: number, causal: boolean): ArrayWork {
  let busy = 0;
  let macs = 0;
  const tiles = Math.ceil(headDim / s.cols);
  for (let i = 0; i * s.rows < tokens; i++) {
    const kc = reductionCycles(s, keysOfBlock(s, i, tokens, ctx, causal), undefined);
    busy += tiles * (kc + s.switchCycles);
    macs += tiles * kc * s.rows * s.cols * s.mults;
  }
  return { busy, macs };
}

/** Vector-unit cycles for `passes` sweeps over n elements. */
export function vectorCycles(s: StaParams, n: number, passes: number): number {
  return passes * Math.ceil(n / s.vectorLanes);
}
