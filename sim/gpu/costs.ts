/**
 * Closed-form GPU costs: a kernel takes the longer of its compute and memory
 * times at the stack's achieved efficiencies (curves over GEMM rows and over
 * the bytes the kernel moves), plus the stack's fixed GPU time per kernel; a
 * ring collective takes 2(k-1) (all-reduce) or k-1 (all-gather) latency-bound
 * steps plus its bytes at link bandwidth, plus the stack's fixed collective time.
 */
import type { GpuStack } from '../../arch/schema/gpu.js';
import type { GpuParams } from './params.js';

/** Piecewise linear in log(x) through the points, flat outside them. */
export function logInterpolate(points: readonly (readonly [number, number])[], x: number): number {
  const pts = [...points].sort((a, b) => a[0] - b[0]);
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

/** Achieved tensor-core fraction of a GEMM with `rows` rows (M). */
export function computeEfficiency(stack: GpuStack, rows: number): number {
  return logInterpolate(
    stack.compute_efficiency.map((p) => [p.rows, p.efficiency]),
    rows,
  );
}

/** Achieved DRAM-bandwidth fraction of a kernel moving `bytes`. */
export function memoryEfficiency(stack: GpuStack, bytes: number): number {
  return logInterpolate(
    stack.memory_efficiency.map((p) => [p.bytes, p.efficiency]),
    bytes,
  );
}

/** Realised 2:4 speedup of a GEMM's math with `rows` rows (below 1: the sparse kernel is slower). */
export function sparseSpeedup(p: GpuParams, rows: number): number {
  return logInterpolate(p.sparse.speedup, rows);
}

export interface KernelWork {
  /** FLOPs per device on tensor cores (GEMMs). */
  tensorFlops: number;
  /** FLOPs per device on CUDA cores (elementwise, reductions, FP32 GEMMs). */
  vectorFlops: number;
  /** DRAM bytes per device. */
  bytes: number;
  /** GEMM rows that set the tensor-core efficiency. */
  rows: number;
  /** A 2:4 sparse weight matrix run on sparse tensor cores. */
  sparse24: boolean;
  kernels: number;
}

/** GPU-side seconds of an operator's work, without its fixed per-kernel time. */
export function workSeconds(p: GpuParams, w: KernelWork): number {
  const s = p.stack;
  let tensor = w.tensorFlops / (computeEfficiency(s, w.rows) * p.tensorFlops);
  if (w.sparse24) tensor /= sparseSpeedup(p, w.rows);
  const compute = tensor + w.vectorFlops / p.vectorFlops;
  const memory = w.bytes > 0 ? w.bytes / (memoryEfficiency(s, w.bytes) * p.bandwidth) : 0;
  return Math.max(compute, memory);
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
  return { seconds: p.stack.fixed.collective + 2 * (k - 1) * p.linkLatency + sent / p.linkBandwidth, sent };
}

/** Ring all-gather where each device contributes `bytes`. */
export function allGather(p: GpuParams, bytes: number): { seconds: number; sent: number } {
  const k = p.devices;
  if (k <= 1) return { seconds: 0, sent: 0 };
  const sent = (k - 1) * bytes;
  return { seconds: p.stack.fixed.collective + (k - 1) * p.linkLatency + sent / p.linkBandwidth, sent };
}
