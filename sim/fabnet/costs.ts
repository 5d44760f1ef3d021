/**
 * Closed-form costs of one pass of work over the butterfly engines. All BEs
 * run in lockstep on different vectors (tokens, columns) of the same matrix,
 * so coefficients are broadcast from one stream while each BE reads its own
 * vectors: a pass is rounds of buffer-loads per BE. Within a round, a stage
 * is n/2 butterflies per vector over the BE's units and cannot start before
 * the previous stage has left the BU pipeline (`stageOverhead`).
 */
import type { TransformShape } from '../../workloads/trace.js';
import { butterfliesPerTransform } from '../../workloads/butterfly-ops.js';
import type { FabnetParams } from './params.js';

/** Cost of one pass on the engines and its memory traffic, in cycles and bytes. */
export interface PassCost {
  /** Cycles the BE array is busy. */
  busy: number;
  /** Of which computing (the rest waits for results to be written). */
  compute: number;
  /** BEs the pass uses. */
  engines: number;
  /** Extra pipeline latency after the last cycle. */
  latency: number;
  inBytes: number;
  outBytes: number;
  coefBytes: number;
  /** Output bytes of the last round, written after the engines finish. */
  tailBytes: number;
  /** Busy cycles of one round (the buffering slack of the input stream). */
  round: number;
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

/**
 * Cycles of one round on a BE: `vectors` n-point transforms packed in its
 * buffer (short transforms share a bank and are interleaved stage by stage,
 * so the stage overhead is paid once per round, not per transform).
 */
function roundCycles(p: FabnetParams, n: number, vectors: number, butterflyMode: boolean): number {
  if (n <= 1 || vectors <= 0) return 0;
  const compute = ceil((vectors * n) / 2 / p.units);
  // Butterfly mode broadcasts 4 coefficients per butterfly, shared by the packed vectors; FFT twiddles come from on-chip tables.
  const coef = butterflyMode ? ceil((2 * n * p.b) / p.coefBpc) : 0;
  return log2(n) * (Math.max(compute, coef) + p.stageOverhead);
}

/**
 * Engine cycles of `rounds` identical rounds back to back: a round's results
 * are written while the next computes, and a buffer bank is free again only
 * once they are out. The last round's write is left to the caller.
 */
function overlapRounds(rounds: number, compute: number, store: number): number {
  return rounds <= 0 ? 0 : compute + (rounds - 1) * Math.max(compute, store);
}

/** What the timing of a pass depends on, for a given number of BEs (reused to spare allocations). */
interface Timing {
  busy: number;
  compute: number;
  round: number;
  tailBytes: number;
  coefBytes: number;
  /** The smallest final write of any BE count with the same load per BE. */
  classTailBytes: number;
}
type Timer = (engines: number, out: Timing) => void;
const scratch: Timing = { busy: 0, compute: 0, round: 0, tailBytes: 0, coefBytes: 0, classTailBytes: 0 };

/** Cycles of a pass on its own, as the engine schedules it: stream lead, overlap with the stream, final write. */
function cyclesOf(p: FabnetParams, busy: number, round: number, tailBytes: number, coefBytes: number, inBytes: number, outBytes: number, latency: number): number {
  const streamed = p.shared ? inBytes + outBytes - tailBytes + coefBytes : inBytes;
  const lead = streamed > 0 ? p.memLatency : 0;
  const feed = ceil(streamed / p.inBpc);
  const finish = streamed > 0 ? Math.max(lead + busy, Math.max(feed, lead + busy - round) + 1) : busy;
  return finish + latency + (outBytes > 0 ? ceil(tailBytes / p.outBpc) + p.memLatency : 0);
}

/**
 * How many BEs a pass uses: all of them, or fewer when a smaller final
 * write makes an input-bound pass shorter. Every count from all BEs down is
 * tried, so a design with more BEs never does worse; compute time only
 * grows as BEs are taken away, so the search stops once it alone exceeds
 * the best time found.
 */
function bestEngines(p: FabnetParams, perGroup: number, timer: Timer, fixed: { inBytes: number; outBytes: number; latency: number }): number {
  const t = scratch;
  const time = () => cyclesOf(p, t.busy, t.round, t.tailBytes, t.coefBytes, fixed.inBytes, fixed.outBytes, fixed.latency);
  // What no BE count can beat: the compute itself after the stream's lead, the input stream, the write's latency.
  const lead = fixed.inBytes > 0 || p.shared ? p.memLatency : 0;
  const feed = p.shared ? 0 : ceil(fixed.inBytes / p.inBpc) + 1;
  const after = fixed.latency + (fixed.outBytes > 0 ? p.memLatency : 0);
  let best = Math.min(p.engines, perGroup);
  timer(best, t);
  let bestT = time();
  let e = best - 1;
  while (e >= 1) {
    timer(e, t);
    const bound = Math.max(lead + t.compute, feed) + after;
    if (bound >= bestT) break;
    // Counts with the same load per BE share the compute: skip them all if even their smallest write cannot win.
    const perBe = ceil(perGroup / e);
    const classLow = ceil(perGroup / perBe);
    if (fixed.outBytes > 0 && bound + ceil(t.classTailBytes / p.outBpc) >= bestT) {
      e = classLow - 1;
      continue;
    }
    const x = time();
    if (x < bestT) {
      best = e;
      bestT = x;
    }
    e--;
  }
  return best;
}

/** The passes of a butterfly-linear or FFT op on the butterfly datapath; `extraIn` bytes (a fused shortcut) stream in with the last. */
export function transformPasses(p: FabnetParams, t: TransformShape, butterflyMode: boolean, extraIn = 0): PassCost[] | undefined {
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
    const inPer = n * p.b * (inC ? 2 : 1);
    const outPer = (last ? (t.kept * n) / t.length : n) * p.b * (outC ? 2 : 1);
    const perGroup = transforms / groups;
    const pack = Math.max(1, Math.floor(p.maxLength / n));
    const fullCompute = roundCycles(p, n, pack, butterflyMode);
    const stages = log2(n);
    const coefStage = butterflyMode ? ceil((2 * n * p.b) / p.coefBpc) : 0;
    const coefPerRound = butterflyMode ? butterfliesPerTransform(n) * 4 * p.b : 0;
    // Vectors of a group spread evenly over the BEs, `pack` to a buffer bank per round.
    const timer: Timer = (engines, out) => {
      const perBe = ceil(perGroup / engines);
      const rounds = ceil(perBe / pack);
      const lastPack = perBe - (rounds - 1) * pack;
      const fullVectors = Math.min(perGroup, engines * pack);
      const lastVectors = perGroup - (rounds - 1) * fullVectors;
      const sF = p.shared ? 0 : ceil((fullVectors * outPer) / p.outBpc);
      const sT = p.shared ? 0 : ceil((lastVectors * outPer) / p.outBpc);
      // roundCycles(p, n, lastPack, butterflyMode), inlined: this runs for every BE count tried.
      const cT = stages * (Math.max(ceil((lastPack * n) / 2 / p.units), coefStage) + p.stageOverhead);
      const middle = (rounds - 2) * Math.max(fullCompute, sF) + Math.max(cT, sF);
      const firstGroup = rounds > 1 ? fullCompute + middle : cT;
      const nextGroup = rounds > 1 ? Math.max(fullCompute, sT) + middle : Math.max(cT, sT);
      out.busy = firstGroup + (groups - 1) * nextGroup;
      out.compute = groups * ((rounds - 1) * fullCompute + cT);
      out.round = rounds > 1 ? fullCompute : cT;
      out.tailBytes = lastVectors * outPer;
      // The largest BE count with this load per BE fills the most full rounds, leaving the smallest last one.
      const eMax = Math.min(perGroup, perBe === 1 ? perGroup : Math.floor((perGroup - 1) / (perBe - 1)));
      out.classTailBytes = (perGroup - (rounds - 1) * Math.min(perGroup, eMax * pack)) * outPer;
      out.coefBytes = groups * rounds * coefPerRound;
    };
    const inBytes = transforms * inPer + (last ? extraIn : 0);
    const outBytes = transforms * outPer;
    const engines = bestEngines(p, perGroup, timer, { inBytes, outBytes, latency: 0 });
    const tm: Timing = { busy: 0, compute: 0, round: 0, tailBytes: 0, coefBytes: 0, classTailBytes: 0 };
    timer(engines, tm);
    const bf = transforms * butterfliesPerTransform(n);
    return {
      busy: tm.busy,
      compute: tm.compute,
      round: tm.round,
      tailBytes: tm.tailBytes,
      coefBytes: tm.coefBytes,
      engines,
      latency: 0,
      inBytes,
      outBytes,
      butterflies: bf,
      multiplies: 4 * bf,
      adds: (butterflyMode ? 2 : 6) * bf,
      bufferValues: transforms * 2 * n * log2(n) * (butterflyMode ? 1 : 2),
    };
  });
}

/**
 * A dense product [rows x k] . [k x n], `count` times (heads), on the BE
 * multipliers: each BE takes one row and dot-products it with the matrix
 * broadcast from the coefficient stream. `perPair` real MACs per (k, n) pair
 * (2 for a DFT matrix of complex twiddles).
 */
export function densePass(p: FabnetParams, rows: number, k: number, n: number, count: number, perPair = 1, inComplex = false, outComplex = false, extraIn = 0): PassCost {
  const pairs = k * n * perPair;
  const roundCompute = Math.max(ceil(pairs / p.beMultipliers), ceil((pairs * p.b) / p.coefBpc)) + p.denseLatency;
  const outPer = n * p.b * (outComplex ? 2 : 1);
  const timer: Timer = (engines, out) => {
    const rounds = count * ceil(rows / engines);
    const active = Math.min(engines, rows);
    out.busy = overlapRounds(rounds, roundCompute, p.shared ? 0 : ceil((active * outPer) / p.outBpc));
    out.compute = rounds * roundCompute;
    out.round = roundCompute;
    out.tailBytes = active * outPer;
    // The fewest BEs with this load per BE write the smallest last round.
    out.classTailBytes = Math.min(ceil(rows / ceil(rows / engines)), rows) * outPer;
    out.coefBytes = rounds * pairs * p.b;
  };
  const inBytes = count * rows * k * p.b * (inComplex ? 2 : 1) + extraIn;
  const outBytes = count * rows * outPer;
  const engines = bestEngines(p, rows, timer, { inBytes, outBytes, latency: 0 });
  const tm: Timing = { busy: 0, compute: 0, round: 0, tailBytes: 0, coefBytes: 0, classTailBytes: 0 };
  timer(engines, tm);
  const macs = count * rows * pairs;
  return { busy: tm.busy, compute: tm.compute, round: tm.round, tailBytes: tm.tailBytes, coefBytes: tm.coefBytes, engines, latency: 0, inBytes, outBytes, butterflies: 0, multiplies: macs, adds: macs, bufferValues: 2 * count * rows * (k + n) };
}

/** Element-wise work on the BEs' serial-parallel path (shortcut add, LayerNorm, softmax, embedding sum). */
export function vectorPass(p: FabnetParams, rows: number, width: number, sweeps: number, inBytes: number, outBytes: number, latency: number): PassCost {
  const roundCompute = sweeps * ceil(width / p.normPoints);
  const timer: Timer = (engines, out) => {
    const rounds = ceil(rows / engines);
    const active = Math.min(engines, rows);
    out.busy = overlapRounds(rounds, roundCompute, p.shared || outBytes === 0 ? 0 : ceil((active * width * p.b) / p.outBpc));
    out.compute = rounds * roundCompute;
    out.round = roundCompute;
    out.tailBytes = outBytes > 0 ? active * width * p.b : 0;
    out.classTailBytes = outBytes > 0 ? Math.min(ceil(rows / ceil(rows / engines)), rows) * width * p.b : 0;
    out.coefBytes = 0;
  };
  const engines = bestEngines(p, rows, timer, { inBytes, outBytes, latency });
  const tm: Timing = { busy: 0, compute: 0, round: 0, tailBytes: 0, coefBytes: 0, classTailBytes: 0 };
  timer(engines, tm);
  return { busy: tm.busy, compute: tm.compute, round: tm.round, tailBytes: tm.tailBytes, coefBytes: tm.coefBytes, engines, latency, inBytes, outBytes, butterflies: 0, multiplies: 0, adds: sweeps * rows * width, bufferValues: 2 * rows * width };
}
