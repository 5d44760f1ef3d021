/**
 * Lowering of a FABNet trace onto the butterfly engines. Every op is a pass
 * (or, for tiled transforms, several) that reads its operands from off-chip
 * memory on the input stream, runs on the BE array and writes its result on
 * the output stream; the next op's stream waits for that write. The
 * shortcut add and LayerNorm after a pass that leaves one token per vector
 * run on that pass's output path (the same datapath), as does GELU: they
 * add a shortcut read and pipeline latency, not a pass of their own.
 */
import { type Op, type StepOps, layerSegments } from '../../workloads/trace.js';
import type { LoweredStep } from '../template.js';
import { type Block, type Instr, type OpInfo, noEvents } from '../engine/program.js';
import { type PassCost, densePass, tilePlan, transformPasses, vectorPass } from './costs.js';
import type { FabnetParams } from './params.js';

/** Why an op cannot run on this design (a transform too long for the buffers), or undefined. */
export function opProblem(p: FabnetParams, o: Op): string | undefined {
  if ((o.kind === 'butterfly' || o.kind === 'fft') && !p.dense && o.transform && !tilePlan(o.transform.length, p.maxLength, p.tile)) {
    return `${o.name}: a ${o.transform.length}-point transform exceeds the ${p.maxLength}-point BE buffer and long_transforms is 'reject' (set long_transforms=tile, or use a shorter sequence / width)`;
  }
  return undefined;
}

/** How an op runs: passes of its own, latency on the pass before it (fused), or nothing on the critical path. */
export interface PlannedOp {
  op: Op;
  passes: PassCost[];
  /** Fused into the previous pass's output path with this latency. */
  fusedLatency?: number;
}

const PRODUCERS = new Set(['butterfly', 'fft', 'linear']);
/** Activations ride on their producer's output path (SiLU x up as GELU does, with the gate read beside it). */
const ACTIVATIONS = new Set(['gelu', 'relu', 'silu_mul']);
const NORMS = new Set(['layernorm', 'rmsnorm']);

/** Element-wise ops fused onto the output path of the op before them. */
function fusedFlags(ops: readonly Op[]): boolean[] {
  const fused = ops.map(() => false);
  ops.forEach((o, i) => {
    const prev = ops[i - 1];
    if (!prev) return;
    if (ACTIVATIONS.has(o.kind)) fused[i] = true;
    else if (o.kind === 'residual' && PRODUCERS.has(prev.kind)) fused[i] = true;
    else if (NORMS.has(o.kind) && prev.kind === 'residual' && fused[i - 1]) fused[i] = true;
  });
  return fused;
}

/** The passes of one op on its own; `shortcutBytes` of a fused shortcut add stream in beside its input. */
function ownPasses(p: FabnetParams, o: Op, shortcutBytes: number): PassCost[] {
  const b = p.b;
  let passes: PassCost[];
  switch (o.kind) {
    case 'butterfly':
    case 'fft': {
      const t = o.transform;
      if (!t) throw new Error(`${o.name}: ${o.kind} op without a transform shape`);
      if (p.dense) {
        // The dense datapath multiplies by the equivalent dense matrix (a DFT matrix for FFTs).
        passes = o.kind === 'fft' ? [densePass(p, t.transforms, t.length, t.length, 1, 2, t.inputComplex, t.outputComplex, shortcutBytes)] : [densePass(p, o.m, o.k, o.n, 1, 1, false, false, shortcutBytes)];
      } else {
        const tp = transformPasses(p, t, o.kind === 'butterfly', shortcutBytes);
        if (!tp) throw new Error(`${o.name}: transform too long (checked by the simulator)`);
        passes = tp;
      }
      break;
    }
    case 'linear':
    case 'attn_scores':
    case 'attn_context':
      passes = [densePass(p, o.m, o.k, o.n, o.count, 1, false, false, shortcutBytes)];
      break;
    case 'softmax': {
      const rows = o.m * o.count;
      const bytes = rows * o.k * b;
      passes = [vectorPass(p, rows, o.k, 3, bytes, bytes, p.normLatency)];
      break;
    }
    case 'residual': {
      const bytes = o.m * o.k * b;
      passes = [vectorPass(p, o.m, o.k, 1, 2 * bytes, bytes, 0)];
      break;
    }
    case 'layernorm':
    case 'rmsnorm': {
      // Both take statistics in one sweep (RMSNorm with fewer operations) and normalise in a second.
      const bytes = o.m * o.k * b;
      passes = [vectorPass(p, o.m, o.k, 2, bytes, bytes, p.normLatency)];
      break;
    }
    case 'rotary': {
      const bytes = o.m * o.k * b;
      passes = [vectorPass(p, o.m, o.k, 1, bytes, bytes, 0)];
      break;
    }
    case 'embedding': {
      const bytes = o.m * o.k * b;
      passes = [vectorPass(p, o.m, o.k, 1, (o.lookups ?? 2) * bytes, bytes, 0)];
      break;
    }
    default:
      throw new Error(`FABNet lowering: no rule for ${o.kind} (the template's capabilities should have refused it)`);
  }
  return passes;
}

/**
 * Pass costs are a pure function of the design and the op's shape; designs
 * are immutable, so they are memoised per design (sweeps over workloads and
 * repeated requests reuse them). Bounded so that long sweeps do not grow it.
 */
const passCache = new WeakMap<FabnetParams, Map<string, PassCost[]>>();
const CACHE_LIMIT = 4096;

function cachedPasses(p: FabnetParams, o: Op, shortcutBytes: number): PassCost[] {
  let m = passCache.get(p);
  if (!m) passCache.set(p, (m = new Map()));
  const t = o.transform;
  const key = t
    ? `${o.kind}|${o.m}|${o.k}|${o.n}|${t.length}|${t.transforms}|${t.groups}|${t.kept}|${+t.inputComplex}${+t.outputComplex}|${shortcutBytes}`
    : `${o.kind}|${o.m}|${o.k}|${o.n}|${o.count}|${o.lookups ?? ''}|${shortcutBytes}`;
  let v = m.get(key);
  if (!v) {
    if (m.size >= CACHE_LIMIT) m.clear();
    m.set(key, (v = ownPasses(p, o, shortcutBytes)));
  }
  return v;
}

/** Plan a straight run of ops: which run as passes and which ride on the pass before. */
export function planOps(p: FabnetParams, ops: readonly Op[]): PlannedOp[] {
  const fused = fusedFlags(ops);
  return ops.map((o, i) => {
    if (fused[i]) {
      const latency = ACTIVATIONS.has(o.kind) ? p.geluLatency : NORMS.has(o.kind) ? p.normLatency : 0;
      return { op: o, passes: [], fusedLatency: latency };
    }
    const next = ops[i + 1];
    const shortcut = next && fused[i + 1] && next.kind === 'residual' ? next.m * next.k * p.b : 0;
    return { op: o, passes: cachedPasses(p, o, shortcut) };
  });
}


/** Lower a straight run of ops into one block. */
export function lowerOps(p: FabnetParams, ops: readonly Op[], plan = planOps(p, ops), unitBusy?: readonly number[]): Block {
  const infos: OpInfo[] = [];
  const instrs: Instr[] = [];
  const emit = (i: Instr) => instrs.push(i) - 1;
  let compute = -1;
  let dataReady = [-1];
  let pendingStore: { op: number; bytes: number } | undefined;
  const flush = () => {
    if (!pendingStore) return;
    const s = emit({ op: pendingStore.op, unit: p.outUnit, busy: Math.ceil(pendingStore.bytes / p.outBpc), latency: p.memLatency, deps: [compute] });
    dataReady = [s];
    pendingStore = undefined;
  };
  for (const { op: o, passes, fusedLatency } of plan) {
    const idx = infos.push({ name: o.name, category: o.category, flops: o.flops, events: noEvents() }) - 1;
    const ev = infos[idx].events;
    if (fusedLatency !== undefined) {
      // Element operations as the trace counts them (workloads/transformer-ops.ts).
      ev.vector += o.flops;
      // Rides on the output path of the pass before: its write waits for this stage of the pipeline.
      if (fusedLatency > 0 && compute >= 0) compute = emit({ op: idx, unit: p.be, busy: 0, latency: fusedLatency, deps: [compute] });
      continue;
    }
    for (const c of passes) {
      flush();
      ev.mac += c.multiplies;
      ev.vector += c.adds;
      ev.offchip[p.memKind] = (ev.offchip[p.memKind] ?? 0) + c.inBytes + c.outBytes + c.coefBytes;
      ev.sram += c.bufferValues * p.b;
      // A shared memory carries every byte of the pass on one stream; separate ports only the reads.
      const streamed = p.shared ? c.inBytes + c.outBytes - c.tailBytes + c.coefBytes : c.inBytes;
      compute = emit({
        op: idx,
        unit: p.be,
        busy: c.busy,
        latency: c.latency,
        deps: compute >= 0 ? [compute] : [-1],
        feed: streamed > 0 ? { unit: p.inUnit, busy: Math.ceil(streamed / p.inBpc), lead: p.memLatency, slack: c.round, deps: dataReady } : undefined,
      });
      if (c.outBytes > 0) pendingStore = { op: idx, bytes: c.tailBytes };
    }
  }
  flush();
  return { ops: infos, instrs, output: dataReady[0] >= 0 ? dataReady[0] : compute, unitBusy };
}

/** Cycles each memory stream is busy in one run of a block (the schedule sees only the part of writes it waits for); the engines as scheduled. */
function streamBusy(p: FabnetParams, plan: readonly PlannedOp[]): number[] {
  const busy = new Array<number>(p.unitNames.length).fill(0);
  for (const { passes } of plan) {
    for (const c of passes) {
      busy[p.inUnit] += c.inBytes / p.inBpc;
      busy[p.coefUnit] += c.coefBytes / p.coefBpc;
      busy[p.outUnit] += c.outBytes / p.outBpc;
    }
  }
  busy[p.be] = Number.NaN;
  return busy;
}

function lowerRun(p: FabnetParams, ops: readonly Op[]): Block {
  const plan = planOps(p, ops);
  return lowerOps(p, ops, plan, streamBusy(p, plan));
}

export function lowerStep(p: FabnetParams, s: StepOps): LoweredStep {
  return {
    pre: s.pre.length ? lowerRun(p, s.pre) : undefined,
    segments: layerSegments(s).map((g) => ({ block: lowerRun(p, g.layer), count: g.count })),
    post: s.post.length ? lowerRun(p, s.post) : undefined,
  };
}
