/**
 * Lowering one step's operators onto a tensor-parallel GPU group, as the
 * operators' roles say (Megatron's split: column-split products and attention
 * by heads, row-split products followed by an all-reduce, the LM head by
 * vocabulary followed by an all-gather; replicated ops on every GPU). The
 * stack's kernel inventory says what each operator becomes: host time
 * (framework operators and launches) on the host unit and kernel time on the
 * GPU stream. The host runs ahead of the stream, as asynchronous CUDA
 * launches do, so a stack is host-bound or GPU-bound by itself.
 */
import type { KernelEntry } from '../../arch/schema/gpu.js';
import { DTYPE_BYTES, type Op, type OpKind, type StepOps, layerSegments } from '../../workloads/trace.js';
import { deviceHeads, evenHeadSplit } from '../head-split.js';
import type { LoweredStep } from '../template.js';
import { type Block, type Instr, type OpInfo, noEvents } from '../engine/program.js';
import { allGather, allReduce, hostSeconds, type KernelWork, kernelSeconds, workSeconds } from './costs.js';
import { type GpuParams, TICKS_PER_S, U } from './params.js';

const TENSOR = new Set(['linear', 'attn_scores', 'attn_context']);

/** An element-wise or attention op on split data (heads, or the columns of the op before): each GPU does its share. */
function splitWork(o: Op): boolean {
  return o.kind !== 'linear' && o.role.shard !== 'replicated';
}

/**
 * Kinds newer than a stack's kernel inventory are priced as the entry of the
 * listed kind of the same kernel class (a norm, an activation, an element-wise
 * op) until the stack lists them.
 */
const NEAREST = { rmsnorm: 'layernorm', relu: 'gelu', silu_mul: 'gelu', rotary: 'residual' } as const satisfies Partial<Record<OpKind, OpKind>>;

function matchEntry(p: GpuParams, kind: OpKind, o: Op, decode: boolean): KernelEntry | undefined {
  for (const e of p.stack.kernels) {
    const c = e.covers;
    if (c.kind !== kind) continue;
    if (c.weight && c.weight !== o.role.weight) continue;
    if (c.stage && (c.stage === 'decode') !== decode) continue;
    return e;
  }
  return undefined;
}

/**
 * The stack's kernel entry for an operator: the first whose `covers` matches (the schema guarantees a
 * catch-all for every listed kind), or that of the nearest listed kind. An embedding of one table (no
 * learned positions) is one gather, whatever the stack lists for a token and a position lookup.
 */
export function kernelEntry(p: GpuParams, o: Op, decode: boolean): KernelEntry {
  const nearest = (NEAREST as Partial<Record<OpKind, OpKind>>)[o.kind];
  const e = matchEntry(p, o.kind, o, decode) ?? (nearest ? matchEntry(p, nearest, o, decode) : undefined);
  if (!e) throw new Error(`stack ${p.stackName} has no kernel for ${o.kind}`);
  if (o.kind === 'embedding' && o.lookups < 2) return { ...e, kernels: Math.min(e.kernels, 1) };
  return e;
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
export function deviceWork(p: GpuParams, o: Op, kvCopies = 0, decode = false): Omit<KernelWork, 'kernels'> {
  const k = p.devices;
  const b = DTYPE_BYTES[o.dtype];
  // FP32 operands run on CUDA cores (the GPU model's tensor rate is FP16).
  const tensor = TENSOR.has(o.kind) && o.dtype !== 'fp32';
  // Only 2:4 runs on sparse tensor cores; any other N:M matrix is executed dense (GPUs have no kernels for it), so the trace's savings do not apply.
  const sparse24 = o.kind === 'linear' && o.sparsity?.n === 2 && o.sparsity?.m === 4 && p.sparse.supported;
  let flops = o.flops;
  let bytes = o.weightBytes + o.kvReadBytes + o.kvWriteBytes + o.activationBytes;
  // Appending by concatenation reads the whole cache (keys and values: twice this op's keys) and writes it back with the new entries.
  if (kvCopies > 0) bytes += kvCopies * 2 * (2 * o.kvReadBytes + o.kvWriteBytes);
  // The GEMM each device runs: column-split products keep their share of the outputs, row-split ones of the reduction, attention of the heads.
  let gemm = { m: o.m, n: o.n, k: o.k, count: o.count, operandBytes: b, bias: o.bias ?? false };
  let denseBytes: number | undefined;
  if (o.kind === 'linear') {
    const reads = o.m * o.k * b;
    const writes = o.m * o.n * b;
    const share = linearShare(p, o);
    const part = (x: number) => (share === undefined ? x / k : x * share);
    const act = o.role.shard === 'row' ? part(reads) + writes : reads + part(writes);
    const bias = o.bias ? o.n : 0;
    const denseFlops = 2 * o.m * o.k * o.n + (o.bias ? o.m * o.n : 0);
    const weightBytes = !o.sparsity ? o.weightBytes : sparse24 ? (o.k * o.n * b) / 2 + (o.k * o.n) / 2 / 4 + bias * b : (o.k * o.n + bias) * b;
    // Sparse tensor cores do the dense amount of math at the realised speedup (costs.ts).
    flops = part(o.sparsity ? denseFlops : o.flops);
    bytes = part(weightBytes) + act;
    if (sparse24) denseBytes = part((o.k * o.n + bias) * b) + act;
    if (o.role.shard === 'row') gemm = { ...gemm, k: part(o.k) };
    else if (o.role.shard === 'column') gemm = { ...gemm, n: part(o.n) };
  } else if (splitWork(o)) {
    flops = o.flops / k;
    gemm = { ...gemm, count: o.count / k };
    const h = o.role.heads;
    if (o.role.kv === 'read' && h && h.kv < k) {
      // Each device reads the whole cache of the key/value head it replicates.
      const cache = o.kvReadBytes + o.kvWriteBytes;
      bytes = (bytes - cache) / k + (cache * deviceHeads(evenHeadSplit(h, k)).kv) / h.kv;
    } else bytes /= k;
  }
  return {
    tensorFlops: tensor ? flops : 0,
    vectorFlops: tensor ? 0 : flops,
    bytes,
    ...(tensor ? { gemm, decode } : {}),
    sparse24,
    ...(denseBytes === undefined ? {} : { denseBytes }),
  };
}

/** What an operator costs on a design, whatever step it is lowered in. */
interface OpCost {
  /** Its kernels fuse into the previous kernel. */
  readonly fused: boolean;
  readonly flops: number;
  /** DRAM bytes per device. */
  readonly hbm: number;
  /** Host seconds (framework operators and launches). */
  readonly hostS: number;
  /** GPU seconds: its kernels', or what it adds to the kernel it fuses into. */
  readonly gpuS: number;
}

/**
 * Operators' costs per design and stage kind. A model's step ops are shared
 * objects (workloads/step-shapes.ts), so a decode step's products, norms and
 * activations are the same ops at every token: only attention's change.
 */
const opCosts = new WeakMap<GpuParams, readonly [WeakMap<Op, OpCost>, WeakMap<Op, OpCost>]>();

function opCost(p: GpuParams, o: Op, decode: boolean): OpCost {
  let byStage = opCosts.get(p);
  if (!byStage) {
    byStage = [new WeakMap(), new WeakMap()];
    opCosts.set(p, byStage);
  }
  const memo = byStage[decode ? 1 : 0];
  let c = memo.get(o);
  if (c) return c;
  const e = kernelEntry(p, o, decode);
  const w = deviceWork(p, o, e.kv_copies ?? 0, decode);
  const flops = w.tensorFlops + w.vectorFlops;
  if (e.kernels === 0) {
    const kept = w.bytes - deviceActivationBytes(p, o);
    c = { fused: true, flops, hbm: kept, hostS: e.host_ops > 0 ? hostSeconds(p, 0, e.host_ops) : 0, gpuS: workSeconds(p, { ...w, bytes: kept, kernels: 1 }) };
  } else c = { fused: false, flops, hbm: w.bytes, hostS: hostSeconds(p, e.kernels, e.host_ops), gpuS: kernelSeconds(p, { ...w, kernels: e.kernels }) };
  memo.set(o, c);
  return c;
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

  /** A host that waits for the GPU starts an operator after the stream's last kernel; otherwise it runs ahead. */
  private hostDeps(): number[] {
    return this.p.stack.host_waits ? [this.stream] : [];
  }

  /** Host time, then the kernels it launches on the stream. */
  private launch(op: number, hostS: number, gpuS: number): void {
    const host = this.emit({ op, unit: U.host, busy: hostS * TICKS_PER_S, latency: 0, deps: this.hostDeps() });
    this.stream = this.emit({ op, unit: U.gpu, busy: gpuS * TICKS_PER_S, latency: 0, deps: [host, this.stream] });
    this.lastKernel = this.stream;
  }

  operator(o: Op, decode: boolean): void {
    const p = this.p;
    const c = opCost(p, o, decode);
    const events = noEvents();
    events.mac = c.flops / 2;
    events.offchip.hbm = c.hbm;
    const idx = this.ops.push({ name: o.name, category: o.category, flops: c.flops, events }) - 1;
    if (c.fused) {
      // Fused: its intermediate never goes to DRAM; its weights, cache traffic and arithmetic ride on the previous kernel.
      if (this.lastKernel >= 0) {
        const prev = this.instrs[this.lastKernel];
        this.instrs[this.lastKernel] = { ...prev, busy: prev.busy + c.gpuS * TICKS_PER_S };
      }
      if (c.hostS > 0) this.emit({ op: idx, unit: U.host, busy: c.hostS * TICKS_PER_S, latency: 0, deps: this.hostDeps() });
      return;
    }
    this.launch(idx, c.hostS, c.gpuS);
  }

  /** Fixed work outside the model's operators: per emitting step (sampling) or per request (setup). */
  runtime(name: string, kernels: number, hostOps: number, hostExtra = 0): void {
    const p = this.p;
    if (kernels === 0 && hostOps === 0 && hostExtra === 0) return;
    const idx = this.ops.push({ name, category: 'runtime', flops: 0, events: noEvents() }) - 1;
    this.launch(idx, hostSeconds(p, kernels, hostOps) + hostExtra * p.hostScale, kernels * p.stack.fixed.gpu_per_kernel);
  }

  collective(name: string, kind: 'all_reduce' | 'all_gather', bytes: number): void {
    const p = this.p;
    if (p.devices <= 1) return;
    const c = kind === 'all_reduce' ? allReduce(p, bytes) : allGather(p, bytes);
    const events = { ...noEvents(), link: c.sent };
    const idx = this.ops.push({ name, category: 'sync', flops: 0, events }) - 1;
    const host = this.emit({ op: idx, unit: U.host, busy: hostSeconds(p, 1, 0) * TICKS_PER_S, latency: 0, deps: this.hostDeps() });
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

function addOps(b: GpuBlockBuilder, p: GpuParams, ops: readonly Op[], decode: boolean): void {
  for (const o of ops) {
    b.operator(o, decode);
    const a = DTYPE_BYTES[o.dtype];
    // Row-split products hold partial sums: all-reduce them. Split logits are gathered to sample the token.
    if (o.kind === 'linear' && o.role.shard === 'row') b.collective(`allreduce_${o.name}`, 'all_reduce', o.m * o.n * a);
    if (o.kind === 'linear' && o.role.weight === 'lm_head') b.collective('allgather_logits', 'all_gather', (o.m * o.n * a) / p.devices);
  }
}

function lowerOps(p: GpuParams, ops: readonly Op[], decode = false): Block | undefined {
  const b = new GpuBlockBuilder(p);
  addOps(b, p, ops, decode);
  return b.build();
}

export function lowerStep(p: GpuParams, s: StepOps): LoweredStep {
  // A decode step has one new token per sequence (GEMV-shaped, cached attention); anything longer is a prefill.
  const decode = s.spec.seqs.every((g) => g.tokens === 1);
  const segments: { block: Block; count: number }[] = [];
  for (const g of layerSegments(s)) {
    const block = lowerOps(p, g.layer, decode);
    if (block) segments.push({ block, count: g.count });
  }
  const pre = new GpuBlockBuilder(p);
  // A request's setup comes before its first kernel: the pass that starts its prefill over an empty cache.
  if (s.spec.stage === 'summarization' && s.spec.seqs.every((g) => g.context === 0)) pre.runtime('request_setup', 0, 0, p.stack.per_request);
  // The engine's own work between steps comes before the pass's first kernel: the stream is drained, so it is not hidden.
  pre.runtime('step_setup', 0, 0, p.stack.fixed.host_per_pass);
  addOps(pre, p, s.pre, decode);
  const post = new GpuBlockBuilder(p);
  addOps(post, p, s.post, decode);
  if (s.spec.emits) post.runtime('sampling', p.stack.per_token.kernels, p.stack.per_token.host_ops);
  return { pre: pre.build(), segments, post: post.build() };
}
