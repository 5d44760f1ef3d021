/**
 * Closed-form GPU costs: a kernel takes the longer of its compute time (GEMMs
 * in whole waves of CTA tiles, gemmSeconds) and its memory time (bytes at an
 * achieved bandwidth that rises with the bytes the kernel moves), plus the
 * stack's fixed GPU time per kernel; a ring collective takes 2(k-1)
 * (all-reduce) or k-1 (all-gather) latency-bound steps plus its bytes at the
 * stack's achieved link bandwidth, plus the stack's fixed collective time.
 */
import type { GpuParams } from './params.js';

/** Piecewise linear in log(x) through the points (sorted by x, as gpuParams gives them), flat outside them. */
function logInterpolate(pts: readonly (readonly [number, number])[], x: number): number {
  if (x <= pts[0][0]) return pts[0][1];
  const last = pts[pts.length - 1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < pts.length; i++) {
    const [xa, ya] = pts[i - 1];
    const [xb, yb] = pts[i];
    if (x <= xb) return ya + ((Math.log(x) - Math.log(xa)) / (Math.log(xb) - Math.log(xa))) * (yb - ya);
  }
  return last[1];
}

/** Achieved DRAM-bandwidth fraction of a kernel moving `bytes`. */
export function memoryEfficiency(p: GpuParams, bytes: number): number {
  return logInterpolate(p.memoryEfficiency, bytes);
}

/** Realised speedup of a 2:4 sparse GEMM kernel over the dense one with `rows` rows (below 1: the sparse kernel is slower). */
export function sparseSpeedup(p: GpuParams, rows: number): number {
  return logInterpolate(p.sparse.speedup, rows);
}

/** One device's GEMM: `count` independent [m x k] . [k x n] products, operands of `operandBytes` each, a bias added to the outputs or not. */
export interface GemmShape {
  m: number;
  n: number;
  k: number;
  count: number;
  operandBytes: number;
  bias: boolean;
}

/** Bytes of an FP32 partial sum that split-K writes and the reduction reads back. */
const PARTIAL_BYTES = 4;

const gemmCache = new WeakMap<GpuParams, Map<string, number>>();

/**
 * Seconds of a GEMM's tensor-core math: the library tries each CTA tile of
 * the stack's menu and each split of K up to split_k (1, then split_k_step
 * times the last, while a split keeps split_k_min_depth of K), and the GEMM takes the
 * fastest. A choice runs ceil(tiles x splits / SMs) waves, each as long as one
 * CTA's tile (2 tm tn K/split FLOPs at the SM's share of peak times the
 * stack's efficiency, slower when L2 cannot feed a small tile its operands),
 * plus, when K is split, the FP32 partial sums written and read back. An empty
 * menu is the ideal: peak x efficiency at any shape. A stack with a decode
 * efficiency runs decode GEMMs at that fraction of peak on their useful FLOPs.
 */
export function gemmSeconds(p: GpuParams, g: GemmShape, decode = false): number {
  let cache = gemmCache.get(p);
  if (!cache) {
    cache = new Map();
    gemmCache.set(p, cache);
  }
  const key = `${g.m},${g.n},${g.k},${g.count},${g.operandBytes},${g.bias},${decode}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const G = p.stack.gemm;
  // The bias is one add per output, in the kernel's epilogue.
  const epilogue = g.bias ? 1 : 0;
  const flops = (2 * g.k + epilogue) * g.m * g.n * g.count;
  const smRate = (p.tensorFlops / p.sms) * G.efficiency;
  let best = flops / (smRate * p.sms);
  if (decode && G.decode_efficiency !== undefined) best = flops / (p.tensorFlops * G.decode_efficiency);
  else if (G.tiles.length > 0) {
    best = Number.POSITIVE_INFINITY;
    const l2PerSm = p.l2Bandwidth / p.sms;
    for (const t of G.tiles) {
      // Each k-step loads (tm + tn) operands and does 2 tm tn FLOPs.
      const intensity = (2 * t.m * t.n) / ((t.m + t.n) * g.operandBytes);
      const feed = Math.min(1, (l2PerSm * intensity) / (p.tensorFlops / p.sms));
      const tiles = Math.ceil(g.m / t.m) * Math.ceil(g.n / t.n) * g.count;
      for (let split = 1; split <= G.split_k; split *= G.split_k_step) {
        const depth = Math.ceil(g.k / split);
        if (split > 1 && depth < G.split_k_min_depth) break;
        const waves = Math.ceil((tiles * split) / p.sms);
        let sec = (waves * (2 * depth + epilogue) * t.m * t.n) / (smRate * feed);
        if (split > 1) sec += (2 * split * g.m * g.n * g.count * PARTIAL_BYTES) / p.bandwidth;
        if (sec < best) best = sec;
      }
    }
  }
  cache.set(key, best);
  return best;
}

export interface KernelWork {
  /** FLOPs per device on tensor cores (GEMMs). */
  tensorFlops: number;
  /** FLOPs per device on CUDA cores (elementwise, reductions, FP32 GEMMs). */
  vectorFlops: number;
  /** DRAM bytes per device. */
  bytes: number;
  /** The tensor-core GEMM per device, when there is one. */
  gemm?: GemmShape;
  /** The GEMM belongs to a decode step (one new token per sequence). */
  decode?: boolean;
  /** A 2:4 sparse weight matrix run on sparse tensor cores: the kernel takes the dense one's time over the realised speedup. */
  sparse24: boolean;
  /** DRAM bytes per device of the dense kernel a 2:4 kernel is priced against. */
  denseBytes?: number;
  kernels: number;
}

/** GPU-side seconds of an operator's work, without its fixed per-kernel time. */
export function workSeconds(p: GpuParams, w: KernelWork): number {
  const G = p.stack.gemm;
  // Tiled or decode-priced GEMMs cost their whole tiles; the ideal prices the useful FLOPs.
  const shaped = w.gemm && (G.tiles.length > 0 || (w.decode && G.decode_efficiency !== undefined));
  const tensor = w.tensorFlops === 0 ? 0 : shaped && w.gemm ? gemmSeconds(p, w.gemm, w.decode) : w.tensorFlops / (p.tensorFlops * G.efficiency);
  const compute = tensor + w.vectorFlops / p.vectorFlops;
  const bytes = w.sparse24 ? (w.denseBytes ?? w.bytes) : w.bytes;
  const memory = bytes > 0 ? bytes / (memoryEfficiency(p, bytes) * p.bandwidth) : 0;
  const dense = Math.max(compute, memory);
  return w.sparse24 ? dense / sparseSpeedup(p, w.gemm?.m ?? 1) : dense;
}

/** GPU-side seconds of an operator's kernels. */
export function kernelSeconds(p: GpuParams, w: KernelWork): number {
  if (w.kernels === 0) return 0;
  return workSeconds(p, w) + w.kernels * p.stack.fixed.gpu_per_kernel;
}

/** Host seconds to dispatch `ops` framework operators launching `kernels` kernels. */
export function hostSeconds(p: GpuParams, kernels: number, ops: number): number {
  const f = p.stack.fixed;
  return (kernels * f.host_per_kernel + ops * f.host_per_op) * p.hostScale;
}

/** Ring all-reduce of `bytes` held by each of k devices: seconds and bytes each device sends. */
export function allReduce(p: GpuParams, bytes: number): { seconds: number; sent: number } {
  const k = p.devices;
  if (k <= 1) return { seconds: 0, sent: 0 };
  const sent = (2 * (k - 1) * bytes) / k;
  return { seconds: p.stack.fixed.collective + 2 * (k - 1) * p.linkLatency + sent / (p.linkBandwidth * p.stack.link_efficiency), sent };
}

/** Ring all-gather where each device contributes `bytes`. */
export function allGather(p: GpuParams, bytes: number): { seconds: number; sent: number } {
  const k = p.devices;
  if (k <= 1) return { seconds: 0, sent: 0 };
  const sent = (k - 1) * bytes;
  return { seconds: p.stack.fixed.collective + (k - 1) * p.linkLatency + sent / (p.linkBandwidth * p.stack.link_efficiency), sent };
}
