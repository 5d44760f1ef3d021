/**
 * Lowering one step's operators onto a tensor-parallel GPU group, as the
 * operators' roles say (Megatron's split: column-split products and attention
 * by heads, row-split products followed by an all-reduce, the LM head by
 * vocabulary followed by an all-gather; replicated ops on every GPU). Each
 * operator becomes host time (framework + launches) on the host unit and
 * kernel time on the GPU stream; the host runs ahead of the stream within a
 * block, as asynchronous CUDA launches do.
 */
import { DTYPE_BYTES, type Op, type OpKind, type StepOps, layerSegments } from '../../workloads/trace.js';
import { deviceHeads, evenHeadSplit } from '../head-split.js';
import type { LoweredStep } from '../template.js';
import { type Block, type Instr, type OpInfo, noEvents } from '../engine/program.js';
import { allGather, allReduce, hostSeconds, type KernelWork, kernelSeconds } from './costs.js';
import { type GpuParams, TICKS_PER_S, U } from './params.js';

const ATTENTION = new Set(['attn_scores', 'softmax', 'attn_context']);
const TENSOR = new Set(['linear', 'attn_scores', 'attn_context']);

/** An element-wise or attention op on split data (heads, or the columns of the op before): each GPU does its share. */
function splitWork(o: Op): boolean {
  return o.kind !== 'linear' && o.role.shard !== 'replicated';
}

/**
 * The fraction of a linear op's weights and outputs one device holds: 1 when
 * replicated, 1/k when split, and for a QKV projection whose key/value heads
 * are replicated (fewer than devices) its query share plus whole K and V heads.
 */
function linearShare(p: GpuParams, o: Op): number | undefined {
  const h = o.role.heads;
  if (o.role.shard === 'replicated') return 1;
  if (o.role.kv !== 'write' || !h || h.kv % p.devices === 0) return undefined;
  const d = deviceHeads(evenHeadSplit(h, p.devices));
  return (d.q + 2 * d.kv) / (h.q + 2 * h.kv);
}

/** One device's share of an operator. */
export function deviceWork(p: GpuParams, o: Op): Omit<KernelWork, 'kernels'> {
  const k = p.devices;
  const b = DTYPE_BYTES[o.dtype];
  const tensor = TENSOR.has(o.kind);
  // Only 2:4 on sparse tensor cores, in GEMMs big enough to use them, runs sparse; any other
  // N:M matrix is executed dense (GPUs have no kernels for it), so the trace's savings do not apply.
  const sparse24 = o.kind === 'linear' && o.sparsity?.n === 2 && o.sparsity?.m === 4 && p.sparse.supported && o.m >= p.sparse.minRows;
  let flops = o.flops;
  let bytes = o.weightBytes + o.kvReadBytes + o.kvWriteBytes + o.activationBytes;
  if (o.kind === 'linear') {
    const reads = o.m * o.k * b;
    const writes = o.m * o.n * b;
    const share = linearShare(p, o);
    const part = (x: number) => (share === undefined ? x / k : x * share);
    const act = o.role.shard === 'row' ? part(reads) + writes : reads + part(writes);
    const bias = o.bias ? o.n : 0;
    const denseFlops = 2 * o.m * o.k * o.n + (o.bias ? o.m * o.n : 0);
    const weightBytes = !o.sparsity ? o.weightBytes : sparse24 ? (o.k * o.n * b) / 2 + (o.k * o.n) / 2 / 4 + bias * b : (o.k * o.n + bias) * b;
    // Sparse tensor cores do the dense amount of math faster (kernelSeconds applies the realised speedup).
    flops = part(o.sparsity ? denseFlops : o.flops);
    bytes = part(weightBytes) + act;
  } else if (splitWork(o)) {
    flops = o.flops / k;
    const h = o.role.heads;
    if (o.role.kv === 'read' && h && h.kv < k) {
      // Each device reads the whole cache of the key/value head it replicates.
      const cache = o.kvReadBytes + o.kvWriteBytes;
      bytes = (bytes - cache) / k + (cache * deviceHeads(evenHeadSplit(h, k)).kv) / h.kv;
    } else bytes /= k;
  }
  return { tensorFlops: tensor ? flops : 0, vectorFlops: tensor ? 0 : flops, bytes, rows: o.m, sparse24 };
}

/**
 * Kinds newer than a stack's kernel inventory are counted as the listed kind
 * of the same kernel class (a norm, an activation, an element-wise op that
 * FasterTransformer fuses into the QKV kernel) until the stack lists them.
 */
const NEAREST = { rmsnorm: 'layernorm', relu: 'gelu', silu_mul: 'gelu', rotary: 'residual' } as const satisfies Partial<Record<OpKind, OpKind>>;

/** Kernels the stack launches for an operator (0 = fused into the kernel before it). */
export function kernelCount(p: GpuParams, o: Op): number {
  const ks = p.stack.kernels;
  if (ATTENTION.has(o.kind) && o.m === 1 && ks.decode_attention > 0) return o.kind === 'attn_scores' ? ks.decode_attention : 0;
  const listed = (ks as Readonly<Partial<Record<string, number>>>)[o.kind];
  if (listed !== undefined && o.kind !== 'embedding') return listed;
  switch (o.kind) {
    case 'rmsnorm':
    case 'relu':
    case 'silu_mul':
    case 'rotary':
      return kernelCount(p, { ...o, kind: NEAREST[o.kind] });
    case 'linear':
      return ks.linear;
    case 'attn_scores':
      return ks.attn_scores;
    case 'softmax':
      return ks.softmax;
    case 'attn_context':
      return ks.attn_context;
    case 'layernorm':
      return ks.layernorm;
    case 'gelu':
      return ks.gelu;
    case 'residual':
      return ks.residual;
    case 'embedding':
      // The stack's count is for a token and a position lookup and their sum; one table is one gather.
      return (o.lookups ?? 2) >= 2 ? ks.embedding : Math.min(ks.embedding, 1);
    // Butterfly layers run as one fused kernel per factorised matrix, FFTs as one cuFFT call.
    case 'butterfly':
      return ks.linear;
    case 'fft':
      return 1;
  }
}

class GpuBlockBuilder {
  readonly ops: OpInfo[] = [];
  readonly instrs: Instr[] = [];
  /** Last instruction on the GPU stream (-1 = block input). */
  private stream = -1;
  private lastKernel = -1;

  constructor(private readonly p: GpuParams) {}

  private emit(i: Instr): number {
    this.instrs.push(i);
    return this.instrs.length - 1;
  }

  operator(o: Op): void {
    const p = this.p;
    const w = deviceWork(p, o);
    const kernels = kernelCount(p, o);
    const events = noEvents();
    events.mac = (w.tensorFlops + w.vectorFlops) / 2;
    const idx = this.ops.push({ name: o.name, category: o.category, flops: w.tensorFlops + w.vectorFlops, events }) - 1;
    if (kernels === 0) {
      // Fused: its intermediate never goes to DRAM; its weights, cache traffic and arithmetic ride on the previous kernel.
      const kept = w.bytes - deviceActivationBytes(p, o);
      events.offchip.hbm = kept;
      const extra = kernelSeconds(p, { ...w, bytes: kept, kernels: 1 }) - p.stack.kernel_floor;
      if (this.lastKernel >= 0) {
        const prev = this.instrs[this.lastKernel];
        this.instrs[this.lastKernel] = { ...prev, busy: prev.busy + extra * TICKS_PER_S };
      }
      return;
    }
    events.offchip.hbm = w.bytes;
    const host = this.emit({ op: idx, unit: U.host, busy: hostSeconds(p, kernels) * TICKS_PER_S, latency: 0, deps: [] });
    this.stream = this.emit({ op: idx, unit: U.gpu, busy: kernelSeconds(p, { ...w, kernels }) * TICKS_PER_S, latency: 0, deps: [host, this.stream] });
    this.lastKernel = this.stream;
  }

  collective(name: string, kind: 'all_reduce' | 'all_gather', bytes: number): void {
    const p = this.p;
    if (p.devices <= 1) return;
    const c = kind === 'all_reduce' ? allReduce(p, bytes) : allGather(p, bytes);
    const events = { ...noEvents(), link: c.sent };
    const idx = this.ops.push({ name, category: 'sync', flops: 0, events }) - 1;
    const host = this.emit({ op: idx, unit: U.host, busy: hostSeconds(p, 1, true) * TICKS_PER_S, latency: 0, deps: [] });
    const link = this.emit({ op: idx, unit: U.link, busy: c.seconds * TICKS_PER_S, latency: 0, deps: [host, this.stream] });
    // The collective holds the stream: later kernels wait for it.
    this.stream = this.emit({ op: idx, unit: U.gpu, busy: 0, latency: 0, deps: [link] });
    this.lastKernel = -1;
  }

  build(): Block | undefined {
    return this.instrs.length ? { ops: this.ops, instrs: this.instrs, output: this.stream } : undefined;
  }
}

function deviceActivationBytes(p: GpuParams, o: Op): number {
  return splitWork(o) ? o.activationBytes / p.devices : o.activationBytes;
}

export function lowerOps(p: GpuParams, ops: readonly Op[]): Block | undefined {
  const b = new GpuBlockBuilder(p);
  for (const o of ops) {
    b.operator(o);
    const a = DTYPE_BYTES[o.dtype];
    // Row-split products hold partial sums: all-reduce them. Split logits are gathered to sample the token.
    if (o.kind === 'linear' && o.role.shard === 'row') b.collective(`allreduce_${o.name}`, 'all_reduce', o.m * o.n * a);
    if (o.kind === 'linear' && o.role.weight === 'lm_head') b.collective('allgather_logits', 'all_gather', (o.m * o.n * a) / p.devices);
  }
  return b.build();
}

export function lowerStep(p: GpuParams, s: StepOps): LoweredStep {
  const segments: { block: Block; count: number }[] = [];
  for (const g of layerSegments(s)) {
    const block = lowerOps(p, g.layer);
    if (block) segments.push({ block, count: g.count });
  }
  return { pre: lowerOps(p, s.pre), segments, post: lowerOps(p, s.post) };
}
