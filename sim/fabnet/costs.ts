/**
 * Closed-form costs of one pass of work over the butterfly engines (BEs), as
 * the authors' RTL moves data. All BEs run in lockstep, one vector (a
 * token's row, a column, a matrix row) each per round, on the same matrix:
 * its coefficients are broadcast on one stream and re-read every round.
 * A round on a BE has three parts:
 *  - fill: the BE's serial-to-parallel converter writes at most
 *    `fillValues` values a cycle into its buffer, whatever the stream width;
 *    all active BEs together take no more than the input stream carries;
 *  - compute: log2 n stages of n/2 butterflies over the BE's units, each
 *    stage followed by its pipeline drain (read, BU, write), since the next
 *    stage reads what it wrote;
 *  - drain: the parallel-to-serial converter reads `drainValues` a cycle,
 *    the output stream carrying all BEs' results.
 * Butterfly (and dense) mode ping-pongs the two buffer banks: while one
 * bank computes, the other drains the round before and fills the round
 * after. FFT mode holds the real parts in one bank and the imaginary parts
 * in the other, so nothing is free to prefetch into: a round loads, then
 * computes; its results drain while the next round fills. The twiddles
 * arrive on the coefficient port, queued in its FIFO until the BUs take them.
 */
import type { TransformShape } from '../../workloads/trace.js';
import { butterfliesPerTransform, COEFFICIENTS_PER_BUTTERFLY } from '../../workloads/butterfly-ops.js';
import type { FabnetParams } from './params.js';

/** Cost of one pass on the engines and its memory traffic, in cycles and bytes. */
export interface PassCost {
  /** Cycles of the first round's load before the engines can compute. */
  head: number;
  /** Engine cycles from the first compute to the end of the last (loads between FFT rounds included). */
  body: number;
  /** Of which the last round's compute. */
  last: number;
  /** Pipeline latency after the last compute, before the results leave. */
  latency: number;
  /** Cycles of the last round's drain after the engines finish. */
  tail: number;
  /** Cycles the BE units compute. */
  compute: number;
  /** FFT mode: both banks hold the round's data, so nothing loads while it computes. */
  fftMode: boolean;
  /** BEs the pass uses. */
  engines: number;
  /** Rounds of one coefficient group. */
  rounds: number;
  /** Vectors of the first round: what the pass needs before it can start. */
  firstRows: number;
  /** Vectors of the last coefficient group finished before its last round. */
  earlyRows: number;
  inBytes: number;
  outBytes: number;
  coefBytes: number;
  /** Radix-2 butterflies executed (transform passes). */
  butterflies: number;
  /** FP16 multiplies and adds executed. */
  multiplies: number;
  adds: number;
  /** Values read and written in the BE buffers. */
  bufferValues: number;
}

const log2 = Math.log2;
const ceil = Math.ceil;

/**
 * Lengths of the passes one n-point transform takes: one pass if it fits a
 * BE's buffer, otherwise n = n1 x n2 x ... (four-step decomposition), each
 * factor a pass through off-chip memory. Undefined when tiling is off.
 */
export function tilePlan(length: number, maxLength: number, tile: boolean): number[] | undefined {
  if (length <= maxLength) return [length];
  if (!tile || maxLength < 2) return undefined;
  const rest = tilePlan(length / maxLength, maxLength, tile);
  return rest ? [maxLength, ...rest] : undefined;
}

/** What one round of a pass moves and computes, per active BE. */
export interface RoundWork {
  /** Values each BE fills through its converter. */
  fill: number;
  /** Values on the input stream per BE beside them (a fused shortcut operand, which goes to the output path). */
  beside: number;
  /** Values each BE drains. */
  drain: number;
  /** Compute cycles of the round. */
  compute: number;
  /** FFT mode: values of twiddles streamed on the coefficient port before the round computes; otherwise undefined. */
  twiddles?: number;
}

/** Cycles to fill / drain a round with `a` BEs active: the converter rate, or the shared stream. */
export function fillCycles(p: FabnetParams, w: RoundWork, a: number): number {
  return Math.max(ceil(w.fill / p.fillValues), ceil((a * (w.fill + w.beside) * p.b) / p.inBpc));
}

export function drainCycles(p: FabnetParams, w: RoundWork, a: number): number {
  return Math.max(ceil(w.drain / p.drainValues), ceil((a * w.drain * p.b) / p.outBpc));
}

/** The timing of a pass with a given number of BEs. */
interface Timing {
  head: number;
  body: number;
  /** The last round's compute. */
  last: number;
  tail: number;
  rounds: number;
  firstRows: number;
  earlyRows: number;
}

/**
 * Timing of `groups` x R rounds (R = ceil(rows / engines)), the last of each
 * group with the remaining rows. Ping-pong: a round's compute may start once
 * the one before has computed and its own bank is loaded, which happens
 * while the round before computes, after the bank has drained the round
 * before that (drain and fill share the bank: its RAMs are read by the
 * output converter and written by the input converter, the fill trailing).
 * FFT mode: each round loads its data, then computes; the twiddles stream
 * from the start of the load, at most a port FIFO ahead of the BUs.
 */
function passTiming(p: FabnetParams, w: RoundWork, rows: number, groups: number, engines: number): Timing {
  const e = Math.min(engines, rows);
  const R = ceil(rows / e);
  const aL = rows - (R - 1) * e;
  const K = w.compute;
  const fE = fillCycles(p, w, e);
  const fL = fillCycles(p, w, aL);
  const dE = drainCycles(p, w, e);
  const dL = drainCycles(p, w, aL);
  const firstRows = R === 1 ? aL : e;
  const earlyRows = rows - aL;
  if (w.twiddles !== undefined) {
    // The twiddles stream on the coefficient port from the start of the round's load into the port's FIFO
    // (there is no other store while both banks hold data); the BUs take them as they compute.
    const T = ceil((w.twiddles * p.b) / p.coefBpc);
    const computeAfter = (load: number) => Math.max(K, T - Math.min(load, p.coefFifoCycles));
    const round = (load: number) => load + computeAfter(load);
    // Round j's drain runs with round j+1's fill (the fill trailing); a group's first round follows the last of the one before.
    const head = R === 1 ? fL : fE;
    let body: number;
    let last: number;
    if (R === 1) {
      body = computeAfter(fL) + (groups - 1) * round(Math.max(fL, dL));
      last = groups === 1 ? computeAfter(fL) : computeAfter(Math.max(fL, dL));
    } else {
      body = computeAfter(fE) + (groups - 1) * round(Math.max(fE, dL)) + groups * ((R - 2) * round(Math.max(fE, dE)) + round(Math.max(fL, dE)));
      last = computeAfter(Math.max(fL, dE));
    }
    return { head, body, last, tail: dL, rounds: R, firstRows, earlyRows };
  }
  // Steps between consecutive compute starts: max(K, drain of the round before, fill of the round after).
  const s = (dPrev: number, fNext: number) => Math.max(K, dPrev, fNext);
  let steps: number;
  let dBeforeLast: number;
  if (R === 1) {
    steps = groups >= 2 ? s(0, fL) + (groups - 2) * s(dL, fL) : 0;
    dBeforeLast = groups >= 2 ? dL : 0;
  } else {
    const fSecond = R === 2 ? fL : fE;
    const first = s(0, fSecond) + (groups - 1) * s(dL, fSecond);
    const middle = groups * (Math.max(0, R - 3) * s(dE, fE) + (R >= 3 ? s(dE, fL) : 0));
    const acrossGroups = (groups - 1) * s(dE, fE);
    steps = first + middle + acrossGroups;
    dBeforeLast = dE;
  }
  // The converter drains the round before the last while the last computes; what is left delays the last drain.
  return { head: R === 1 ? fL : fE, body: steps + K, last: K, tail: Math.max(0, dBeforeLast - K) + dL, rounds: R, firstRows, earlyRows };
}

/**
 * A pass's cost for each number of BEs it may use, ascending: its rows
 * spread evenly over the fewest BEs that take the same number of rounds
 * (ceil(rows / R) for R rounds). `best[i]` is the option that makes the pass
 * shortest on its own among the first i + 1 (fewer BEs can win when smaller
 * rounds suit narrow streams). The lowering picks a cap for a whole run of
 * ops (lower.ts), so that a design with more BEs never does worse.
 */
export interface PassOptions {
  readonly engines: Int32Array;
  readonly options: readonly PassCost[];
  readonly best: Int32Array;
  /** The least head, body and tail among the first i + 1 options: what the pass costs at least under any cap up to engines[i]. */
  readonly floor: { readonly head: Float64Array; readonly body: Float64Array; readonly tail: Float64Array };
}

/** Index of the largest option with at most `cap` BEs (the first if none). */
export function optionIndex(o: PassOptions, cap: number): number {
  let lo = 0;
  let hi = o.engines.length - 1;
  if (o.engines[0] > cap) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (o.engines[mid] <= cap) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The pass as it runs with at most `cap` BEs. */
export function choose(o: PassOptions, cap: number): PassCost {
  return o.options[o.best[optionIndex(o, cap)]];
}

interface Traffic {
  inBytes: number;
  outBytes: number;
  butterflies: number;
  multiplies: number;
  adds: number;
  bufferValues: number;
}

/** Options of a pass of `groups` x rounds; `coefPerRound` bytes stream on the coefficient port every round. */
function optionsOf(p: FabnetParams, w: RoundWork, rows: number, groups: number, latency: number, coefPerRound: number, traffic: Traffic): PassOptions {
  const counts: number[] = [];
  for (let R = ceil(rows / Math.max(1, Math.min(p.engines, rows))); ; ) {
    const e = ceil(rows / R);
    counts.push(e);
    if (e <= 1) break;
    R = ceil(rows / (e - 1));
  }
  counts.reverse();
  const options: PassCost[] = [];
  const best = new Int32Array(counts.length);
  const floor = { head: new Float64Array(counts.length), body: new Float64Array(counts.length), tail: new Float64Array(counts.length) };
  const total = (c: PassCost) => c.head + c.body + c.latency + c.tail;
  counts.forEach((e, i) => {
    const t = passTiming(p, w, rows, groups, e);
    const c: PassCost = {
      head: t.head,
      body: t.body,
      last: t.last,
      latency,
      tail: t.tail,
      compute: groups * t.rounds * w.compute,
      fftMode: w.twiddles !== undefined,
      engines: e,
      rounds: t.rounds,
      firstRows: t.firstRows,
      earlyRows: t.earlyRows,
      coefBytes: groups * t.rounds * coefPerRound,
      ...traffic,
    };
    options.push(c);
    // Ties go to more BEs.
    best[i] = i === 0 || total(c) <= total(options[best[i - 1]]) ? i : best[i - 1];
    floor.head[i] = i === 0 ? c.head : Math.min(floor.head[i - 1], c.head);
    floor.body[i] = i === 0 ? c.body : Math.min(floor.body[i - 1], c.body);
    floor.tail[i] = i === 0 ? c.tail : Math.min(floor.tail[i - 1], c.tail);
  });
  return { engines: Int32Array.from(counts), options, best, floor };
}

/** Twiddle values of one round of an n-point radix-2 FFT: n/2 complex factors per stage, two FP16 values each. */
export function twiddleValues(n: number): number {
  return n * log2(n);
}

/** The passes of a butterfly-linear or FFT op on the butterfly datapath; `extraIn` bytes (a fused shortcut) stream in with the last. */
export function transformOptions(p: FabnetParams, t: TransformShape, butterflyMode: boolean, extraIn = 0): PassOptions[] | undefined {
  const plan = tilePlan(t.length, p.maxLength, p.tile);
  if (!plan) return undefined;
  return plan.map((n, i) => {
    const split = t.length / n;
    const transforms = t.transforms * split;
    // Each position of a split butterfly has its own coefficients; FFT twiddles are shared.
    const groups = butterflyMode ? t.groups * split : 1;
    const first = i === 0;
    const last = i === plan.length - 1;
    // Intermediate results of a tiled FFT stay complex; butterfly layers are real throughout.
    const inC = first ? t.inputComplex : !butterflyMode;
    const outC = last ? t.outputComplex : !butterflyMode;
    const inPer = n * (inC ? 2 : 1);
    const outPer = (last ? (t.kept * n) / t.length : n) * (outC ? 2 : 1);
    const rows = transforms / groups;
    const stages = log2(n);
    const butterflies = butterfliesPerTransform(n);
    const perStage = ceil(n / 2 / p.units);
    // Butterfly mode: the BUs take each butterfly's coefficients from the broadcast stream as they compute
    // (n / 2 butterflies a stage); the stream runs on into the port FIFO while a stage's pipeline drains.
    const coefStage = butterflyMode ? ceil(((n / 2) * COEFFICIENTS_PER_BUTTERFLY * p.b) / p.coefBpc) : 0;
    // A stage starts once the stage before has written all its outputs back to the bank.
    const stage = perStage + (butterflyMode ? p.stageDrain : p.fftStageDrain);
    const beside = last && extraIn > 0 ? extraIn / p.b / transforms : 0;
    const w: RoundWork = {
      fill: inPer,
      beside,
      drain: outPer,
      compute: stages * Math.max(stage, coefStage),
      twiddles: butterflyMode ? undefined : twiddleValues(n),
    };
    // Every round streams the coefficients (butterfly mode) or the twiddles (FFT mode) anew.
    const coefPerRound = (butterflyMode ? butterflies * COEFFICIENTS_PER_BUTTERFLY : twiddleValues(n)) * p.b;
    return optionsOf(p, w, rows, groups, 0, coefPerRound, {
      inBytes: transforms * inPer * p.b + (last ? extraIn : 0),
      outBytes: transforms * outPer * p.b,
      butterflies: transforms * butterflies,
      // One multiply per coefficient; FFT mode's complex twiddle product takes as many.
      multiplies: COEFFICIENTS_PER_BUTTERFLY * transforms * butterflies,
      adds: (butterflyMode ? 2 : 6) * transforms * butterflies,
      bufferValues: transforms * 2 * n * stages * (butterflyMode ? 1 : 2),
    });
  });
}

/** The passes of a transform op with all BEs allowed. */
export function transformPasses(p: FabnetParams, t: TransformShape, butterflyMode: boolean, extraIn = 0): PassCost[] | undefined {
  return transformOptions(p, t, butterflyMode, extraIn)?.map((o) => choose(o, p.engines));
}

/**
 * A dense product [rows x k] . [k x n], `count` times (heads), on the BE
 * multipliers: each BE takes one row and dot-products it with the matrix
 * broadcast from the coefficient stream. `perPair` real MACs per (k, n) pair
 * (2 for a DFT matrix of complex twiddles).
 */
export function denseOptions(p: FabnetParams, rows: number, k: number, n: number, count: number, perPair = 1, inComplex = false, outComplex = false, extraIn = 0): PassOptions {
  const pairs = k * n * perPair;
  const w: RoundWork = {
    fill: k * (inComplex ? 2 : 1),
    beside: extraIn / p.b / (rows * count),
    drain: n * (outComplex ? 2 : 1),
    compute: Math.max(ceil(pairs / p.beMultipliers), ceil((pairs * p.b) / p.coefBpc)) + p.denseLatency,
  };
  const macs = count * rows * pairs;
  return optionsOf(p, w, rows, count, 0, pairs * p.b, {
    inBytes: count * rows * w.fill * p.b + extraIn,
    outBytes: count * rows * w.drain * p.b,
    butterflies: 0,
    multiplies: macs,
    adds: macs,
    bufferValues: 2 * count * rows * (k + n),
  });
}

/** Element-wise work on the BEs' serial-parallel path (shortcut add, LayerNorm, softmax, embedding sum): `operands` rows in per row out. */
export function vectorOptions(p: FabnetParams, rows: number, width: number, sweeps: number, operands: number, latency: number): PassOptions {
  const w: RoundWork = { fill: operands * width, beside: 0, drain: width, compute: sweeps * ceil(width / p.normPoints) };
  return optionsOf(p, w, rows, 1, latency, 0, {
    inBytes: rows * operands * width * p.b,
    outBytes: rows * width * p.b,
    butterflies: 0,
    multiplies: 0,
    adds: sweeps * rows * width,
    bufferValues: 2 * rows * width,
  });
}
