/**
 * GPU simulation: the summarization is one batched forward pass over all
 * input tokens (GEMMs), each generated token one pass with a growing KV
 * cache (GEMV-like at batch 1). Every pass ends with the host reading the
 * sampled token, so all units drain between passes.
 */
import type { Arch } from '../../arch/load.js';
import type { GpuArch } from '../../arch/schema/gpu.js';
import { layerSegments, steps, type Workload } from '../../workloads/trace.js';
import { RunAccumulator } from '../accumulate.js';
import { runRepeated } from '../engine/repeat.js';
import { runBlock } from '../engine/schedule.js';
import type { SimOptions } from '../options.js';
import { type SimDetail, type SimResult, infeasibleResult } from '../result.js';
import { feasibleResult, resultBase } from '../result-builder.js';
import { blockTimeline } from '../timeline.js';
import { gpuEnergy } from './energy.js';
import { lowerOps, lowerStep } from './lower.js';
import { gpuInfeasibility } from './memory.js';
import { GPU_UNITS, type GpuParams, TICKS_PER_S, gpuParams } from './params.js';

export function simulateGpu(arch: Arch, w: Workload, opts: SimOptions): SimResult {
  const a = arch.spec as GpuArch;
  const base = { ...resultBase(arch, 'gpu', w, a.devices, null, a.price, opts.exact), stack: a.stack };
  const why = gpuInfeasibility(a, w);
  if (why) return infeasibleResult(base, why);

  const p = gpuParams(a);
  const total = new RunAccumulator(GPU_UNITS);
  let scheduled = 0;
  for (const s of steps(w)) {
    const blocks = lowerStep(p, s);
    const free = new Float64Array(GPU_UNITS.length);
    let end = 0;
    if (blocks.pre) {
      const r = runBlock(blocks.pre, free, end, 0);
      total.addBlock(s.stage, blocks.pre, r.opTime, 1);
      total.addBusy(r.unitBusy, 1);
      end = r.end;
      scheduled++;
    }
    // Per-layer compression plans give runs of identical layers; each run is repeated on its own.
    for (const seg of layerSegments(s)) {
      const block = seg.layer === s.layer ? blocks.layer : lowerOps(p, seg.layer);
      if (!block) continue;
      const r = runRepeated(block, seg.count, free, end, 0, !!opts.exact);
      total.addBlock(s.stage, block, r.opTime, 1, seg.count);
      total.addBusy(r.unitBusy, 1);
      end = r.end;
      scheduled += r.scheduled;
    }
    if (blocks.post) {
      const r = runBlock(blocks.post, free, end, 0);
      total.addBlock(s.stage, blocks.post, r.opTime, 1);
      total.addBusy(r.unitBusy, 1);
      end = r.end;
      scheduled++;
    }
    total.addStageCycles(s.stage, Math.max(end, ...free));
  }

  const { result, ops } = feasibleResult(base, total, TICKS_PER_S, gpuEnergy(a), GPU_UNITS, scheduled, w);
  if (opts.detail) result.detail = gpuDetail(p, a, w, ops);
  return result;
}

function gpuDetail(p: GpuParams, a: GpuArch, w: Workload, ops: SimDetail['ops']): SimDetail {
  const timelines: SimDetail['timelines'] = [];
  const sample = (label: string, stage: 'summarization' | 'generation', tokens: number, context: number) => {
    const layer = lowerStep(p, w.step(stage, tokens, context, false)).layer;
    if (layer) timelines.push(blockTimeline(label, layer, GPU_UNITS, TICKS_PER_S, 0));
  };
  sample(`decoder layer, summarization (${w.request.input} tokens)`, 'summarization', w.request.input, 0);
  if (w.request.output > 1) sample(`decoder layer, generation step (context ${w.request.input + w.request.output - 2})`, 'generation', 1, w.request.input + w.request.output - 2);
  return { ops, timelines, peak: { flops_per_s: a.compute.fp16_tensor * a.devices, bytes_per_s: a.memory.bandwidth * a.devices } };
}
