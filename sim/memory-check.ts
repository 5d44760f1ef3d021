/**
 * Whether a design's off-chip memory holds the model: weights (split over
 * the devices), the KV cache of every sequence at the request's full
 * context, and whatever else the template keeps there per device; and how
 * much more it could hold (memory planning).
 *
 * A device caches the key/value heads its query heads read: ceil(kv /
 * devices) of them, one replicated head when there are fewer key/value
 * heads than devices (see head-split.ts).
 */
import { kvCacheBytes, longestSequence } from '../workloads/model.js';
import type { ModelConfig } from '../workloads/model.js';
import type { Workload } from '../workloads/trace.js';
import type { MemoryPlan } from './template.js';

export interface MemoryUse {
  readonly perDevice: number;
  readonly weights: number;
  /** The whole model's cache at the request's context and batch (one copy of each key/value head). */
  readonly kvCache: number;
  /** The cache one device holds. */
  readonly kvCachePerDevice: number;
}

/** Bytes of K and V one sequence adds per token, all layers (0 for an encoder, which keeps no cache across steps). */
export function kvBytesPerToken(m: ModelConfig, bytesPerValue: number): number {
  return m.kind === 'decoder' ? kvCacheBytes(m, 1, 1, bytesPerValue) : 0;
}

/** The share of the model's cache on one device. */
function deviceCacheShare(m: ModelConfig, devices: number): number {
  return Math.ceil(m.kvHeads / devices) / m.kvHeads;
}

function fixedPerDevice(plan: MemoryPlan, devices: number): number {
  let bytes = plan.weights / devices;
  for (const e of plan.extra ?? []) bytes += e.bytes;
  return bytes;
}

export function memoryUse(plan: MemoryPlan, w: Workload, devices: number): MemoryUse {
  const cache = kvBytesPerToken(w.model, plan.kvBytesPerValue) * (w.request.input + w.request.output) * w.request.batch;
  const kvCachePerDevice = cache * deviceCacheShare(w.model, devices);
  return { perDevice: fixedPerDevice(plan, devices) + kvCachePerDevice, weights: plan.weights, kvCache: cache, kvCachePerDevice };
}

/** How many cached tokens the memory left after weights and extras holds, and what batch and context that allows. */
export interface MemoryFit {
  /** Cached tokens over all sequences (unbounded for an encoder). */
  readonly tokens: number;
  /** Largest batch at the request's context (input + output). */
  readonly maxBatch: number;
  /** Largest context at the request's batch, up to what the model attends over. */
  readonly maxContext: number;
}

/**
 * Cached tokens over all sequences that the memory left after weights and
 * extras holds (unbounded for an encoder): the device holding the largest
 * share of each token's keys and values fills first.
 */
export function cacheTokens(plan: MemoryPlan, w: Workload, devices: number): number {
  const m = w.model;
  const perToken = kvBytesPerToken(m, plan.kvBytesPerValue) * deviceCacheShare(m, devices);
  const free = plan.capacity - fixedPerDevice(plan, devices);
  return free < 0 ? 0 : perToken > 0 ? Math.floor(free / perToken) : Number.POSITIVE_INFINITY;
}

export function memoryFit(plan: MemoryPlan, w: Workload, devices: number): MemoryFit {
  const m = w.model;
  const tokens = cacheTokens(plan, w, devices);
  const context = w.request.input + w.request.output;
  return { tokens, maxBatch: Math.floor(tokens / context), maxContext: Math.min(longestSequence(m), Math.floor(tokens / w.request.batch)) };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** Why the memory does not hold the run, or undefined. */
export function memoryProblem(plan: MemoryPlan, w: Workload, devices: number): string | undefined {
  const u = memoryUse(plan, w, devices);
  if (u.perDevice <= plan.capacity) return undefined;
  const parts = [`weights (${gb(u.weights / devices)})`, `KV cache (${gb(u.kvCachePerDevice)})`, ...(plan.extra ?? []).map((e) => `${e.name} (${gb(e.bytes)})`)];
  return `${parts.join(' + ')} per device exceed the ${gb(plan.capacity)} of ${plan.where}; use more devices, a smaller batch or context, or a device with more memory`;
}
