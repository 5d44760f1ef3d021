/**
 * STA simulation: a step's tokens go through the array together (the
 * summarization or an encoder pass is matrix-matrix; each generation step is
 * one row per sequence), layer by layer, with runs of identical layers
 * extrapolated by the shared engine. Each step is scheduled and priced.
 */
import type { Arch } from '../../arch/load.js';
import type { StaArch } from '../../arch/schema/sta.js';
import { kvCacheBytes, parameterCount } from '../../workloads/model.js';
import { nonzerosPerColumn } from '../../workloads/sparsity.js';
import { DTYPE_BYTES, type StepOps, type Workload, layerSegments, steps } from '../../workloads/trace.js';
import { type EnergyModel, RunAccumulator, eventEnergy } from '../accumulate.js';
import type { Events } from '../engine/program.js';
import { runRepeated } from '../engine/repeat.js';
import { runBlock } from '../engine/schedule.js';
import { overflowReason } from '../fpga-resources.js';
import type { SimOptions } from '../options.js';
import { type SimDetail, type SimResult, infeasibleResult } from '../result.js';
import { blockTimeline } from '../timeline.js';
import { feasibleResult, resultBase } from '../result-builder.js';
import { lowerPost, lowerPre, lowerSegments } from './lower.js';
import { STA_UNITS, type StaParams, staParams } from './params.js';
import { checkCompression } from '../compression-check.js';
import { staResources } from './resources.js';

export function staEnergy(a: StaArch, p: StaParams): EnergyModel {
  const e = a.energy;
  return eventEnergy(
    {
      mac: a.implementation[p.compute].mac_energy * e.fpga_logic_factor,
      vector: e.vector_op * e.fpga_logic_factor,
      sramPerByte: e.sram_per_bit * 8,
      linkPerByte: 0,
      offchipPerByte: { ddr: e.ddr_per_bit * 8 },
    },
    a.power.static,
    a.devices,
  );
}

/** Weight bytes in DDR: kept weights of the layers' linear ops, dense embeddings. */
function weightBytes(w: Workload, p: StaParams, first: StepOps): number {
  const m = w.model;
  let layerBytes = 0;
  for (const g of layerSegments(first)) {
    for (const o of g.layer) if (o.kind === 'linear') layerBytes += g.count * nonzerosPerColumn(o.k, o.sparsity) * o.n * (o.weightDtype ? DTYPE_BYTES[o.weightDtype] : p.wBytes);
  }
  const denseLinear = m.layers * (4 * m.dModel * m.dModel + 2 * m.dModel * m.ffn) * p.wBytes;
  return (parameterCount(m) * p.wBytes - denseLinear) + layerBytes;
}

function infeasibility(a: StaArch, w: Workload, p: StaParams, first: StepOps, fits: boolean, resReason: string): string | undefined {
  if (a.devices !== 1) return `the STA template models one FPGA; devices = ${a.devices} (multi-device STA is not modelled)`;
  if (!a.board.ddr) return `board ${a.board.name} has no DDR; the STA template streams weights from DDR`;
  if (!fits) return resReason;
  const m = w.model;
  const weights = weightBytes(w, p, first);
  const kv = kvCacheBytes(m, w.request.input + w.request.output, w.request.batch, p.aBytes);
  if (weights + kv > a.board.ddr.capacity) return `weights (${(weights / 1e9).toFixed(2)} GB) + KV cache (${(kv / 1e9).toFixed(2)} GB) exceed ${a.board.name}'s ${(a.board.ddr.capacity / 2 ** 30).toFixed(0)} GiB of DDR`;
  return undefined;
}

function runStep(p: StaParams, w: Workload, st: StepOps, acc: RunAccumulator, exact: boolean): number {
  const free = new Float64Array(STA_UNITS.length);
  const pre = lowerPre(p, st.pre);
  const r0 = runBlock(pre, free, 0, 0);
  acc.addBlock(st.stage, pre, r0.opTime, 1);
  acc.addBusy(r0.unitBusy, 1);
  let end = r0.end;
  let scheduled = 1;
  for (const g of lowerSegments(p, st, layerSegments(st), w.model.heads, w.model.headDim)) {
    const r = runRepeated(g.block, g.count, free, end, 0, exact);
    acc.addBlock(st.stage, g.block, r.opTime, 1, g.count);
    acc.addBusy(r.unitBusy, 1);
    end = r.end;
    scheduled += r.scheduled;
  }
  if (st.post.length) {
    const post = lowerPost(p, st.post);
    const r = runBlock(post, free, end, 0);
    acc.addBlock(st.stage, post, r.opTime, 1);
    acc.addBusy(r.unitBusy, 1);
    end = r.end;
    scheduled++;
  }
  acc.addStageCycles(st.stage, Math.max(end, ...free));
  return scheduled;
}

export function simulateSta(arch: Arch, w: Workload, opts: SimOptions): SimResult {
  const a = arch.spec as StaArch;
  const p = staParams(a, arch.ref);
  const res = staResources(a, arch.ref, w.model.maxPositions);
  const base = resultBase(arch, 'sta', w, a.devices, res, a.board.price, opts.exact);
  const ph = w.phases[0];
  const first = w.step(ph.stage, ph.tokensPerStep, ph.firstContext, false);
  checkCompression(first, { ref: arch.ref, supported: p.supported, weights: a.precision.weights, noneFix: 'add the pattern with --set sparsity.supported=...' });
  const why = infeasibility(a, w, p, first, res.fits, res.fits ? '' : overflowReason(res));
  if (why) return infeasibleResult(base, why);

  const acc = new RunAccumulator(STA_UNITS);
  let scheduled = 0;
  for (const st of steps(w)) scheduled += runStep(p, w, st, acc, !!opts.exact);

  const { result, ops } = feasibleResult(base, acc, p.clock, staEnergy(a, p), STA_UNITS, scheduled, w);
  if (opts.detail) {
    result.detail = {
      ops,
      timelines: staTimelines(p, w),
      peak: { flops_per_s: 2 * a.array.rows * a.array.cols * a.array.multipliers * p.clock, bytes_per_s: p.ddrBpc * p.clock },
    };
  }
  return result;
}

/** One layer of the summarization and of the last generation step, as unit timelines. */
function staTimelines(p: StaParams, w: Workload): SimDetail['timelines'] {
  const out: SimDetail['timelines'] = [];
  const sample = (label: string, st: StepOps) => {
    const g = lowerSegments(p, st, layerSegments(st), w.model.heads, w.model.headDim)[0];
    if (g) out.push(blockTimeline(label, g.block, STA_UNITS, p.clock, 0));
  };
  sample(`layer, summarization (${w.request.input} tokens)`, w.step('summarization', w.request.input, 0, false));
  if (w.request.output > 1) sample(`layer, generation step (context ${w.request.input + w.request.output - 2})`, w.step('generation', 1, w.request.input + w.request.output - 2, false));
  return out;
}
