/** Whether the model and its KV cache fit in the GPUs' memory under tensor parallelism. */
import type { GpuArch } from '../../arch/schema/gpu.js';
import { kvCacheBytes, parameterCount } from '../../workloads/model.js';
import { DTYPE_BYTES, type Workload } from '../../workloads/trace.js';

export interface MemoryUse {
  weights: number;
  kvCache: number;
  reserved: number;
  capacity: number;
}

/** Bytes per device: weights split k ways, the KV cache of every sequence split by heads. */
export function memoryUse(a: GpuArch, w: Workload): MemoryUse {
  const m = w.model;
  const k = a.devices;
  const weights = (parameterCount(m) * DTYPE_BYTES[a.precision.weights]) / k;
  const positions = w.request.input + w.request.output;
  const kvCache = kvCacheBytes(m, positions, w.request.batch, DTYPE_BYTES[a.precision.activations]) / k;
  return { weights, kvCache, reserved: a.memory.reserved, capacity: a.memory.capacity };
}

/** Why this GPU group cannot run this workload, or undefined. */
export function gpuInfeasibility(a: GpuArch, w: Workload): string | undefined {
  const m = w.model;
  // The GPU model prices FP16 tensor-core math; integer and FP32 inference would need their own rates.
  if (a.precision.weights !== 'fp16' || a.precision.activations !== 'fp16') return `the GPU model covers FP16 inference only (precision.weights = ${a.precision.weights}, precision.activations = ${a.precision.activations})`;
  if (m.heads % a.devices !== 0) return `${m.heads} attention heads cannot be split evenly over ${a.devices} GPUs (tensor parallelism splits by heads); use a device count dividing ${m.heads}`;
  const u = memoryUse(a, w);
  const need = u.weights + u.kvCache + u.reserved;
  if (need > u.capacity) {
    const gb = (x: number) => `${(x / 1e9).toFixed(2)} GB`;
    return `weights (${gb(u.weights)}) + KV cache (${gb(u.kvCache)}) + runtime reserve (${gb(u.reserved)}) per GPU exceed the ${gb(u.capacity)} of ${a.name}; use more --devices, a smaller batch or a GPU with more memory`;
  }
  return undefined;
}
