/**
 * FABNet simulation: one pass per step over all its tokens (rows are spread
 * over the BEs), layers scheduled with the shared engine and identical
 * FBfly layers extrapolated once their schedule repeats.
 */
import type { Arch } from '../../arch/load.js';
import type { FabnetArch } from '../../arch/schema/fabnet.js';
import { DTYPE_BYTES, type Op, type Stage, type StepOps, type Workload } from '../../workloads/trace.js';
import { kvCacheBytes } from '../../workloads/model.js';
import { type EnergyModel, RunAccumulator, eventEnergy } from '../accumulate.js';
import type { Block, Events } from '../engine/program.js';
import { runRepeated } from '../engine/repeat.js';
import { runBlock } from '../engine/schedule.js';
import { overflowReason } from '../fpga-resources.js';
import type { SimOptions } from '../options.js';
import { type ResourceUse, type SimDetail, type SimResult, infeasibleResult } from '../result.js';
import { feasibleResult, resultBase } from '../result-builder.js';
import { blockTimeline } from '../timeline.js';
import { type PlannedOp, lowerStep, opProblem } from './lower.js';
import { type FabnetParams, fabnetParams } from './params.js';
import { fabnetResources } from './resources.js';

function fabnetEnergy(a: FabnetArch): EnergyModel {
  const e = a.energy;
  return eventEnergy(
    {
      mac: e.fp16_mul * e.fpga_logic_factor,
      vector: e.fp16_add * e.fpga_logic_factor,
      sramPerByte: e.sram_per_bit * 8,
      linkPerByte: 0,
      offchipPerByte: { hbm: e.hbm_per_bit * 8, ddr: e.ddr_per_bit * 8 },
    },
    a.power.static,
    a.devices,
  );
}

/** The last step of each phase: the longest context, so the largest shapes. */
function lastSteps(w: Workload): StepOps[] {
  return w.phases.map((ph) => w.step(ph.stage, ph.tokensPerStep, ph.firstContext + (ph.steps - 1) * ph.tokensPerStep, ph.emits !== 'none'));
}

/** Why this design cannot run this workload, or undefined. */
function infeasibility(a: FabnetArch, p: FabnetParams | undefined, w: Workload, steps: readonly StepOps[], fitsReason: string | undefined): string | undefined {
  if (a.devices !== 1) return `the fabnet template models one accelerator; devices = ${a.devices} (use --devices 1)`;
  const mem = a.memory.kind === 'hbm' ? a.board.hbm : a.board.ddr;
  if (!mem || !p) return `board ${a.board.name} has no ${a.memory.kind.toUpperCase()} (set memory.kind to ${a.board.hbm ? 'hbm' : 'ddr'})`;
  if (fitsReason) return fitsReason;
  let acts = 0;
  for (const st of steps) {
    for (const list of [st.pre, st.layer, st.post]) {
      for (const o of list) {
        const why = opProblem(p, o);
        if (why) return why;
        acts = Math.max(acts, 2 * o.activationBytes);
      }
    }
  }
  // Off-chip: every layer's parameters, the KV cache of a decoder and the two largest activations in flight.
  const s = steps[0];
  const weights = s.layers * sum(s.layer.map((o) => o.weightBytes)) + sum([...s.pre, ...s.post].map((o) => o.weightBytes));
  const m = w.model;
  const kv = m.kind === 'decoder' ? kvCacheBytes(m, w.request.input + w.request.output, w.request.batch, DTYPE_BYTES[a.precision.data]) : 0;
  if (weights + kv + acts > mem.capacity) {
    return `weights (${gb(weights)}) + KV cache (${gb(kv)}) + activations (${gb(acts)}) exceed the ${gb(mem.capacity)} of ${a.memory.kind.toUpperCase()} on ${a.board.name}`;
  }
  return undefined;
}

const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** Cycles each memory stream is busy in one run of a block (the engine sees only the non-overlapped part of writes). */
function streamBusy(p: FabnetParams, plan: readonly PlannedOp[]): Float64Array {
  const busy = new Float64Array(p.unitNames.length);
  for (const { passes } of plan) {
    for (const c of passes) {
      busy[p.inUnit] += c.inBytes / p.inBpc;
      busy[p.coefUnit] += c.coefBytes / p.coefBpc;
      busy[p.outUnit] += c.outBytes / p.outBpc;
    }
  }
  return busy;
}


function addBlockBusy(acc: RunAccumulator, p: FabnetParams, engineBusy: Float64Array, plan: readonly PlannedOp[], times: number): void {
  const busy = streamBusy(p, plan);
  busy[p.be] = engineBusy[p.be] / times;
  acc.addBusy(busy, times);
}

/** Schedule one step into `acc`; returns the blocks scheduled. */
function runStep(p: FabnetParams, s: StepOps, exact: boolean, acc: RunAccumulator): number {
  const stage = s.stage;
  const blocks = lowerStep(p, s);
  const free = new Float64Array(p.unitNames.length);
  let t = 0;
  let scheduled = 0;
  const once = (block: Block | undefined, plan: readonly PlannedOp[]) => {
    if (!block) return;
    const r = runBlock(block, free, t, 0);
    acc.addBlock(stage, block, r.opTime, 1);
    addBlockBusy(acc, p, r.unitBusy, plan, 1);
    t = r.end;
    scheduled++;
  };
  once(blocks.pre, blocks.plans.pre);
  if (s.layers > 0) {
    const layers = runRepeated(blocks.layer, s.layers, free, t, 0, exact);
    acc.addBlock(stage, blocks.layer, layers.opTime, 1, s.layers);
    addBlockBusy(acc, p, layers.unitBusy, blocks.plans.layer, s.layers);
    t = layers.end;
    scheduled += layers.scheduled;
  }
  once(blocks.post, blocks.plans.post);
  const drained = Math.max(t, ...free);
  acc.addStageCycles(stage, drained);
  return scheduled;
}

// Params and resources are pure functions of the (frozen) spec: compute them once per arch.
const paramsCache = new WeakMap<FabnetArch, FabnetParams>();
const resourcesCache = new WeakMap<FabnetArch, ResourceUse>();

function paramsOf(a: FabnetArch): FabnetParams {
  let p = paramsCache.get(a);
  if (!p) paramsCache.set(a, (p = fabnetParams(a)));
  return p;
}

function resourcesOf(a: FabnetArch): ResourceUse {
  let r = resourcesCache.get(a);
  if (!r) resourcesCache.set(a, (r = fabnetResources(a)));
  return r;
}

export function simulateFabnet(arch: Arch, w: Workload, opts: SimOptions): SimResult {
  const a = arch.spec as FabnetArch;
  const res = resourcesOf(a);
  const base = { ...resultBase(arch, 'fabnet', w, a.devices, res, a.board.price, opts.exact) };
  const hasMemory = a.memory.kind === 'hbm' ? !!a.board.hbm : !!a.board.ddr;
  const p = hasMemory ? paramsOf(a) : undefined;
  const finals = lastSteps(w);
  const why = infeasibility(a, p, w, finals, res.fits ? undefined : overflowReason(res));
  if (why || !p) return infeasibleResult(base, why ?? 'no memory');

  const total = new RunAccumulator(p.unitNames);
  let scheduled = 0;
  for (const ph of w.phases) {
    for (let i = 0; i < ph.steps; i++) {
      const emits = ph.emits === 'all' || (ph.emits === 'last' && i === ph.steps - 1);
      // The last step of a phase was built for the feasibility check already.
      const s = i === ph.steps - 1 ? finals[w.phases.indexOf(ph)] : w.step(ph.stage, ph.tokensPerStep, ph.firstContext + i * ph.tokensPerStep, emits);
      scheduled += runStep(p, s, !!opts.exact, total);
    }
  }

  const { result, ops } = feasibleResult(base, total, p.clock, fabnetEnergy(a), p.unitNames, scheduled, w);
  if (opts.detail) result.detail = fabnetDetail(p, a, w, ops);
  return result;
}

function fabnetDetail(p: FabnetParams, a: FabnetArch, w: Workload, ops: SimDetail['ops']): SimDetail {
  const ph = w.phases[0];
  const s = w.step(ph.stage, ph.tokensPerStep, ph.firstContext, false);
  const blocks = lowerStep(p, s);
  const peakMuls = a.engines * a.butterfly_units * a.multipliers_per_unit;
  return {
    ops,
    timelines: [blockTimeline(`one layer, ${ph.stage} (${ph.tokensPerStep} tokens)`, blocks.layer, p.unitNames, p.clock, 0)],
    peak: { flops_per_s: 2 * peakMuls * p.clock, bytes_per_s: (p.shared ? p.inBpc : p.inBpc + p.coefBpc + p.outBpc) * p.clock },
  };
}
