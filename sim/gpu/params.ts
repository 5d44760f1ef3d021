/** The GPU spec and its selected software stack reduced to the numbers the lowering needs. */
import type { GpuArch, GpuStack, OP_KINDS, WEIGHT_ROLES } from '../../arch/schema/gpu.js';
import type { Op, OpKind } from '../../workloads/trace.js';

/** true when A and B are the same union. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The stack schema lists the trace's operator kinds and weight roles (arch cannot import workloads): a kind or
// role added to one side only fails to compile here, so a stack can cover every operator and nothing else.
true satisfies Same<(typeof OP_KINDS)[number], OpKind>;
true satisfies Same<(typeof WEIGHT_ROLES)[number], NonNullable<Op['role']['weight']>>;

/** host: the CPU thread launching kernels; gpu: the device's stream; link: NVLink/PCIe for collectives. */
export const GPU_UNITS = ['host', 'gpu', 'link'] as const;
export const U = { host: 0, gpu: 1, link: 2 } as const;

/** The engine counts integer-free ticks; the GPU template uses nanoseconds. */
export const TICKS_PER_S = 1e9;

export interface GpuParams {
  readonly devices: number;
  readonly stackName: string;
  readonly stack: GpuStack;
  readonly tensorFlops: number;
  readonly vectorFlops: number;
  readonly sms: number;
  readonly bandwidth: number;
  readonly l2Bandwidth: number;
  readonly linkBandwidth: number;
  readonly linkLatency: number;
  readonly hostScale: number;
  /** The stack's achieved DRAM fraction by the bytes a kernel moves, sorted by bytes. */
  readonly memoryEfficiency: readonly (readonly [number, number])[];
  /** speedup: the 2:4 kernel's by GEMM rows, sorted by rows. */
  readonly sparse: { readonly supported: boolean; readonly speedup: readonly (readonly [number, number])[] };
}

/** Curve points sorted by x, once per design: kernels interpolate in them at every operator. */
const byX = (points: readonly (readonly [number, number])[]) => [...points].sort((a, b) => a[0] - b[0]);

export function gpuParams(a: GpuArch): GpuParams {
  const stack = a.stacks[a.stack];
  return {
    devices: a.devices,
    stackName: a.stack,
    stack,
    tensorFlops: a.compute.fp16_tensor,
    vectorFlops: a.compute.fp32,
    sms: a.compute.sms,
    bandwidth: a.memory.bandwidth,
    l2Bandwidth: a.memory.l2_bandwidth,
    linkBandwidth: a.interconnect.bandwidth,
    linkLatency: a.interconnect.latency,
    hostScale: a.host_scale,
    memoryEfficiency: byX(stack.memory_efficiency.map((p) => [p.bytes, p.efficiency] as const)),
    sparse: { supported: a.sparse_tensor_cores.supported, speedup: byX(a.sparse_tensor_cores.speedup.map((p) => [p.rows, p.speedup] as const)) },
  };
}
