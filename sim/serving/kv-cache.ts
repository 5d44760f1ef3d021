/**
 * The KV cache of one appliance as blocks of tokens (paged, as vLLM keeps
 * it): the memory the template's plan leaves after the weights and its
 * per-device extras, over all devices, in blocks of `blockTokens` tokens.
 */
import { kvCacheBytes } from '../../workloads/model.js';
import type { Workload } from '../../workloads/trace.js';
import type { Prepared } from '../run.js';

export interface KvCache {
  readonly blocks: number;
  readonly blockTokens: number;
  readonly bytesPerToken: number;
}

/** The cache, or why there is none (the template's memory plan says the design cannot hold the model). */
export function kvCache(x: Prepared, w: Workload, blockTokens: number): KvCache | string {
  const plan = x.template.memory(x.spec, x.params, w);
  if (typeof plan === 'string') return plan;
  const devices = x.spec.devices;
  let perDevice = plan.capacity - plan.weights / devices;
  for (const e of plan.extra ?? []) perDevice -= e.bytes;
  const bytesPerToken = kvCacheBytes(w.model, 1, 1, plan.kvBytesPerValue);
  // An encoder keeps keys and values only within a layer: nothing stays cached between requests' steps.
  if (w.model.kind === 'encoder') return { blocks: Number.POSITIVE_INFINITY, blockTokens, bytesPerToken };
  const blocks = Math.max(0, Math.floor((perDevice * devices) / (bytesPerToken * blockTokens)));
  return { blocks, blockTokens, bytesPerToken };
}

export function blocksFor(tokens: number, blockTokens: number): number {
  return Math.ceil(tokens / blockTokens);
}
