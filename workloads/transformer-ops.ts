/** Constructors for the operators of a transformer layer, with FLOPs, bytes and roles. */
import { type NmPattern, nonzerosPerColumn } from './sparsity.js';
import { DTYPE_BYTES, type DType, type HeadShape, type Op, type OpCategory, type OpRole, type SeqGroup } from './trace.js';

export interface LinearSpec {
  readonly name: string;
  readonly category: OpCategory;
  readonly role: OpRole;
  readonly rows: number;
  readonly k: number;
  readonly n: number;
  readonly dtype: DType;
  readonly bias?: boolean;
  readonly sparsity?: NmPattern;
}

/**
 * A linear layer; with an N:M pattern the FLOPs and weight bytes count the
 * kept weights only (index metadata depends on the engine's encoding and is
 * added by the arch that stores it, see sparsity.ts metadataBytes).
 */
export function linear(s: LinearSpec): Op {
  const { rows, k, n, sparsity } = s;
  const bias = s.bias ?? true;
  const b = DTYPE_BYTES[s.dtype];
  const kept = nonzerosPerColumn(k, sparsity);
  return {
    name: s.name,
    kind: 'linear',
    category: s.category,
    role: s.role,
    m: rows,
    k,
    n,
    count: 1,
    dtype: s.dtype,
    bias,
    flops: 2 * rows * kept * n + (bias ? rows * n : 0),
    weightBytes: (kept * n + (bias ? n : 0)) * b,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: (rows * k + rows * n) * b,
    ...(sparsity ? { sparsity } : {}),
  };
}

/** Element operations per attention score in a softmax: subtract the maximum, exponentiate, sum, reciprocal, scale. */
export const SOFTMAX_OPS_PER_SCORE = 5;
/** Element operations per value in a LayerNorm or a GELU (mean, variance, normalise, scale and shift; the GELU's polynomial). */
export const NORM_OPS_PER_VALUE = 8;
/** Element operations per value in an RMSNorm: square, sum, normalise, scale (no mean). */
export const RMSNORM_OPS_PER_VALUE = 4;
/** Element operations per value of a gated activation: SiLU of the gate (exponential, add, divide, multiply), times the up value. */
const SILU_MUL_OPS_PER_VALUE = 5;
/** Element operations per rotated value: x cos + rot(x) sin. */
export const ROTARY_OPS_PER_VALUE = 3;

/** Average keys per query: causal queries see the cache plus the new tokens up to themselves. */
function keysPerQuery(tokens: number, context: number, causal: boolean): number {
  return causal ? context + (tokens + 1) / 2 : context + tokens;
}

/**
 * Attention of `g.count` sequences with `g.tokens` new tokens over `g.context`
 * cached keys: scores, softmax and context per query head. Each key/value
 * head is read once for the query heads that share it (grouped-query attention).
 */
export function attention(g: SeqGroup, heads: HeadShape, dtype: DType, causal: boolean): Op[] {
  const { tokens, context } = g;
  const b = DTYPE_BYTES[dtype];
  const keys = context + tokens;
  const eff = keysPerQuery(tokens, context, causal);
  const count = heads.q * g.count;
  const kvHeads = heads.kv * g.count;
  const kvPart = context * heads.dim * kvHeads * b;
  const newKv = tokens * heads.dim * kvHeads * b;
  const scores: Op = {
    name: 'attn_scores',
    kind: 'attn_scores',
    category: 'attention',
    role: { shard: 'column', kv: 'read', heads },
    m: tokens,
    k: heads.dim,
    n: keys,
    count,
    dtype,
    causal,
    context,
    weightBytes: 0,
    flops: 2 * tokens * eff * heads.dim * count,
    kvReadBytes: kvPart,
    kvWriteBytes: newKv,
    activationBytes: (tokens * heads.dim + tokens * keys) * count * b,
  };
  const softmax: Op = {
    name: 'softmax',
    kind: 'softmax',
    category: 'attention',
    role: { shard: 'column', heads },
    m: tokens,
    k: keys,
    n: keys,
    count,
    dtype,
    causal,
    context,
    weightBytes: 0,
    flops: SOFTMAX_OPS_PER_SCORE * tokens * eff * count,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: 2 * tokens * keys * count * b,
  };
  const ctx: Op = {
    name: 'attn_context',
    kind: 'attn_context',
    category: 'attention',
    role: { shard: 'column', kv: 'read', heads },
    m: tokens,
    k: keys,
    n: heads.dim,
    count,
    dtype,
    causal,
    context,
    weightBytes: 0,
    flops: 2 * tokens * eff * heads.dim * count,
    kvReadBytes: kvPart,
    kvWriteBytes: newKv,
    activationBytes: (tokens * keys + tokens * heads.dim) * count * b,
  };
  return [scores, softmax, ctx];
}

type ElementwiseKind = 'layernorm' | 'rmsnorm' | 'gelu' | 'relu' | 'silu_mul' | 'residual';

/** FLOPs per output element of each element-wise kind. */
const FLOPS_PER_ELEMENT: Record<ElementwiseKind, number> = {
  layernorm: NORM_OPS_PER_VALUE,
  rmsnorm: RMSNORM_OPS_PER_VALUE,
  gelu: NORM_OPS_PER_VALUE,
  relu: 1,
  silu_mul: SILU_MUL_OPS_PER_VALUE,
  residual: 1,
};
/** Tensors read per output element: a residual add and a gated activation read two. */
const READS: Record<ElementwiseKind, number> = { layernorm: 1, rmsnorm: 1, gelu: 1, relu: 1, silu_mul: 2, residual: 2 };

/**
 * Element-wise ops: norms and residual adds are replicated across devices,
 * activations follow their producer's split. A norm without `affine`
 * parameters (OPT's layer_norm_elementwise_affine = false) reads no weights.
 */
export function elementwise(name: string, kind: ElementwiseKind, category: OpCategory, rows: number, width: number, dtype: DType, affine = true): Op {
  const b = DTYPE_BYTES[dtype];
  const norm = kind === 'layernorm' || kind === 'rmsnorm';
  const role: OpRole = norm ? { shard: 'replicated', weight: 'norm' } : kind === 'residual' ? { shard: 'replicated' } : { shard: 'column' };
  const normWeights = !affine ? 0 : kind === 'layernorm' ? 2 * width * b : kind === 'rmsnorm' ? width * b : 0;
  return {
    name,
    kind,
    category,
    role,
    m: rows,
    k: width,
    n: width,
    count: 1,
    dtype,
    flops: FLOPS_PER_ELEMENT[kind] * rows * width,
    weightBytes: normWeights,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: (READS[kind] + 1) * rows * width * b,
  };
}

/**
 * Rotary position embedding of a step's new queries and keys: the leading
 * `rotaryDim` values of every query and key head become x cos + rot(x) sin
 * (two multiplies and an add per value), reading one cos and one sin table
 * row of rotaryDim / 2 values per token.
 */
export function rotary(name: string, rows: number, heads: HeadShape, rotaryDim: number, dtype: DType): Op {
  const b = DTYPE_BYTES[dtype];
  const width = (heads.q + heads.kv) * rotaryDim;
  return {
    name,
    kind: 'rotary',
    category: 'attention',
    role: { shard: 'column', heads },
    m: rows,
    k: width,
    n: width,
    count: 1,
    dtype,
    flops: ROTARY_OPS_PER_VALUE * rows * width,
    weightBytes: 0,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: (2 * width + rotaryDim) * rows * b,
  };
}

/**
 * Table lookups of a step's token rows: `lookups` rows of `width` values per
 * token (the token row, plus a learned position row for GPT-2 and OPT),
 * summed when there are several.
 */
export function embedding(rows: number, width: number, dtype: DType, lookups = 2, name = 'embedding'): Op {
  const b = DTYPE_BYTES[dtype];
  return {
    name,
    kind: 'embedding',
    category: 'embedding',
    role: { shard: 'replicated', weight: 'embedding' },
    m: rows,
    k: width,
    n: width,
    count: 1,
    dtype,
    lookups,
    flops: (lookups - 1) * rows * width,
    weightBytes: lookups * rows * width * b,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: rows * width * b,
  };
}
