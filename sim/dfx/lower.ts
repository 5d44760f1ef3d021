/**
 * Lowering of one token's pass through GPT-2 onto one DFX core (all cores run
 * the same program on their slice: heads split head-wise, other matrices
 * column-wise, LayerNorm and residual replicated). Instruction types follow
 * DFX's ISA: compute (MPU/VPU), dma (HBM/DDR streams) and router (ring sync).
 */
import { unsupportedOp } from '../unsupported-op.js';
import { DTYPE_BYTES, type Op, type StepOps } from '../../workloads/trace.js';
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

/** One decoder layer for one token with `context` keys already cached. */
export function lowerLayer(p: DfxParams, ops: readonly Op[], headDim: number, heads: number): Block {
  const b = new BlockBuilder();
  const k = p.devices;
  const hK = share(heads, k);
  let last = [-1];
  let residual = -1;
  let kWrite = -1;
  let vWrite = -1;
  let q = -1;
  let lastHead: number[] = [];
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops / k, noEvents());
    switch (o.kind) {
      case 'layernorm': {
        const out = vectorChain(b, idx, layerNormSteps(p, o.k), 8 * o.k, last);
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
        if (o.name === 'qkv') {
          // V first so that its transposed write to HBM hides behind K and Q (DFX §7).
          const cols = hK * headDim;
          const kvBytes = cols * p.aBytes;
          const v = matvec(p, b, idx, o.k, cols, last, p.vAdd, 'hbm', [], o);
          vWrite = b.emit({ op: idx, unit: U.hbm, busy: Math.ceil(kvBytes / p.hbmBpc), latency: p.hbmLat, deps: [v] });
          const kk = matvec(p, b, idx, o.k, cols, last, p.vAdd, 'hbm', [], o);
          kWrite = b.emit({ op: idx, unit: U.hbm, busy: Math.ceil(kvBytes / p.hbmBpc), latency: p.hbmLat, deps: [kk] });
          b.ops[idx].events.offchip.hbm += 2 * kvBytes;
          q = matvec(p, b, idx, o.k, cols, last, p.vAdd, 'hbm', [], o);
          last = [q];
        } else {
          const n = share(o.n, k);
          const out = matvec(p, b, idx, o.k, n, last, o.bias ? p.vAdd : 0, 'hbm', [], o);
          // A GELU that follows runs on the output stream; the gather waits for it.
          const next = ops[ops.indexOf(o) + 1];
          last = next?.kind === 'gelu' ? [out] : sync(p, b, `sync_${o.name}`, n * p.aBytes, [out]);
        }
        break;
      }
      case 'gelu': {
        // GELU runs in SFU_M on the MPU's output stream: it only lengthens the pipeline.
        const out = b.emit({ op: idx, unit: U.mpu, busy: 0, latency: p.gelu, deps: last });
        b.ops[idx].events.vector += share(o.k, k);
        last = sync(p, b, 'sync_ffn_1', share(o.k, k) * p.aBytes, [out]);
        break;
      }
      case 'attn_scores':
      case 'softmax':
      case 'attn_context':
        if (o.kind === 'attn_context') {
          const keys = (o.context ?? 0) + o.m;
          lastHead = attentionHeads(p, b, idx, hK, headDim, keys, q, kWrite, vWrite);
          last = sync(p, b, 'sync_attention', hK * headDim * p.aBytes, lastHead);
        }
        break;
      default:
        throw unsupportedOp('dfx', o.kind);
    }
  }
  return b.build(last[0]);
}

/**
 * Per head: Q.K^T with mask and reduce-max (SFU_M), softmax (VPU), S.V.
 * Heads are software-pipelined one deep: the MPU computes the scores of head
 * h+1 while the VPU runs the softmax of head h.
 */
function attentionHeads(p: DfxParams, b: BlockBuilder, ctxIdx: number, hK: number, headDim: number, keys: number, q: number, kWrite: number, vWrite: number): number[] {
  const scoresIdx = b.ops.findIndex((x) => x.name === 'attn_scores');
  const softIdx = b.ops.findIndex((x) => x.name === 'softmax');
  const outs: number[] = [];
  const sfuM = p.vMul + Math.ceil(Math.log2(Math.max(2, p.lanes))) * p.compare;
  const scores = (h: number) => (h < hK ? matvec(p, b, scoresIdx, headDim, keys, [q], sfuM, 'hbm', [kWrite]) : -1);
  let next = scores(0);
  for (let h = 0; h < hK; h++) {
    const s = next;
    next = scores(h + 1);
    const sm = vectorChain(b, softIdx, softmaxSteps(p, keys), 5 * keys, [s]);
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
    if (o.kind === 'layernorm') last = [vectorChain(b, idx, layerNormSteps(p, o.k), 8 * o.k, last)];
    else if (o.kind === 'linear') {
      const n = share(o.n, p.devices);
      const argmax = Math.ceil(Math.log2(Math.max(2, p.lanes))) * p.compare;
      const out = matvec(p, b, idx, o.k, n, last, argmax, p.lmHeadIn);
      // Each core found its local maximum; exchange (value, index) to agree on the token.
      last = sync(p, b, 'sync_argmax', 2 * p.aBytes + 4, [out]);
    } else throw unsupportedOp('dfx', o.kind);
  }
  return b.build(last[0]);
}

export function lowerStep(p: DfxParams, s: StepOps, headDim: number, heads: number): { pre: Block; layer: Block; post: Block | undefined } {
  return {
    pre: lowerPre(p, s.pre),
    layer: lowerLayer(p, s.layer, headDim, heads),
    post: s.post.length ? lowerPost(p, s.post) : undefined,
  };
}
