/**
 * One chip's share of an operator under tensor parallelism, as the
 * operator's role says (Megatron's split): column-split products keep their
 * reduction and split their outputs, row-split products split the reduction
 * and leave partial sums to all-reduce, attention splits query and key/value
 * heads, element-wise ops follow their shard, replicated ops run whole.
 * Byte counts are in the design's precision (a bf16 design runs an fp16
 * trace's shapes: both are two bytes).
 */
import { DTYPE_BYTES, type Op } from '../../workloads/trace.js';
import { deviceHeads, paddedHeadSplit } from '../head-split.js';
import type { SystolicParams } from './params.js';

const split = (x: number, k: number) => Math.ceil(x / k);

export interface LinearShare {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Bytes per stored weight (a per-layer plan may narrow it). */
  readonly wBytes: number;
  /** Weight (and bias) bytes this chip reads. */
  readonly weightBytes: number;
  /** Partial sums to all-reduce after the product (row-split), else 0. */
  readonly allReduceBytes: number;
}

export function linearShare(p: SystolicParams, o: Op): LinearShare {
  const d = p.devices;
  const k = o.role.shard === 'row' ? split(o.k, d) : o.k;
  const n = o.role.shard === 'column' ? split(o.n, d) : o.n;
  const wBytes = o.weightDtype ? DTYPE_BYTES[o.weightDtype] : p.wBytes;
  const bias = o.bias && o.role.shard !== 'row' ? n * p.aBytes : 0;
  return { m: o.m, k, n, wBytes, weightBytes: k * n * wBytes + bias, allReduceBytes: o.role.shard === 'row' && d > 1 ? o.m * o.n * p.aBytes : 0 };
}

export interface AttentionShare {
  /** Independent heads (query heads x sequences) on this chip. */
  readonly count: number;
  /** Fraction of the trace's FLOPs, and of its cache traffic, this chip does. */
  readonly flopShare: number;
  readonly kvShare: number;
}

/**
 * Heads of an attention op on one chip: whole query groups with their
 * key/value head, uneven splits padded, as the DFX ring splits them
 * (head-split.ts; the template refuses impossible splits).
 */
export function attentionShare(p: SystolicParams, o: Op): AttentionShare {
  const h = o.role.heads;
  if (!h) throw new Error(`systolic lowering: attention operator ${o.name} carries no heads`);
  const d = o.role.shard === 'replicated' ? 1 : p.devices;
  const seqs = o.count / h.q;
  const heads = deviceHeads(paddedHeadSplit(h, d));
  return { count: heads.q * seqs, flopShare: heads.q / h.q, kvShare: heads.kv / h.kv };
}

/** Fraction of an element-wise op one chip does: its share of a split producer's output, or all of it. */
export function elementShare(p: SystolicParams, o: Op): number {
  return o.role.shard === 'replicated' ? 1 : split(o.k, p.devices) / o.k;
}

/** Bytes of the trace's byte count in the design's activation precision. */
export function inDesignBytes(p: SystolicParams, o: Op, traceBytes: number): number {
  return (traceBytes * p.aBytes) / DTYPE_BYTES[o.dtype];
}
