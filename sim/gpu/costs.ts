/**
 * Closed-form GPU costs: a kernel takes the longer of its compute and memory
 * times at the stack's achieved efficiencies, plus a fixed GPU-side floor; a
 * ring collective takes 2(k-1) (all-reduce) or k-1 (all-gather) latency-bound
 * steps plus its bytes at link bandwidth.
 */
import type { GpuStack } from '../../arch/schema/gpu.js';
import type { GpuParams } from './params.js';

/** Achieved tensor-core fraction for a GEMM of `rows` rows: piecewise linear in log(rows), flat outside the points. */
export function computeEfficiency(stack: GpuStack, rows: number): number {
  const pts = [...stack.compute_efficiency].sort((a, b) => a.rows - b.rows);
  if (rows <= pts[0].rows) return pts[0].efficiency;
  const last = pts[pts.length - 1];
  if (rows >= last.rows) return last.efficiency;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    if (rows <= b.rows) {
      const f = (Math.log(rows) - Math.log(a.rows)) / (Math.log(b.rows) - Math.log(a.rows));
      return a.efficiency + f * (b.efficiency - a.efficiency);
    }
  }
  return last.efficiency;
}

export interface KernelWork {
  /** FLOPs per device on tensor cores (GEMMs). */
  tensorFlops: number;
  /** FLOPs per device on CUDA cores (elementwise, reductions). */
  vectorFlops: number;
  /** DRAM bytes per device. */
  bytes: number;
  /** GEMM rows that set the tensor-core efficiency. */
  rows: number;
  /** A 2:4 sparse weight matrix run on sparse tensor cores (supported GPU, enough rows). */
  sparse24: boolean;
  kernels: number;
}

/** GPU-side seconds of an operator's kernels. */
export function kernelSeconds(p: GpuParams, w: KernelWork): number {
  if (w.kernels === 0) return 0;
  const s = p.stack;
  let compute = w.tensorFlops / (computeEfficiency(s, w.rows) * p.tensorFlops) + w.vectorFlops / p.vectorFlops;
  // 2:4 sparse tensor cores help only GEMMs big enough to be compute-bound, and far less than their 2x peak.
  if (w.sparse24) compute /= p.sparse.speedup;
  const memory = w.bytes / (s.memory_efficiency * p.bandwidth);
  return Math.max(compute, memory) + w.kernels * s.kernel_floor;
}

/** Host seconds to issue an operator's kernels. */
export function hostSeconds(p: GpuParams, kernels: number, collective = false): number {
  if (kernels === 0) return 0;
  const s = p.stack;
  return s.op_overhead + kernels * s.launch_overhead + (collective ? s.collective_overhead : 0);
}

/** Ring all-reduce of `bytes` held by each of k devices: seconds and bytes each device sends. */
export function allReduce(p: GpuParams, bytes: number): { seconds: number; sent: number } {
  const k = p.devices;
  if (k <= 1) return { seconds: 0, sent: 0 };
  const sent = (2 * (k - 1) * bytes) / k;
  return { seconds: 2 * (k - 1) * p.linkLatency + sent / p.linkBandwidth, sent };
}

/** Ring all-gather where each device contributes `bytes`. */
export function allGather(p: GpuParams, bytes: number): { seconds: number; sent: number } {
  const k = p.devices;
  if (k <= 1) return { seconds: 0, sent: 0 };
  const sent = (k - 1) * bytes;
  return { seconds: (k - 1) * p.linkLatency + sent / p.linkBandwidth, sent };
}
