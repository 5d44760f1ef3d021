/**
 * Whether a design's off-chip memory holds the model: weights (split over
 * the devices), the KV cache of every sequence at the request's full
 * context, and whatever else the template keeps there per device.
 */
import { kvCacheBytes } from '../workloads/model.js';
import type { Workload } from '../workloads/trace.js';
import type { MemoryPlan } from './template.js';

export interface MemoryUse {
  readonly perDevice: number;
  readonly weights: number;
  readonly kvCache: number;
}

export function memoryUse(plan: MemoryPlan, w: Workload, devices: number): MemoryUse {
  const kv = kvCacheBytes(w.model, w.request.input + w.request.output, w.request.batch, plan.kvBytesPerValue);
  // An encoder keeps keys and values only within a layer, not across steps.
  const cache = w.model.kind === 'decoder' ? kv : 0;
  let perDevice = plan.weights / devices + cache / devices;
  for (const e of plan.extra ?? []) perDevice += e.bytes;
  return { perDevice, weights: plan.weights, kvCache: cache };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** Why the memory does not hold the run, or undefined. */
export function memoryProblem(plan: MemoryPlan, w: Workload, devices: number): string | undefined {
  const u = memoryUse(plan, w, devices);
  if (u.perDevice <= plan.capacity) return undefined;
  const parts = [`weights (${gb(u.weights / devices)})`, `KV cache (${gb(u.kvCache / devices)})`, ...(plan.extra ?? []).map((e) => `${e.name} (${gb(e.bytes)})`)];
  return `${parts.join(' + ')} per device exceed the ${gb(plan.capacity)} of ${plan.where}; use more devices, a smaller batch or context, or a device with more memory`;
}
