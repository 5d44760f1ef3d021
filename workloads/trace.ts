/**
 * The operator trace: what a model asks of the hardware, step by step.
 * A step is one forward pass over `tokens` new tokens per sequence with
 * `context` tokens already in the KV cache; its decoder layers are identical,
 * so a step holds one layer's ops and the layer count.
 */
import type { ModelConfig } from './model.js';
import type { Request } from './request.js';

export type Stage = 'summarization' | 'generation';
export type DType = 'fp32' | 'fp16' | 'bf16' | 'int8' | 'int4';
export const DTYPE_BYTES: Record<DType, number> = { fp32: 4, fp16: 2, bf16: 2, int8: 1, int4: 0.5 };

/** Breakdown categories users see; templates may add their own (e.g. 'sync'). */
export type OpCategory = 'embedding' | 'qkv_projection' | 'attention' | 'ffn' | 'lm_head' | 'norm_residual' | 'sync' | (string & {});

export type OpKind =
  /** [m x k] . [k x n] with a weight matrix (k x n), optional bias. */
  | 'linear'
  /** Q . K^T per head: [tokens x headDim] . [headDim x keys]. */
  | 'attn_scores'
  /** S . V per head: [tokens x keys] . [keys x headDim]. */
  | 'attn_context'
  | 'softmax'
  | 'layernorm'
  /** LayerNorm without the mean: x / rms(x) x scale (Llama, Mistral, Qwen2). */
  | 'rmsnorm'
  | 'gelu'
  | 'relu'
  /** A gated MLP's activation: silu(gate) x up, element-wise over two products' outputs (SwiGLU). */
  | 'silu_mul'
  /** Rotary position embedding: rotates the leading `rotaryDim` values of every query and key head (k = rotated values per token row). */
  | 'rotary'
  | 'residual'
  /** Table lookups summed per token row (`lookups`: the token row, plus a learned position row). */
  | 'embedding'
  /** Butterfly-factorised linear layer: log2 n stages of n/2 real 2x2 blocks (see `transform`). */
  | 'butterfly'
  /** Radix-2 FFT along one axis: log2 n stages of n/2 complex butterflies (see `transform`). */
  | 'fft';

/** The kinds of the transformer families' dense attention and MLP blocks (what an engine for them must lower). */
export const TRANSFORMER_KINDS: readonly OpKind[] = [
  'embedding',
  'layernorm',
  'rmsnorm',
  'linear',
  'rotary',
  'attn_scores',
  'softmax',
  'attn_context',
  'gelu',
  'relu',
  'silu_mul',
  'residual',
];

/** Every kind a trace may hold: the transformer kinds and FABNet's butterfly and FFT mixing. */
export const ALL_KINDS: readonly OpKind[] = [...TRANSFORMER_KINDS, 'butterfly', 'fft'];

/**
 * The transforms of a butterfly or FFT op: `transforms` independent n-point
 * transforms (n = `length`, a power of two) in `groups` sets that share
 * coefficients (a butterfly layer's stacked matrices; FFTs share twiddles).
 */
export interface TransformShape {
  readonly length: number;
  readonly transforms: number;
  readonly groups: number;
  /** Outputs kept per transform (a narrower butterfly layer drops the rest). */
  readonly kept: number;
  /** Bytes per point read and written (complex points are two values). */
  readonly inputComplex: boolean;
  readonly outputComplex: boolean;
  /**
   * The axis the transforms run along: 'features' transforms each token's
   * row on its own; 'tokens' mixes the positions of a sequence, so every
   * token is needed before any transform can start.
   */
  readonly axis: 'features' | 'tokens';
}

/**
 * How tensor parallelism splits an operator over devices (Megatron's split;
 * a template may choose its own, e.g. DFX splits every matrix by columns):
 * column = output features or heads split, row = the reduction split with
 * partial sums all-reduced, replicated = every device does all of it.
 */
type Shard = 'column' | 'row' | 'replicated';

/** The weight tensor an operator multiplies by (what a compression plan or a stack's kernel names). */
type WeightRole = 'qkv' | 'attn_out' | 'mlp_in' | 'mlp_gate' | 'mlp_out' | 'lm_head' | 'embedding' | 'embed_proj' | 'norm';

/** Query heads, key/value heads and head width of an attention block (kv < q: grouped-query attention). */
export interface HeadShape {
  readonly q: number;
  readonly kv: number;
  readonly dim: number;
}

/** What an operator is for, independent of what a model family calls it. Lowerings read roles, never names. */
export interface OpRole {
  readonly shard: Shard;
  readonly weight?: WeightRole;
  /** Writes new keys and values into the KV cache (the projection producing them) or reads the cache (attention). */
  readonly kv?: 'write' | 'read';
  /** Attention and the QKV projection: the heads, so that a template can split them and size the cache. */
  readonly heads?: HeadShape;
}

interface OpFields {
  readonly name: string;
  readonly kind: OpKind;
  readonly category: OpCategory;
  readonly role: OpRole;
  /** Rows of the left operand (tokens x batch for linear layers, tokens per sequence for attention). */
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Independent repetitions: heads x sequences for attention, 1 otherwise. */
  readonly count: number;
  readonly dtype: DType;
  /** Causal attention over (context + tokens) keys. */
  readonly causal?: boolean;
  /** Keys already in the cache before this step (attention only). */
  readonly context?: number;
  readonly bias?: boolean;
  /**
   * N:M structured sparsity of the weight matrix (linear ops only): at most n
   * nonzeros in every m consecutive weights along k. Absent = dense.
   */
  readonly sparsity?: { readonly n: number; readonly m: number };
  /**
   * Storage precision of the weights when a per-layer plan sets it (linear
   * ops only); absent = the design's weight precision.
   */
  readonly weightDtype?: DType;
  /** Butterfly and FFT ops only: the transforms they consist of. */
  readonly transform?: TransformShape;
  /** Useful floating-point operations (a multiply-add is 2). */
  readonly flops: number;
  /** Weight (parameter) bytes read. */
  readonly weightBytes: number;
  readonly kvReadBytes: number;
  readonly kvWriteBytes: number;
  /** Activation bytes read and written. */
  readonly activationBytes: number;
}

/** An embedding op says how many table rows it reads and sums per token row (2 = token and learned position, 1 = token only). */
interface EmbeddingOp extends OpFields {
  readonly kind: 'embedding';
  readonly lookups: number;
}

interface OtherOp extends OpFields {
  readonly kind: Exclude<OpKind, 'embedding'>;
  readonly lookups?: undefined;
}

export type Op = EmbeddingOp | OtherOp;

/** Sequences of one engine step that share a shape: `count` sequences, each with `tokens` new tokens and `context` cached. */
export interface SeqGroup {
  readonly tokens: number;
  readonly context: number;
  readonly count: number;
}

/**
 * One engine step: a forward pass over groups of sequences (a prefill chunk,
 * a decode iteration over a batch, or both). `emits`: whether every
 * sequence ends the step with the LM head and a sampled token.
 */
export interface StepSpec {
  readonly stage: Stage;
  readonly seqs: readonly SeqGroup[];
  readonly emits: boolean;
}

export function stepSpec(stage: Stage, tokens: number, context: number, count: number, emits: boolean): StepSpec {
  return { stage, seqs: [{ tokens, context, count }], emits };
}

/** Token rows of a step: new tokens of every sequence. */
export function stepRows(s: StepSpec): number {
  let r = 0;
  for (const g of s.seqs) r += g.tokens * g.count;
  return r;
}

/** Sequences in a step. */
export function stepSequences(s: StepSpec): number {
  let n = 0;
  for (const g of s.seqs) n += g.count;
  return n;
}

export interface StepOps {
  readonly spec: StepSpec;
  readonly pre: readonly Op[];
  /** One decoder layer; the model has `layers` identical copies. */
  readonly layer: readonly Op[];
  readonly layers: number;
  /**
   * Present when layers differ (per-layer N:M sparsity): runs of consecutive
   * identical layers, in order, whose counts sum to `layers`; `layer` is then
   * the first run's. Simulators read layers through `layerSegments`.
   */
  readonly segments?: readonly LayerSegment[];
  readonly post: readonly Op[];
}

export interface LayerSegment {
  readonly layer: readonly Op[];
  readonly count: number;
}

/** The step's layers as runs of identical layers (one run unless layers differ). */
export function layerSegments(s: StepOps): readonly LayerSegment[] {
  return s.segments ?? [{ layer: s.layer, count: s.layers }];
}

/** Steps of one stage that differ only in context: step i has context firstContext + i * tokens. */
export interface Phase {
  readonly stage: Stage;
  readonly steps: number;
  readonly tokensPerStep: number;
  readonly firstContext: number;
  /** Whether the last step of the phase emits a token (all generation steps do). */
  readonly emits: 'all' | 'last' | 'none';
}

export interface Workload {
  readonly model: ModelConfig;
  readonly request: Request;
  readonly phases: readonly Phase[];
  /** Which compression the run asked for (N:M patterns, per-layer weight precisions), so that a template that cannot honour it refuses it. */
  readonly compression?: { readonly sparsity: boolean; readonly weightPrecision: boolean };
  /** The ops of one engine step. Pure: the same spec gives the same ops. */
  ops(spec: StepSpec): StepOps;
}

/** Step i of a phase, for the request's whole batch. */
export function phaseStep(w: Workload, p: Phase, i: number): StepSpec {
  const emits = p.emits === 'all' || (p.emits === 'last' && i === p.steps - 1);
  return stepSpec(p.stage, p.tokensPerStep, p.firstContext + i * p.tokensPerStep, w.request.batch, emits);
}

/** Every step of a workload's request, in order. */
export function* steps(w: Workload): Generator<StepSpec> {
  for (const p of w.phases) for (let i = 0; i < p.steps; i++) yield phaseStep(w, p, i);
}

const finalCache = new WeakMap<Workload, readonly StepOps[]>();

/**
 * The last step of each phase (the longest context; it emits a token if the
 * phase does), built once per workload: feasibility and memory checks read
 * them, and a one-step phase runs them.
 */
export function finalSteps(w: Workload): readonly StepOps[] {
  let f = finalCache.get(w);
  if (!f) {
    f = w.phases.map((p) => w.ops(phaseStep(w, p, p.steps - 1)));
    finalCache.set(w, f);
  }
  return f;
}

function sameSpec(a: StepSpec, b: StepSpec): boolean {
  if (a === b) return true;
  if (a.stage !== b.stage || a.emits !== b.emits || a.seqs.length !== b.seqs.length) return false;
  for (let i = 0; i < a.seqs.length; i++) {
    const x = a.seqs[i];
    const y = b.seqs[i];
    if (x.tokens !== y.tokens || x.context !== y.context || x.count !== y.count) return false;
  }
  return true;
}

/** The ops of a step, reusing a final step already built. */
export function opsOf(w: Workload, spec: StepSpec): StepOps {
  const cached = finalCache.get(w);
  if (cached) for (const s of cached) if (sameSpec(s.spec, spec)) return s;
  return w.ops(spec);
}

/** The ops of a step of the request's batch (a convenience for tests and samples). */
export function stepOps(w: Workload, stage: Stage, tokens: number, context: number, emits: boolean): StepOps {
  return w.ops(stepSpec(stage, tokens, context, w.request.batch, emits));
}

export function opTotals(ops: readonly Op[]): { flops: number; bytes: number } {
  let flops = 0;
  let bytes = 0;
  for (const o of ops) {
    flops += o.flops;
    bytes += o.weightBytes + o.kvReadBytes + o.kvWriteBytes + o.activationBytes;
  }
  return { flops, bytes };
}
