/**
 * Lowering of one token's pass through GPT-2 onto one DFX core (all cores run
 * the same program on their slice: heads split head-wise, other matrices
 * column-wise, LayerNorm and residual replicated). Instruction types follow
 * DFX's ISA: compute (MPU/VPU), dma (HBM/DDR streams) and router (ring sync).
 */
import { DTYPE_BYTES, type Op, type StepOps, layerSegments } from '../../workloads/trace.js';
import type { LoweredStep } from '../template.js';
import { NORM_OPS_PER_VALUE, SOFTMAX_OPS_PER_SCORE } from '../../workloads/transformer-ops.js';
import { type Block, type Events, type Instr, type OpInfo, noEvents } from '../engine/program.js';
import { type VecStep, allGather, gemv, layerNormSteps, pass, softmaxSteps, tileBytes } from './costs.js';
import { type DfxParams, U } from './params.js';

class BlockBuilder {
  readonly ops: OpInfo[] = [];
  readonly instrs: Instr[] = [];

  op(name: string, category: string, flops: number, events: Events): number {
    this.ops.push({ name, category, flops, events });
    return this.ops.length - 1;
  }

  emit(i: Instr): number {
    this.instrs.push(i);
    return this.instrs.length - 1;
  }

  build(output: number): Block {
    return { ops: this.ops, instrs: this.instrs, output };
  }
}

/** Matrix-vector product streamed from off-chip memory through the MPU. */
function matvec(p: DfxParams, b: BlockBuilder, opIdx: number, k: number, n: number, deps: number[], extraLatency: number, memory: 'hbm' | 'ddr' = 'hbm', feedDeps: number[] = [], w?: Pick<Op, 'sparsity' | 'weightDtype'>): number {
  const nm = w?.sparsity;
  const g = gemv(p, k, n, nm);
  const bytes = g.tiles * tileBytes(p, nm, w?.weightDtype ? DTYPE_BYTES[w.weightDtype] : p.wBytes);
  if (nm && nm.n < nm.m) extraLatency += p.selectLatency;
  const bpc = memory === 'hbm' ? p.hbmBpc : p.ddrBpc;
  const feedBusy = Math.ceil(bytes / bpc);
  const slack = bytes <= p.weightBufferBytes ? g.cycles : Math.floor((g.cycles * p.weightBufferBytes) / bytes);
  const e = b.ops[opIdx].events;
  e.mac += g.tiles * p.d * p.lanes;
  e.offchip[memory] = (e.offchip[memory] ?? 0) + bytes;
  e.sram += 2 * bytes;
  return b.emit({
    op: opIdx,
    unit: U.mpu,
    busy: g.cycles,
    latency: p.mpuLatency + extraLatency,
    deps,
    feed: { unit: memory === 'hbm' ? U.hbm : U.ddr, busy: feedBusy, lead: memory === 'hbm' ? p.hbmLat : p.ddrLat, slack, deps: feedDeps },
  });
}

function vector(b: BlockBuilder, opIdx: number, busy: number, latency: number, elements: number, deps: number[]): number {
  b.ops[opIdx].events.vector += elements;
  return b.emit({ op: opIdx, unit: U.vpu, busy, latency, deps });
}

/** A chain of dependent vector instructions (one ISA instruction each). */
function vectorChain(b: BlockBuilder, opIdx: number, steps: VecStep[], elements: number, deps: number[]): number {
  b.ops[opIdx].events.vector += elements;
  let last = deps;
  let out = -1;
  for (const st of steps) {
    out = b.emit({ op: opIdx, unit: U.vpu, busy: st.busy, latency: st.latency, deps: last });
    last = [out];
  }
  return out;
}

function sync(p: DfxParams, b: BlockBuilder, name: string, bytes: number, deps: number[]): number[] {
  if (p.devices <= 1) return deps;
  const g = allGather(p, bytes);
  const opIdx = b.op(name, 'sync', 0, { ...noEvents(), link: g.linkBytes, sram: 2 * g.linkBytes });
  return [b.emit({ op: opIdx, unit: U.router, busy: g.busy, latency: g.latency, deps })];
}

const share = (n: number, k: number) => Math.ceil(n / k);

/** The embedding lookup: two DDR rows (token, position) added on the VPU. */
export function lowerPre(p: DfxParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let out = -1;
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops, noEvents());
    const bytes = 2 * o.k * p.aBytes;
    const ddr = p.tableMemory === 'ddr';
    b.ops[idx].events.offchip[p.tableMemory] = bytes;
    const rd = b.emit({ op: idx, unit: ddr ? U.ddr : U.hbm, busy: Math.ceil(bytes / (ddr ? p.ddrBpc : p.hbmBpc)), latency: ddr ? p.ddrLat : p.hbmLat, deps: [-1] });
    out = vector(b, idx, pass(p, o.k), p.vAdd, o.k, [rd]);
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
export function lowerLayer(p: DfxParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  const k = p.devices;
  let last = [-1];
  let residual = -1;
  let kWrite = -1;
  let vWrite = -1;
  let q = -1;
  let split: { name: string; bytes: number } | undefined;
  let scoresIdx = -1;
  let softIdx = -1;
  for (const [i, o] of ops.entries()) {
    const idx = b.op(o.name, o.category, o.flops / k, noEvents());
    switch (o.kind) {
      case 'layernorm': {
        const out = vectorChain(b, idx, layerNormSteps(p, o.k), NORM_OPS_PER_VALUE * o.k, last);
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
          const kvCols = share(h.kv, k) * h.dim;
          const kvBytes = kvCols * p.aBytes;
          const v = matvec(p, b, idx, o.k, kvCols, last, p.vAdd, 'hbm', [], o);
          vWrite = b.emit({ op: idx, unit: U.hbm, busy: Math.ceil(kvBytes / p.hbmBpc), latency: p.hbmLat, deps: [v] });
          const kk = matvec(p, b, idx, o.k, kvCols, last, p.vAdd, 'hbm', [], o);
          kWrite = b.emit({ op: idx, unit: U.hbm, busy: Math.ceil(kvBytes / p.hbmBpc), latency: p.hbmLat, deps: [kk] });
          b.ops[idx].events.offchip.hbm += 2 * kvBytes;
          q = matvec(p, b, idx, o.k, share(h.q, k) * h.dim, last, p.vAdd, 'hbm', [], o);
          last = [q];
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
      case 'gelu': {
        // GELU runs in SFU_M on the MPU's output stream: it only lengthens the pipeline.
        const out = b.emit({ op: idx, unit: U.mpu, busy: 0, latency: p.gelu, deps: last });
        b.ops[idx].events.vector += share(o.k, k);
        last = sync(p, b, `sync_${split?.name ?? o.name}`, split?.bytes ?? share(o.k, k) * p.aBytes, [out]);
        split = undefined;
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
        const lastHead = attentionHeads(p, b, { scores: scoresIdx, softmax: softIdx, context: idx }, share(h.q, k), h.dim, keys, q, kWrite, vWrite);
        last = sync(p, b, 'sync_attention', share(h.q, k) * h.dim * p.aBytes, lastHead);
        break;
      }
      default:
        throw new Error(`DFX lowering: no rule for ${o.kind} (the template's capabilities should have refused it)`);
    }
  }
  return b.build(last[0]);
}

/**
 * Per head: Q.K^T with mask and reduce-max (SFU_M), softmax (VPU), S.V.
 * Heads are software-pipelined one deep: the MPU computes the scores of head
 * h+1 while the VPU runs the softmax of head h.
 */
function attentionHeads(p: DfxParams, b: BlockBuilder, at: { scores: number; softmax: number; context: number }, hK: number, headDim: number, keys: number, q: number, kWrite: number, vWrite: number): number[] {
  if (at.scores < 0 || at.softmax < 0) throw new Error('DFX lowering: attention context without its scores and softmax');
  const { scores: scoresIdx, softmax: softIdx, context: ctxIdx } = at;
  const outs: number[] = [];
  const sfuM = p.vMul + Math.ceil(Math.log2(Math.max(2, p.lanes))) * p.compare;
  const scores = (h: number) => (h < hK ? matvec(p, b, scoresIdx, headDim, keys, [q], sfuM, 'hbm', [kWrite]) : -1);
  let next = scores(0);
  for (let h = 0; h < hK; h++) {
    const s = next;
    next = scores(h + 1);
    const sm = vectorChain(b, softIdx, softmaxSteps(p, keys), SOFTMAX_OPS_PER_SCORE * keys, [s]);
    outs.push(matvec(p, b, ctxIdx, keys, headDim, [sm], 0, 'hbm', [vWrite]));
  }
  return outs;
}

/** Final LayerNorm, LM head over this device's vocabulary slice, argmax and its exchange. */
export function lowerPost(p: DfxParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let last = [-1];
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops / (o.kind === 'linear' ? p.devices : 1), noEvents());
    if (o.kind === 'layernorm') last = [vectorChain(b, idx, layerNormSteps(p, o.k), NORM_OPS_PER_VALUE * o.k, last)];
    else if (o.kind === 'linear') {
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
