/**
 * Closed-form cycle counts of the STA-style array. An output tile is
 * rows x cols outputs; the array walks the reduction dimension k, each PE
 * consuming per cycle either `mults` dense elements or, in sparse mode, whole
 * M-groups: with N <= mults it takes min(window / M, mults / N) groups a
 * cycle, so an N:M product runs up to window / mults faster than dense.
 * Ceilings are the load imbalance of dimensions that do not divide the array.
 * Attention products always run in dense mode.
 */
import type { NmPattern } from '../../workloads/sparsity.js';
import type { StaParams } from './params.js';

function isSparse(p: NmPattern | undefined): p is NmPattern {
  return !!p && p.n < p.m;
}

/** Cycles for one output tile to walk k in sparse mode (selector active). */
function sparseCycles(s: StaParams, k: number, p: NmPattern): number {
  const groups = Math.ceil(k / p.m);
  if (p.n <= s.mults) return Math.ceil(groups / Math.min(Math.floor(s.window / p.m), Math.floor(s.mults / p.n)));
  return groups * Math.ceil(p.n / s.mults);
}

/** Multipliers doing useful work per PE per cycle in sparse mode (for energy). */
function sparseMultipliers(s: StaParams, p: NmPattern): number {
  if (p.n > s.mults) return s.mults;
  return Math.min(Math.floor(s.window / p.m), Math.floor(s.mults / p.n)) * p.n;
}

interface TileMode {
  /** Whether the selector is used (else the decoder expands kept weights to a dense tile). */
  sparse: boolean;
  /** Cycles to walk the reduction. */
  cycles: number;
  /** Cycles between output tiles (switch, plus index decode in sparse mode). */
  overhead: number;
  multipliers: number;
}

/**
 * The mode an output tile runs in: sparse when it is faster, dense
 * otherwise. A pattern whose N does not fit the multipliers well (e.g. 7:8 on
 * 2 multipliers) gains nothing from selection, and the engine is never made
 * slower by sparsity.
 */
function tileMode(s: StaParams, k: number, p: NmPattern | undefined): TileMode {
  const dense: TileMode = { sparse: false, cycles: Math.ceil(k / s.mults), overhead: s.switchCycles, multipliers: s.mults };
  if (!isSparse(p)) return dense;
  const sp: TileMode = { sparse: true, cycles: sparseCycles(s, k, p), overhead: s.switchCycles + s.decodeCycles, multipliers: sparseMultipliers(s, p) };
  return sp.cycles + sp.overhead < dense.cycles + dense.overhead ? sp : dense;
}

/** Cycles for one output tile to walk a reduction of length k. */
export function reductionCycles(s: StaParams, k: number, p: NmPattern | undefined): number {
  return tileMode(s, k, p).cycles;
}

export interface ArrayWork {
  /** Array busy cycles. */
  busy: number;
  /** Multiply-accumulates issued. */
  macs: number;
  /** Whether the selector was used. */
  sparse: boolean;
}

/** [rows x k] . [k x n] (a weight product when `p` is set). */
export function matmul(s: StaParams, rows: number, k: number, n: number, p?: NmPattern): ArrayWork {
  const tiles = Math.ceil(rows / s.rows) * Math.ceil(n / s.cols);
  // Row slices are whole M-groups in sparse mode but single elements in dense mode: compare each at its own split.
  const dense = tileMode(s, splitReduction(s, rows, k), undefined);
  const sparse = isSparse(p) ? tileMode(s, splitReduction(s, rows, k, p), p) : dense;
  const t = sparse.cycles + sparse.overhead < dense.cycles + dense.overhead ? sparse : dense;
  return { busy: tiles * (t.cycles + t.overhead), macs: tiles * t.cycles * s.rows * s.cols * t.multipliers, sparse: t.sparse };
}

/**
 * With row splitting, a product with fewer rows than the array (generation:
 * one row per sequence) gives each idle PE row a slice of the reduction,
 * whole M-groups each; the slices' partial sums meet in a pipelined adder
 * tree down the column. Returns the reduction length one PE row walks.
 */
function splitReduction(s: StaParams, rows: number, k: number, p?: NmPattern): number {
  if (!s.rowSplit || rows >= s.rows) return k;
  const parts = Math.floor(s.rows / Math.max(1, rows));
  const unit = isSparse(p) ? p.m : 1;
  return Math.ceil(Math.ceil(k / unit) / parts) * unit;
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
  return { busy, macs, sparse: false, scoreElements: el };
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
  return { busy, macs, sparse: false };
}

/** Vector-unit cycles for `passes` sweeps over n elements. */
export function vectorCycles(s: StaParams, n: number, passes: number): number {
  return passes * Math.ceil(n / s.vectorLanes);
}
