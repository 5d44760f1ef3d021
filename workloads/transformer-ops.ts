/** Constructors for the operators of a transformer layer, with FLOPs and bytes. */
import { type NmPattern, nonzerosPerColumn } from './sparsity.js';
import { DTYPE_BYTES, type DType, type Op, type OpCategory } from './trace.js';

/**
 * A linear layer; with an N:M pattern the FLOPs and weight bytes count the
 * kept weights only (index metadata depends on the engine's encoding and is
 * added by the arch that stores it, see sparsity.ts metadataBytes).
 */
export function linear(name: string, category: OpCategory, rows: number, k: number, n: number, dtype: DType, bias = true, sparsity?: NmPattern): Op {
  const b = DTYPE_BYTES[dtype];
  const kept = nonzerosPerColumn(k, sparsity);
  return {
    name,
    kind: 'linear',
    category,
    m: rows,
    k,
    n,
    count: 1,
    dtype,
    bias,
    ...(sparsity ? { sparsity } : {}),
    flops: 2 * rows * kept * n + (bias ? rows * n : 0),
    weightBytes: (kept * n + (bias ? n : 0)) * b,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: (rows * k + rows * n) * b,
  };
}

/** Average keys per query: causal queries see the cache plus the new tokens up to themselves. */
export function keysPerQuery(tokens: number, context: number, causal: boolean): number {
  return causal ? context + (tokens + 1) / 2 : context + tokens;
}

export function attention(
  tokens: number,
  context: number,
  heads: number,
  headDim: number,
  batch: number,
  dtype: DType,
  causal: boolean,
): Op[] {
  const b = DTYPE_BYTES[dtype];
  const keys = context + tokens;
  const eff = keysPerQuery(tokens, context, causal);
  const count = heads * batch;
  const kvPart = context * headDim * count * b;
  const newKv = tokens * headDim * count * b;
  const scores: Op = {
    name: 'attn_scores',
    kind: 'attn_scores',
    category: 'attention',
    m: tokens,
    k: headDim,
    n: keys,
    count,
    dtype,
    causal,
    context,
    flops: 2 * tokens * eff * headDim * count,
    weightBytes: 0,
    kvReadBytes: kvPart,
    kvWriteBytes: newKv,
    activationBytes: (tokens * headDim + tokens * keys) * count * b,
  };
  const softmax: Op = {
    name: 'softmax',
    kind: 'softmax',
    category: 'attention',
    m: tokens,
    k: keys,
    n: keys,
    count,
    dtype,
    causal,
    context,
    flops: 5 * tokens * eff * count,
    weightBytes: 0,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: 2 * tokens * keys * count * b,
  };
  const ctx: Op = {
    name: 'attn_context',
    kind: 'attn_context',
    category: 'attention',
    m: tokens,
    k: keys,
    n: headDim,
    count,
    dtype,
    causal,
    context,
    flops: 2 * tokens * eff * headDim * count,
    weightBytes: 0,
    kvReadBytes: kvPart,
    kvWriteBytes: newKv,
    activationBytes: (tokens * keys + tokens * headDim) * count * b,
  };
  return [scores, softmax, ctx];
}

export function elementwise(name: string, kind: 'layernorm' | 'gelu' | 'residual', category: OpCategory, rows: number, width: number, dtype: DType): Op {
  const b = DTYPE_BYTES[dtype];
  const perElement = kind === 'layernorm' ? 8 : kind === 'gelu' ? 8 : 1;
  const reads = kind === 'residual' ? 2 : 1;
  return {
    name,
    kind,
    category,
    m: rows,
    k: width,
    n: width,
    count: 1,
    dtype,
    flops: perElement * rows * width,
    weightBytes: kind === 'layernorm' ? 2 * width * b : 0,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: (reads + 1) * rows * width * b,
  };
}

export function embedding(rows: number, width: number, dtype: DType): Op {
  const b = DTYPE_BYTES[dtype];
  return {
    name: 'embedding',
    kind: 'embedding',
    category: 'embedding',
    m: rows,
    k: width,
    n: width,
    count: 1,
    dtype,
    flops: rows * width,
    weightBytes: 2 * rows * width * b,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: rows * width * b,
  };
}
