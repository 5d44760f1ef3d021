/**
 * Lowering of one token's pass through a decoder onto one DFX core (all cores
 * run the same program on their slice: heads split head-wise, whole
 * grouped-query groups per core (see head-split.ts), other matrices
 * column-wise, norms and residual replicated). Instruction types follow
 * DFX's ISA: compute (MPU/VPU), dma (HBM/DDR streams) and router (ring sync).
 */
import { type Op, type StepOps, layerSegments } from '../../workloads/trace.js';
import type { LoweredStep } from '../template.js';
import { NORM_OPS_PER_VALUE, RMSNORM_OPS_PER_VALUE, ROTARY_OPS_PER_VALUE } from '../../workloads/transformer-ops.js';
import type { Block } from '../engine/program.js';
import { deviceHeads, paddedHeadSplit } from '../head-split.js';
import { type AttentionSite, attentionHeads, recostAttention } from './attention.js';
import { BlockBuilder, matvec, share, sync, vector, vectorChain } from './builder.js';
import { layerNormSteps, pass, rmsNormSteps, rotarySteps } from './costs.js';
import { type DfxParams, U } from './params.js';

/**
 * Before the layers: the embedding lookup (its table rows from DDR, summed on
 * the VPU when there are several), and OPT's projection to the model width
 * with its position rows added.
 */
function lowerPre(p: DfxParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let out = -1;
  let prev = -1;
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops / (o.kind === 'linear' ? p.devices : 1));
    if (o.kind === 'embedding') {
      const lookups = o.lookups;
      const bytes = lookups * o.k * p.aBytes;
      const ddr = p.tableMemory === 'ddr';
      b.ops[idx].events.offchip[p.tableMemory] = bytes;
      const rd = b.emit({ op: idx, unit: ddr ? U.ddr : U.hbm, busy: Math.ceil(bytes / (ddr ? p.ddrBpc : p.hbmBpc)), latency: ddr ? p.ddrLat : p.hbmLat, deps: [-1] });
      prev = out;
      out = lookups > 1 ? vector(b, idx, pass(p, o.k), p.vAdd, o.k, [rd]) : rd;
    } else if (o.kind === 'linear') {
      const n = share(o.n, p.devices);
      out = sync(p, b, `sync_${o.name}`, n * p.aBytes, [matvec(p, b, idx, o.k, n, [out], 0, 'hbm', [], o)])[0];
    } else if (o.kind === 'residual') {
      out = vector(b, idx, pass(p, o.k), p.vAdd, o.k, [out, prev]);
    } else throw new Error(`DFX lowering: no rule for ${o.kind} before the layers`);
  }
  return b.build(out);
}

/** Whether `o` works element-wise on its producer's column-split output (an activation on the MPU's output stream). */
function onSplitOutput(o: Op | undefined): boolean {
  return !!o && o.role.shard === 'column' && o.kind !== 'linear' && o.role.kv === undefined && !o.role.heads;
}

/**
 * One decoder layer for one token (cached keys are the attention ops'
 * context). Every weight matrix is split by columns (heads for the QKV
 * projection), whatever the trace's Megatron split says: that is DFX's
 * partitioning, and each split output is all-gathered over the ring before
 * the next op that needs the whole vector.
 */
function lowerLayer(p: DfxParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  const k = p.devices;
  const sites: AttentionSite[] = [];
  let last: readonly number[] = [-1];
  let residual = -1;
  let kWrite = -1;
  let vWrite = -1;
  let q = -1;
  let gate = -1;
  let pendingK: { idx: number; matvec: number; bytes: number } | undefined;
  let split: { name: string; bytes: number } | undefined;
  let scoresIdx = -1;
  let softIdx = -1;
  for (const [i, o] of ops.entries()) {
    const idx = b.op(o.name, o.category, o.flops / k);
    switch (o.kind) {
      case 'layernorm':
      case 'rmsnorm': {
        const rms = o.kind === 'rmsnorm';
        const out = vectorChain(b, idx, rms ? rmsNormSteps(p, o.k) : layerNormSteps(p, o.k), (rms ? RMSNORM_OPS_PER_VALUE : NORM_OPS_PER_VALUE) * o.k, last);
        last = [out];
        break;
      }
      case 'residual': {
        const out = vector(b, idx, pass(p, o.k), p.vAdd, o.k, [...last, residual]);
        residual = out;
        last = [out];
        break;
      }
      case 'linear': {
        const h = o.role.heads;
        if (o.role.kv === 'write' && h) {
          // V first so that its transposed write to HBM hides behind K and Q (DFX §7).
          const heads = deviceHeads(paddedHeadSplit(h, k));
          const kvCols = heads.kv * h.dim;
          const kvBytes = kvCols * p.aBytes;
          const v = matvec(p, b, idx, o.k, kvCols, last, p.vAdd, 'hbm', [], o);
          vWrite = b.emit({ op: idx, unit: U.hbm, busy: Math.ceil(kvBytes / p.hbmBpc), latency: p.hbmLat, deps: [v] });
          const kk = matvec(p, b, idx, o.k, kvCols, last, p.vAdd, 'hbm', [], o);
          // Keys are cached after their rotary embedding, if the model has one.
          if (ops[i + 1]?.kind === 'rotary') pendingK = { idx, matvec: kk, bytes: kvBytes };
          else kWrite = b.emit({ op: idx, unit: U.hbm, busy: Math.ceil(kvBytes / p.hbmBpc), latency: p.hbmLat, deps: [kk] });
          b.ops[idx].events.offchip.hbm += 2 * kvBytes;
          q = matvec(p, b, idx, o.k, heads.q * h.dim, last, p.vAdd, 'hbm', [], o);
          last = [q];
        } else if (o.role.weight === 'mlp_gate') {
          // The gate stays split on this core until the gated activation multiplies it into the up product.
          gate = matvec(p, b, idx, o.k, share(o.n, k), last, o.bias ? p.vAdd : 0, 'hbm', [], o);
        } else {
          const n = share(o.n, k);
          const out = matvec(p, b, idx, o.k, n, last, o.bias ? p.vAdd : 0, 'hbm', [], o);
          // An activation that follows runs on the output stream; the gather waits for it.
          if (onSplitOutput(ops[i + 1])) {
            split = { name: o.name, bytes: n * p.aBytes };
            last = [out];
          } else last = sync(p, b, `sync_${o.name}`, n * p.aBytes, [out]);
        }
        break;
      }
      case 'gelu':
      case 'relu':
      case 'silu_mul': {
        // The activation runs in SFU_M on the MPU's output stream (GELU and SiLU from its piecewise-linear
        // table, ReLU as a compare; SiLU's product with the up projection is one more multiply): it only
        // lengthens the pipeline.
        const latency = o.kind === 'gelu' ? p.gelu : o.kind === 'relu' ? p.compare : p.gelu + p.vMul;
        const out = b.emit({ op: idx, unit: U.mpu, busy: 0, latency, deps: o.kind === 'silu_mul' && gate >= 0 ? [...last, gate] : last });
        b.ops[idx].events.vector += share(o.k, k);
        last = sync(p, b, `sync_${split?.name ?? o.name}`, split?.bytes ?? share(o.k, k) * p.aBytes, [out]);
        split = undefined;
        gate = -1;
        break;
      }
      case 'rotary': {
        // x cos + rot(x) sin on the VPU over this core's query and key heads; the cos/sin row is prefetched.
        const h = o.role.heads;
        if (!h || !pendingK) throw new Error(`DFX lowering: rotary op ${o.name} without its heads or the key projection before it`);
        const heads = deviceHeads(paddedHeadSplit(h, k));
        const rotated = o.k / (h.q + h.kv);
        const values = (heads.q + heads.kv) * rotated;
        const tableBytes = rotated * p.aBytes;
        const ddr = p.tableMemory === 'ddr';
        b.ops[idx].events.offchip[p.tableMemory] = (b.ops[idx].events.offchip[p.tableMemory] ?? 0) + tableBytes;
        const table = b.emit({ op: idx, unit: ddr ? U.ddr : U.hbm, busy: Math.ceil(tableBytes / (ddr ? p.ddrBpc : p.hbmBpc)), latency: ddr ? p.ddrLat : p.hbmLat, deps: [-1] });
        const out = vectorChain(b, idx, rotarySteps(p, values), ROTARY_OPS_PER_VALUE * values, [q, pendingK.matvec, table]);
        kWrite = b.emit({ op: pendingK.idx, unit: U.hbm, busy: Math.ceil(pendingK.bytes / p.hbmBpc), latency: p.hbmLat, deps: [out] });
        pendingK = undefined;
        q = out;
        last = [out];
        break;
      }
      case 'attn_scores':
        scoresIdx = idx;
        break;
      case 'softmax':
        softIdx = idx;
        break;
      case 'attn_context': {
        const h = o.role.heads;
        if (!h) throw new Error(`DFX lowering: attention op ${o.name} without its heads`);
        const keys = (o.context ?? 0) + o.m;
        const heads = deviceHeads(paddedHeadSplit(h, k));
        const { outs, site } = attentionHeads(p, b, { scores: scoresIdx, softmax: softIdx, context: idx }, heads.kv, heads.q / heads.kv, h.dim, keys, q, kWrite, vWrite);
        sites.push(site);
        last = sync(p, b, 'sync_attention', heads.q * h.dim * p.aBytes, outs);
        break;
      }
      default:
        throw new Error(`DFX lowering: no rule for ${o.kind} (the template's capabilities should have refused it)`);
    }
  }
  const block = b.build(last[0]);
  attentionSites.set(block, sites);
  return block;
}

/** The attentions of each lowered layer, for re-costing it at another context. */
const attentionSites = new WeakMap<Block, AttentionSite[]>();

/** Final norm, OPT's projection back to the embedding width, LM head over this device's vocabulary slice, argmax and its exchange. */
function lowerPost(p: DfxParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let last: readonly number[] = [-1];
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops / (o.kind === 'linear' ? p.devices : 1));
    if (o.kind === 'layernorm') last = [vectorChain(b, idx, layerNormSteps(p, o.k), NORM_OPS_PER_VALUE * o.k, last)];
    else if (o.kind === 'rmsnorm') last = [vectorChain(b, idx, rmsNormSteps(p, o.k), RMSNORM_OPS_PER_VALUE * o.k, last)];
    else if (o.kind === 'linear' && o.role.weight !== 'lm_head') {
      const n = share(o.n, p.devices);
      last = sync(p, b, `sync_${o.name}`, n * p.aBytes, [matvec(p, b, idx, o.k, n, last, 0, 'hbm', [], o)]);
    } else if (o.kind === 'linear') {
      const n = share(o.n, p.devices);
      const argmax = Math.ceil(Math.log2(Math.max(2, p.lanes))) * p.compare;
      const out = matvec(p, b, idx, o.k, n, last, argmax, p.lmHeadIn);
      // Each core found its local maximum; exchange (value, index) to agree on the token.
      last = sync(p, b, 'sync_argmax', p.argmaxMessageBytes, [out]);
    } else throw new Error(`DFX lowering: no rule for ${o.kind} after the layers`);
  }
  return b.build(last[0]);
}

export function lowerStep(p: DfxParams, s: StepOps): LoweredStep {
  return {
    pre: lowerPre(p, s.pre),
    segments: layerSegments(s).map((g) => ({ block: lowerLayer(p, g.layer), count: g.count })),
    post: s.post.length ? lowerPost(p, s.post) : undefined,
  };
}

/**
 * Re-cost a lowering made by lowerStep for the ops of another step that
 * differs only in its attention's context (the driver checks that every
 * other op is the same): only attention's cycle counts and events change.
 * Returns the numbers they were set from, or false when the lowering is not
 * one it can re-cost.
 */
export function recostStep(p: DfxParams, lowered: LoweredStep, s: StepOps): number[] | false {
  const segs = layerSegments(s);
  if (segs.length !== lowered.segments.length) return false;
  const signature: number[] = [];
  for (let g = 0; g < segs.length; g++) {
    const sites = attentionSites.get(lowered.segments[g].block);
    if (!sites) return false;
    const ops = segs[g].layer;
    let at = 0;
    let scores: Op | undefined;
    let softmax: Op | undefined;
    for (const o of ops) {
      if (o.kind === 'attn_scores') scores = o;
      else if (o.kind === 'softmax') softmax = o;
      else if (o.kind === 'attn_context') {
        const site = sites[at++];
        if (!site || !scores || !softmax) return false;
        recostAttention(p, site, p.devices, scores, softmax, o, signature);
      }
    }
    if (at !== sites.length) return false;
  }
  return signature;
}
