/**
 * DFX simulation: the appliance runs the token loop itself, one token at a
 * time through every layer (its matrix unit is a matrix-vector datapath, so
 * the input tokens of the summarization are also processed one by one).
 * Each pass is lowered, scheduled layer by layer, and priced.
 */
import type { Arch } from '../../arch/load.js';
import type { DfxArch } from '../../arch/schema/dfx.js';
import { parsePattern } from '../../workloads/sparsity.js';
import { checkCompression } from '../compression-check.js';
import { kvCacheBytes, parameterCount } from '../../workloads/model.js';
import { DTYPE_BYTES, type Stage, type Workload, layerSegments } from '../../workloads/trace.js';
import { type EnergyModel, RunAccumulator, eventEnergy } from '../accumulate.js';
import type { Events } from '../engine/program.js';
import { runRepeated } from '../engine/repeat.js';
import { runBlock } from '../engine/schedule.js';
import { overflowReason } from '../fpga-resources.js';
import { type SimDetail, type SimResult, infeasibleResult } from '../result.js';
import { feasibleResult, resultBase } from '../result-builder.js';
import { blockTimeline } from '../timeline.js';
import type { SimOptions } from '../options.js';
import { lowerLayer, lowerStep } from './lower.js';
import { DFX_UNITS, type DfxParams, dfxParams } from './params.js';
import { dfxResources } from './resources.js';

export function dfxEnergy(a: DfxArch): EnergyModel {
  const e = a.energy;
  return eventEnergy(
    {
      mac: e.fp16_mac * e.fpga_logic_factor,
      vector: e.fp16_vector_op * e.fpga_logic_factor,
      sramPerByte: e.sram_per_bit * 8,
      linkPerByte: e.link_per_bit * 8,
      offchipPerByte: { hbm: e.hbm_per_bit * 8, ddr: e.ddr_per_bit * 8 },
    },
    a.power.static,
    a.devices,
  );
}


/** Why this design cannot run this model, or undefined. */
function infeasibility(a: DfxArch, w: Workload, fits: boolean, resReason: string): string | undefined {
  if (!a.board.hbm) return `board ${a.board.name} has no HBM; the DFX template streams weights from HBM (use u280, u50, u55c or vcu128)`;
  if (a.dma.hbm_channels > a.board.hbm.channels) return `dma.hbm_channels = ${a.dma.hbm_channels} exceeds the ${a.board.hbm.channels} HBM channels of ${a.board.name}`;
  if (a.devices > 1 && a.board.network.ports < (a.devices > 2 ? 2 : 1)) return `a ring of ${a.devices} devices needs ${a.devices > 2 ? 2 : 1} network ports per board; ${a.board.name} has ${a.board.network.ports}`;
  if (a.precision.activations !== 'fp16') return `the DFX datapath computes in FP16: precision.activations must be fp16 (integer weights are converted before the multipliers, W8A16), not ${a.precision.activations}`;
  if (!fits) return resReason;
  const m = w.model;
  const wb = DTYPE_BYTES[a.precision.weights];
  const weights = (parameterCount(m) * wb) / a.devices;
  const kv = kvCacheBytes(m, w.request.input + w.request.output, w.request.batch, DTYPE_BYTES[a.precision.activations]) / a.devices;
  if (weights + kv > a.board.hbm.capacity) {
    return `weights (${(weights / 1e9).toFixed(2)} GB) + KV cache (${(kv / 1e9).toFixed(2)} GB) per device exceed ${a.board.name}'s ${(a.board.hbm.capacity / 2 ** 30).toFixed(0)} GiB of HBM`;
  }
  return undefined;
}

/** Pass costs depend on the context only through these tile counts (see lower.ts and costs.ts). */
function passKey(p: DfxParams, stage: Stage, keys: number, emits: boolean): number {
  const tiles = (Math.ceil(keys / p.lanes) * 65536 + Math.ceil(keys / p.d)) * 65536 + Math.ceil(keys / p.v);
  return tiles * 4 + (stage === 'generation' ? 2 : 0) + (emits ? 1 : 0);
}

interface Pass {
  stage: Stage;
  context: number;
  emits: boolean;
}

function* passes(w: Workload, lmHeadEveryToken: boolean): Generator<Pass> {
  for (const ph of w.phases) {
    for (let i = 0; i < ph.steps; i++) {
      const ctx0 = ph.firstContext + i * ph.tokensPerStep;
      const emitsStep = ph.emits === 'all' || (ph.emits === 'last' && i === ph.steps - 1);
      for (let t = 0; t < ph.tokensPerStep; t++) yield { stage: ph.stage, context: ctx0 + t, emits: emitsStep && (lmHeadEveryToken || t === ph.tokensPerStep - 1) };
    }
  }
}

function runPass(p: DfxParams, w: Workload, pass: Pass, exact: boolean): { acc: RunAccumulator; blocks: number } {
  const s = w.step(pass.stage, 1, pass.context, pass.emits);
  const blocks = lowerStep(p, s, w.model.headDim, w.model.heads);
  const acc = new RunAccumulator(DFX_UNITS);
  const free = new Float64Array(DFX_UNITS.length);
  const pre = runBlock(blocks.pre, free, 0, p.depLatency);
  acc.addBlock(pass.stage, blocks.pre, pre.opTime, 1);
  acc.addBusy(pre.unitBusy, 1);
  let end = pre.end;
  let scheduled = 1;
  // Runs of identical layers (one run unless per-layer N:M patterns differ).
  for (const seg of layerSegments(s)) {
    const block = seg.layer === s.layer ? blocks.layer : lowerLayer(p, seg.layer, w.model.headDim, w.model.heads);
    const layers = runRepeated(block, seg.count, free, end, p.depLatency, exact);
    acc.addBlock(pass.stage, block, layers.opTime, 1, seg.count);
    acc.addBusy(layers.unitBusy, 1);
    end = layers.end;
    scheduled += layers.scheduled;
  }
  if (blocks.post) {
    const post = runBlock(blocks.post, free, end, p.depLatency);
    acc.addBlock(pass.stage, blocks.post, post.opTime, 1);
    acc.addBusy(post.unitBusy, 1);
    end = post.end;
    scheduled++;
  }
  // The next token needs this one: every unit drains before the next pass starts.
  const drained = Math.max(end, ...free);
  acc.addStageCycles(pass.stage, drained);
  return { acc, blocks: scheduled };
}

export function simulateDfx(arch: Arch, w: Workload, opts: SimOptions): SimResult {
  const a = arch.spec as DfxArch;
  const res = dfxResources(a, w.model.maxPositions);
  const base = { ...resultBase(arch, 'dfx', w, a.devices, res, a.board.price, opts.exact) };
  const ph = w.phases[0];
  checkCompression(w.step(ph.stage, 1, ph.firstContext, false), {
    ref: arch.ref,
    supported: a.sparsity.supported.map((t, i) => parsePattern(t, `arch ${arch.ref}`, `sparsity.supported[${i}]`)),
    weights: a.precision.weights,
    noneFix: 'use --arch dfx-nm, or add the pattern with --set sparsity.supported=...',
  });
  const why = infeasibility(a, w, res.fits, res.fits ? '' : overflowReason(res));
  if (why) return infeasibleResult(base, why);

  const p = dfxParams(a);
  const total = new RunAccumulator(DFX_UNITS);
  let scheduled = 0;
  const lmEvery = a.control.summarization_lm_head === 'every_token';
  if (opts.exact) {
    for (const pass of passes(w, lmEvery)) {
      const r = runPass(p, w, pass, true);
      scheduled += r.blocks;
      total.merge(r.acc, w.request.batch);
    }
  } else {
    // Passes whose tile counts agree are provably identical: simulate one of each, count the rest.
    const distinct = new Map<number, { pass: Pass; count: number }>();
    for (const pass of passes(w, lmEvery)) {
      const key = passKey(p, pass.stage, pass.context + 1, pass.emits);
      const hit = distinct.get(key);
      if (hit) hit.count++;
      else distinct.set(key, { pass, count: 1 });
    }
    for (const { pass, count } of distinct.values()) {
      const r = runPass(p, w, pass, false);
      scheduled += r.blocks;
      // Sequences of a batch are served one after another: no batching on a matrix-vector datapath.
      total.merge(r.acc, count * w.request.batch);
    }
  }

  const { result, ops } = feasibleResult(base, total, p.clock, dfxEnergy(a), DFX_UNITS, scheduled, w);
  if (opts.detail) result.detail = dfxDetail(p, a, w, ops);
  return result;
}

function dfxDetail(p: DfxParams, a: DfxArch, w: Workload, ops: SimDetail['ops']): SimDetail {
  const timelines: SimDetail['timelines'] = [];
  const sample = (label: string, stage: Stage, context: number) => {
    const blocks = lowerStep(p, w.step(stage, 1, context, false), w.model.headDim, w.model.heads);
    timelines.push(blockTimeline(label, blocks.layer, DFX_UNITS, p.clock, p.depLatency));
  };
  sample(`decoder layer, summarization (token ${w.request.input} of ${w.request.input})`, 'summarization', w.request.input - 1);
  if (w.request.output > 1) sample(`decoder layer, generation step (context ${w.request.input + w.request.output - 1})`, 'generation', w.request.input + w.request.output - 2);
  return {
    ops,
    timelines,
    peak: { flops_per_s: 2 * a.mpu.d * a.mpu.lanes * p.clock * a.devices, bytes_per_s: p.hbmBpc * p.clock * a.devices },
  };
}
