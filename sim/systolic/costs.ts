/**
 * Closed-form costs of the systolic arrays and the ring collectives.
 *
 * A product of `count` independent [m x k] . [k x n] GEMMs is cut into folds:
 * tiles of the stationary operand the array holds while the other streams
 * through it.
 * - Weight-stationary: a fold holds a height x width tile of the [k x n]
 *   matrix and streams T = m rows past it; the k-folds of an output column
 *   accumulate in place. Output-column tiles (and, when there are fewer of
 *   them than arrays, slices of the rows) are spread over the chip's arrays.
 * - Output-stationary: a fold holds a height x width tile of the [m x n]
 *   result and streams T = k reduction steps through it; output tiles are
 *   spread over the arrays.
 * A fold of T streaming steps costs T cycles, but never less than the
 * `height` cycles it takes to load the next stationary tile (or drain the
 * last results) when that is double-buffered; without double buffering each
 * fold pays its own load, skew and drain (2 height + width - 2 + T, the
 * SCALE-Sim form). With double buffering one load, skew and drain are paid
 * per product. Ceilings are the padding of dimensions that do not divide
 * the array and the imbalance of folds that do not divide the arrays.
 */
import type { ArrayShape, SystolicParams } from './params.js';

export interface ArrayWork {
  /** Cycles the arrays are busy. */
  readonly cycles: number;
  /** PE-cycles that multiply (padding of a partial tile included): for energy. */
  readonly macs: number;
  /** Bytes of the stationary operand loaded into the arrays (from core SRAM). */
  readonly stationaryBytes: number;
  /** Bytes of the streamed operand read from core SRAM (once per fold that consumes it). */
  readonly streamedBytes: number;
}

/** Cycles one fold of T streaming steps costs, and the fixed cost per product. */
function fold(a: ArrayShape, t: number): number {
  return a.doubleBuffered ? Math.max(t, a.height) : t + 2 * a.height + a.width - 2;
}

function fixed(a: ArrayShape): number {
  return a.doubleBuffered ? 2 * a.height + a.width - 2 : 0;
}

/**
 * `count` GEMMs of [m x k] . [k x n] on the chip's arrays; operands of
 * `bytes` bytes per element. `warm`: the arrays are already streaming the
 * same operator (a later wave of its heads), so no first load, skew or drain.
 */
export function gemm(a: ArrayShape, m: number, k: number, n: number, count: number, bytes: number, warm = false): ArrayWork {
  if (m <= 0 || k <= 0 || n <= 0 || count <= 0) return { cycles: 0, macs: 0, stationaryBytes: 0, streamedBytes: 0 };
  const cells = a.height * a.width;
  const fn = Math.ceil(n / a.width);
  if (a.dataflow === 'output_stationary') {
    const fm = Math.ceil(m / a.height);
    const folds = count * fm * fn;
    const rounds = Math.ceil(folds / a.arrays);
    // Each output tile streams its rows of the input and its columns of the weights.
    return { cycles: (warm ? 0 : fixed(a)) + rounds * fold(a, k), macs: folds * k * cells, stationaryBytes: 0, streamedBytes: count * (fn * m * k + fm * k * n) * bytes };
  }
  const fk = Math.ceil(k / a.height);
  let best = Number.POSITIVE_INFINITY;
  let split = 1;
  // Split the rows over arrays that would otherwise idle (each slice loads the same weights).
  for (let s = 1; s <= Math.min(m, a.arrays); s *= 2) {
    const c = Math.ceil((count * fn * s) / a.arrays) * fk * fold(a, Math.ceil(m / s));
    if (c < best) {
      best = c;
      split = s;
    }
  }
  return {
    cycles: (warm ? 0 : fixed(a)) + best,
    macs: count * fn * fk * m * cells,
    stationaryBytes: count * split * fk * fn * cells * bytes,
    streamedBytes: count * fn * m * k * bytes,
  };
}

/** Keys a query row block computes on average when key tiles wholly above the causal diagonal are skipped. */
export function blockKeys(a: ArrayShape, tokens: number, context: number, causal: boolean): number {
  if (!causal) return context + tokens;
  const block = Math.min(tokens, a.height);
  return context + Math.ceil((tokens + block) / 2);
}

/** Vector-unit cycles for `ops` element operations. */
export function vectorCycles(p: SystolicParams, ops: number): number {
  return Math.ceil(ops / p.vectorLanes);
}

export interface Collective {
  readonly cycles: number;
  /** Bytes each chip sends. */
  readonly sent: number;
}

/** Ring all-reduce of `bytes` held by each chip: 2(k-1) steps, each moving 1/k of the data. */
export function allReduce(p: SystolicParams, bytes: number): Collective {
  const k = p.devices;
  if (k <= 1) return { cycles: 0, sent: 0 };
  const sent = (2 * (k - 1) * bytes) / k;
  return { cycles: 2 * (k - 1) * p.hopCycles + Math.ceil(sent / p.ringBpc), sent };
}

/** Ring all-gather where each chip contributes `bytes`. */
export function allGather(p: SystolicParams, bytes: number): Collective {
  const k = p.devices;
  if (k <= 1) return { cycles: 0, sent: 0 };
  const sent = (k - 1) * bytes;
  return { cycles: (k - 1) * p.hopCycles + Math.ceil(sent / p.ringBpc), sent };
}
