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
export function roundCycles(p: FabnetParams, n: number, vectors: number, butterflyMode: boolean): number {
  if (n <= 1 || vectors <= 0) return 0;
  const compute = ceil((vectors * n) / 2 / p.units);
  // Butterfly mode broadcasts 4 coefficients per butterfly, shared by the packed vectors; FFT twiddles come from on-chip tables.
  const coef = butterflyMode ? ceil((2 * n * p.b) / p.coefBpc) : 0;
  return log2(n) * (Math.max(compute, coef) + p.stageOverhead);
}

/** One round of a pass: engine cycles and the cycles to write its results. */
export interface Round {
  compute: number;
  store: number;
}

/**
 * Engine cycles of rounds run back to back, `count` of each in order: a
 * round's results are written while the next computes, and a buffer bank
 * is free again only once they are out. The last round's write is left
 * to the caller (it follows the engines).
 */
export function overlapRounds(seq: readonly (readonly [number, Round])[]): number {
  let busy = 0;
  let prevStore = 0;
  for (const [count, r] of seq) {
    if (count <= 0) continue;
    busy += Math.max(r.compute, prevStore) + (count - 1) * Math.max(r.compute, r.store);
    prevStore = r.store;
  }
  return busy;
}

/** BE-cycles of one n-point transform alone on a BE. */
export function transformCycles(p: FabnetParams, n: number, butterflyMode: boolean): number {
  return roundCycles(p, n, 1, butterflyMode);
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
    const shape: SubPass = {
      n,
      transforms,
      groups,
      butterflyMode,
      inPer: n * p.b * (inC ? 2 : 1),
      outPer: (last ? (t.kept * n) / t.length : n) * p.b * (outC ? 2 : 1),
      extraIn: last ? extraIn : 0,
    };
    return bestSpread(p, transforms / groups, (e) => transformPass(p, shape, e));
  });
}

interface SubPass {
  n: number;
  transforms: number;
  groups: number;
  butterflyMode: boolean;
  inPer: number;
  outPer: number;
  extraIn: number;
}

/** One transform pass with its vectors spread evenly over `engines` BEs and packed into their buffer banks. */
function transformPass(p: FabnetParams, s: SubPass, engines: number): PassCost {
  const { n, transforms, groups, butterflyMode, outPer } = s;
  const perGroup = transforms / groups;
  const perBe = ceil(perGroup / engines);
  const pack = Math.max(1, Math.floor(p.maxLength / n));
  const rounds = ceil(perBe / pack);
  const lastPack = perBe - (rounds - 1) * pack;
  const fullVectors = Math.min(perGroup, engines * pack);
  const lastVectors = perGroup - (rounds - 1) * fullVectors;
  const store = (v: number) => (p.shared ? 0 : ceil((v * outPer) / p.outBpc));
  const full: Round = { compute: roundCycles(p, n, pack, butterflyMode), store: store(fullVectors) };
  const tail: Round = { compute: roundCycles(p, n, lastPack, butterflyMode), store: store(lastVectors) };
  const seq: [number, Round][] = [];
  for (let g = 0; g < groups && g < 2; g++) seq.push([rounds - 1, full], [1, tail]);
  // Groups after the second repeat the second's pattern exactly.
  const busy = overlapRounds(seq) + (groups > 2 ? (groups - 2) * (overlapRounds(seq) - overlapRounds(seq.slice(0, 2))) : 0);
  const bf = transforms * butterfliesPerTransform(n);
  return {
    busy,
    compute: groups * ((rounds - 1) * full.compute + tail.compute),
    engines: Math.min(engines, perGroup),
    latency: 0,
    inBytes: transforms * s.inPer + s.extraIn,
    outBytes: transforms * outPer,
    coefBytes: butterflyMode ? groups * rounds * butterfliesPerTransform(n) * 4 * p.b : 0,
    tailBytes: lastVectors * outPer,
    round: Math.max(full.compute, tail.compute),
    butterflies: bf,
    multiplies: 4 * bf,
    adds: (butterflyMode ? 2 : 6) * bf,
    bufferValues: transforms * 2 * n * log2(n) * (butterflyMode ? 1 : 2),
  };
}

/** Cycles of a pass on its own, as the engine schedules it: stream lead, overlap with the stream, final write. */
export function passCycles(p: FabnetParams, c: PassCost): number {
  const streamed = p.shared ? c.inBytes + c.outBytes - c.tailBytes + c.coefBytes : c.inBytes;
  const lead = streamed > 0 ? p.memLatency : 0;
  const feed = ceil(streamed / p.inBpc);
  const finish = streamed > 0 ? Math.max(lead + c.busy, Math.max(feed, lead + c.busy - c.round) + 1) : c.busy;
  return finish + c.latency + (c.outBytes > 0 ? ceil(c.tailBytes / p.outBpc) + p.memLatency : 0);
}

/**
 * How many BEs a pass uses: all of them, or fewer when a smaller final
 * write makes an input-bound pass shorter. Every count from all BEs down is
 * tried, so a design with more BEs never does worse; compute time only
 * grows as BEs are taken away, so the search stops once it alone exceeds
 * the best time found.
 */
export function bestSpread(p: FabnetParams, perGroup: number, build: (engines: number) => PassCost): PassCost {
  let best = build(Math.min(p.engines, perGroup));
  let bestT = passCycles(p, best);
  for (let e = best.engines - 1; e >= 1; e--) {
    const c = build(e);
    if (c.compute >= bestT) break;
    const t = passCycles(p, c);
    if (t < bestT) {
      best = c;
      bestT = t;
    }
  }
  return best;
}

/**
 * A dense product [rows x k] . [k x n], `count` times (heads), on the BE
 * multipliers: each BE takes one row and dot-products it with the matrix
 * broadcast from the coefficient stream. `perPair` real MACs per (k, n) pair
 * (2 for a DFT matrix of complex twiddles).
 */
export function densePass(p: FabnetParams, rows: number, k: number, n: number, count: number, perPair = 1, inComplex = false, outComplex = false, extraIn = 0): PassCost {
  return bestSpread(p, rows, (e) => densePassOn(p, e, rows, k, n, count, perPair, inComplex, outComplex, extraIn));
}

function densePassOn(p: FabnetParams, engines: number, rows: number, k: number, n: number, count: number, perPair: number, inComplex: boolean, outComplex: boolean, extraIn: number): PassCost {
  const rounds = count * ceil(rows / engines);
  const active = Math.min(engines, rows);
  const pairs = k * n * perPair;
  const compute = ceil(pairs / p.beMultipliers);
  const coef = ceil((pairs * p.b) / p.coefBpc);
  const outPer = n * p.b * (outComplex ? 2 : 1);
  const round: Round = { compute: Math.max(compute, coef) + p.denseLatency, store: p.shared ? 0 : ceil((active * outPer) / p.outBpc) };
  const macs = count * rows * pairs;
  return {
    busy: overlapRounds([[rounds, round]]),
    compute: rounds * round.compute,
    engines: active,
    latency: 0,
    inBytes: count * rows * k * p.b * (inComplex ? 2 : 1) + extraIn,
    outBytes: count * rows * outPer,
    coefBytes: rounds * pairs * p.b,
    tailBytes: active * outPer,
    round: round.compute,
    butterflies: 0,
    multiplies: macs,
    adds: macs,
    bufferValues: 2 * count * rows * (k + n),
  };
}

/** Element-wise work on the BEs' serial-parallel path (shortcut add, LayerNorm, softmax, embedding sum). */
export function vectorPass(p: FabnetParams, rows: number, width: number, sweeps: number, inBytes: number, outBytes: number, latency: number): PassCost {
  return bestSpread(p, rows, (e) => vectorPassOn(p, e, rows, width, sweeps, inBytes, outBytes, latency));
}

function vectorPassOn(p: FabnetParams, engines: number, rows: number, width: number, sweeps: number, inBytes: number, outBytes: number, latency: number): PassCost {
  const rounds = ceil(rows / engines);
  const active = Math.min(engines, rows);
  const round: Round = { compute: sweeps * ceil(width / p.normPoints), store: p.shared || outBytes === 0 ? 0 : ceil((active * width * p.b) / p.outBpc) };
  return {
    busy: overlapRounds([[rounds, round]]),
    compute: rounds * round.compute,
    engines: active,
    latency,
    inBytes,
    outBytes,
    coefBytes: 0,
    tailBytes: outBytes > 0 ? active * width * p.b : 0,
    round: round.compute,
    butterflies: 0,
    multiplies: 0,
    adds: sweeps * rows * width,
    bufferValues: 2 * rows * width,
  };
}
