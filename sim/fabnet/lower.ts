/**
 * Lowering of a FABNet trace onto the butterfly engines. Every op is a pass
 * (or, for tiled transforms, several) that reads its operands from off-chip
 * memory on the input stream, runs on the BE array and writes its result on
 * the output stream; the next pass starts on what it needs once that is
 * written (see lowerOps). The shortcut add and LayerNorm after a pass that
 * leaves one token per vector run on that pass's output path (the same
 * datapath), as does GELU: they add a shortcut read and pipeline latency,
 * not a pass of their own.
 */
import { type Op, type StepOps, layerSegments } from '../../workloads/trace.js';
import type { LoweredStep } from '../template.js';
import { type Block, type Instr, type OpInfo, noEvents } from '../engine/program.js';
import { type PassCost, type PassOptions, choose, denseOptions, optionIndex, tilePlan, transformOptions, vectorOptions } from './costs.js';
import { runBlock } from '../engine/schedule.js';
import type { FabnetParams } from './params.js';

/** Why an op cannot run on this design (a transform too long for the buffers), or undefined. */
export function opProblem(p: FabnetParams, o: Op): string | undefined {
  if ((o.kind === 'butterfly' || o.kind === 'fft') && !p.dense && o.transform && !tilePlan(o.transform.length, p.maxLength, p.tile)) {
    return `${o.name}: a ${o.transform.length}-point transform exceeds the ${p.maxLength}-point BE buffer and long_transforms is 'reject' (set long_transforms=tile, or use a shorter sequence / width)`;
  }
  return undefined;
}

/** How an op runs: passes of its own, latency on the pass before it (fused), or nothing on the critical path. */
interface PlannedOp {
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

/** The passes of one op on its own, for every BE count; `shortcutBytes` of a fused shortcut add stream in beside its input. */
function ownOptions(p: FabnetParams, o: Op, shortcutBytes: number): PassOptions[] {
  switch (o.kind) {
    case 'butterfly':
    case 'fft': {
      const t = o.transform;
      if (!t) throw new Error(`${o.name}: ${o.kind} op without a transform shape`);
      if (p.dense) {
        // The dense datapath multiplies by the equivalent dense matrix (a DFT matrix for FFTs).
        return o.kind === 'fft'
          ? [denseOptions(p, t.transforms, t.length, t.length, 1, 2, t.inputComplex, t.outputComplex, shortcutBytes)]
          : [denseOptions(p, o.m, o.k, o.n, 1, 1, false, false, shortcutBytes)];
      }
      const tp = transformOptions(p, t, o.kind === 'butterfly', shortcutBytes);
      if (!tp) throw new Error(`${o.name}: transform too long (checked by the simulator)`);
      return tp;
    }
    case 'linear':
    case 'attn_scores':
    case 'attn_context':
      return [denseOptions(p, o.m, o.k, o.n, o.count, 1, false, false, shortcutBytes)];
    case 'softmax':
      return [vectorOptions(p, o.m * o.count, o.k, p.softmaxSweeps, 1, p.normLatency)];
    case 'residual':
      return [vectorOptions(p, o.m, o.k, 1, 2, 0)];
    case 'layernorm':
    case 'rmsnorm':
      return [vectorOptions(p, o.m, o.k, p.normSweeps, 1, p.normLatency)];
    case 'rotary':
      return [vectorOptions(p, o.m, o.k, 1, 1, 0)];
    case 'embedding':
      return [vectorOptions(p, o.m, o.k, 1, o.lookups, 0)];
    default:
      throw new Error(`FABNet lowering: no rule for ${o.kind} (the template's capabilities should have refused it)`);
  }
}

/**
 * Pass costs are a pure function of the design and the op's shape; designs
 * are immutable, so they are memoised per design (sweeps over workloads and
 * repeated requests reuse them), as is the plan of a run of ops (its passes
 * on every BE count and the cap it runs under). Bounded so that long sweeps
 * do not grow them.
 */
const passCache = new WeakMap<FabnetParams, Map<string, PassOptions[]>>();
const runCache = new WeakMap<FabnetParams, Map<string, RunPlan>>();
const CACHE_LIMIT = 4096;

function opKey(o: Op, shortcutBytes: number): string {
  const t = o.transform;
  return t
    ? `${o.kind}|${o.m}|${o.k}|${o.n}|${t.length}|${t.transforms}|${t.groups}|${t.kept}|${+t.inputComplex}${+t.outputComplex}|${t.axis}|${shortcutBytes}`
    : `${o.kind}|${o.m}|${o.k}|${o.n}|${o.count}|${o.lookups ?? ''}|${shortcutBytes}`;
}

function memo<V>(cache: WeakMap<FabnetParams, Map<string, V>>, p: FabnetParams, key: string, make: () => V): V {
  let m = cache.get(p);
  if (!m) {
    m = new Map();
    cache.set(p, m);
  }
  const hit = m.get(key);
  if (hit !== undefined) return hit;
  if (m.size >= CACHE_LIMIT) m.clear();
  const v = make();
  m.set(key, v);
  return v;
}

/** How each op of a run executes: its passes on every BE count, or the latency it adds to the pass before; and the BE cap. */
interface RunPlan {
  readonly steps: readonly ({ readonly options: readonly PassOptions[] } | { readonly fusedLatency: number })[];
  cap: number;
}

/** The plan of a run of ops, without its cap; `key` identifies its shapes. */
function runPlan(p: FabnetParams, ops: readonly Op[]): { key: string; make: () => RunPlan } {
  const fused = fusedFlags(ops);
  const shortcut = (i: number) => {
    const next = ops[i + 1];
    return next && fused[i + 1] && next.kind === 'residual' ? next.m * next.k * p.b : 0;
  };
  const keys = ops.map((o, i) => (fused[i] ? `${o.kind}+` : opKey(o, shortcut(i))));
  const make = (): RunPlan => ({
    steps: ops.map((o, i) => {
      if (fused[i]) return { fusedLatency: ACTIVATIONS.has(o.kind) ? p.geluLatency : NORMS.has(o.kind) ? p.normLatency : 0 };
      return { options: memo(passCache, p, keys[i], () => ownOptions(p, o, shortcut(i))) };
    }),
    cap: p.engines,
  });
  return { key: keys.join(';'), make };
}

function atCap(ops: readonly Op[], plan: RunPlan, cap: number): PlannedOp[] {
  return ops.map((op, i) => {
    const x = plan.steps[i];
    return 'fusedLatency' in x ? { op, passes: [], fusedLatency: x.fusedLatency } : { op, passes: x.options.map((o) => choose(o, cap)) };
  });
}

/**
 * The cap of a run of ops. Each pass takes the BE count that makes it
 * shortest on its own under a cap; the cap is the one whose schedule ends
 * first. A design with more BEs can take every cap a smaller one can, so it
 * is never slower (a run waits for its input, so its time does not depend
 * on what ran before). The search runs down from all BEs and stops once no
 * smaller cap can end sooner; caps that give a plan already scheduled are
 * skipped (the first cap with the least end wins either way).
 */
function bestCap(p: FabnetParams, ops: readonly Op[], plan: RunPlan): number {
  const all = plan.steps.flatMap((x) => ('options' in x ? x.options : []));
  if (all.length === 0) return p.engines;
  const first = all[0];
  const last = all[all.length - 1];
  let best = p.engines;
  let bestEnd = Infinity;
  let tried = '';
  let c = p.engines;
  while (c >= 1) {
    // A lower bound on the end under any cap at or below c: the BEs run one pass at a time, after the first load and before the last drain.
    let bound = 2 * p.memLatency + first.floor.head[optionIndex(first, c)] + last.floor.tail[optionIndex(last, c)];
    let next = 0;
    let chosen = '';
    for (const o of all) {
      const i = optionIndex(o, c);
      bound += o.floor.body[i];
      next = Math.max(next, o.engines[i]);
      chosen += `${o.best[i]},`;
    }
    if (bound >= bestEnd) break;
    if (chosen !== tried) {
      tried = chosen;
      const end = runBlock(lowerOps(p, atCap(ops, plan, c)), new Float64Array(p.unitNames.length), 0, 0).end;
      if (end < bestEnd) {
        best = c;
        bestEnd = end;
      }
    }
    // Every cap down to the largest option any pass has under c gives this same plan.
    c = next - 1;
  }
  return best;
}

function bestPlan(p: FabnetParams, ops: readonly Op[]): PlannedOp[] {
  const { key, make } = runPlan(p, ops);
  const plan = memo(runCache, p, key, () => {
    const x = make();
    x.cap = bestCap(p, ops, x);
    return x;
  });
  return atCap(ops, plan, plan.cap);
}

/** The passes each op of a run executes on this design: the plan the lowering schedules, for breakdowns of it. */
export function plannedPasses(p: FabnetParams, ops: readonly Op[]): readonly { readonly op: Op; readonly passes: readonly PassCost[] }[] {
  return bestPlan(p, ops);
}

/**
 * Whether an op takes its input a token's row at a time, so that its first
 * round may start on the tokens a row-wise pass before it has written.
 * Tiled transforms regroup every point between their passes, and a
 * transform along the tokens (the sequence FFT) or attention needs all of
 * them first.
 */
function rowWise(o: Op, passes: readonly PassCost[]): boolean {
  if (passes.length !== 1) return false;
  if (o.kind === 'linear' || o.kind === 'butterfly') return true;
  return o.kind === 'fft' && o.transform?.axis === 'features';
}

/** The pass before, as the next one sees it. */
interface Emitted {
  cost: PassCost;
  rowWise: boolean;
  op: number;
  /** Instruction ending all rounds but the last (butterfly mode: a bank is free from then on). */
  open: number;
  /** Instruction ending the last round's compute (FFT mode: the banks are free from then on). */
  done: number;
  /** The output path after it (fused pipeline stages): the drain waits for this. */
  after: number;
  /** Instruction ending the last round's drain, once emitted. */
  drain?: number;
}

/**
 * Lower a straight run of ops into one block. Each pass is a load of its
 * first round on the input stream, its rounds on the BE array (split before
 * the last) and the drain of its last round on the output stream. The next
 * pass loads once what it needs is there: after the drain, or, when both
 * take tokens row by row and its first rounds' tokens left before the last
 * round, as soon as a bank is free (butterfly mode: at the start of the
 * last round; FFT mode: once it has computed).
 */
function lowerOps(p: FabnetParams, plan: readonly PlannedOp[], unitBusy?: readonly number[]): Block {
  const infos: OpInfo[] = [];
  const instrs: Instr[] = [];
  const emit = (i: Instr) => instrs.push(i) - 1;
  let prev: Emitted | undefined;
  const drainOf = (e: Emitted): number => {
    e.drain ??= emit({ op: e.op, unit: p.outUnit, busy: e.cost.tail, latency: p.memLatency, deps: [e.after] });
    return e.drain;
  };
  for (const { op: o, passes, fusedLatency } of plan) {
    const idx = infos.push({ name: o.name, category: o.category, flops: o.flops, events: noEvents() }) - 1;
    const ev = infos[idx].events;
    if (fusedLatency !== undefined) {
      // Element operations as the trace counts them (workloads/transformer-ops.ts).
      ev.vector += o.flops;
      // Rides on the output path of the pass before: its drain waits for this stage of the pipeline.
      if (fusedLatency > 0 && prev && prev.drain === undefined) prev.after = emit({ op: idx, unit: p.be, busy: 0, latency: fusedLatency, deps: [prev.after] });
      continue;
    }
    const row = rowWise(o, passes);
    for (const c of passes) {
      ev.mac += c.multiplies;
      ev.vector += c.adds;
      ev.offchip[p.memKind] = (ev.offchip[p.memKind] ?? 0) + c.inBytes + c.outBytes + c.coefBytes;
      ev.sram += c.bufferValues * p.b;
      let gate = -1;
      if (prev) {
        const early = prev.rowWise && row && prev.cost.earlyRows >= c.firstRows;
        drainOf(prev);
        gate = early ? (prev.cost.fftMode ? prev.done : prev.open) : (prev.drain as number);
      }
      const head = emit({ op: idx, unit: p.inUnit, busy: c.head, latency: p.memLatency, deps: [gate] });
      const open = emit({ op: idx, unit: p.be, busy: c.body - c.last, latency: 0, deps: [head] });
      const done = emit({ op: idx, unit: p.be, busy: c.last, latency: 0, deps: [open] });
      const after = c.latency > 0 ? emit({ op: idx, unit: p.be, busy: 0, latency: c.latency, deps: [done] }) : done;
      prev = { cost: c, rowWise: row, op: idx, open, done, after };
    }
  }
  const output = prev ? drainOf(prev) : -1;
  return { ops: infos, instrs, output, unitBusy };
}

/** Cycles each unit is busy in one run of a block: the streams carry every byte (the schedule sees only the loads and drains it waits for); the engines compute. */
function blockBusy(p: FabnetParams, plan: readonly PlannedOp[]): number[] {
  const busy = new Array<number>(p.unitNames.length).fill(0);
  for (const { passes } of plan) {
    for (const c of passes) {
      busy[p.be] += c.compute;
      busy[p.inUnit] += c.inBytes / p.inBpc;
      busy[p.coefUnit] += c.coefBytes / p.coefBpc;
      busy[p.outUnit] += c.outBytes / p.outBpc;
    }
  }
  return busy;
}

function lowerRun(p: FabnetParams, ops: readonly Op[]): Block {
  const plan = bestPlan(p, ops);
  return lowerOps(p, plan, blockBusy(p, plan));
}

export function lowerStep(p: FabnetParams, s: StepOps): LoweredStep {
  return {
    pre: s.pre.length ? lowerRun(p, s.pre) : undefined,
    segments: layerSegments(s).map((g) => ({ block: lowerRun(p, g.layer), count: g.count })),
    post: s.post.length ? lowerRun(p, s.post) : undefined,
  };
}
