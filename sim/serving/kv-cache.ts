/**
 * The KV cache of one appliance as blocks of tokens (paged, as vLLM keeps
 * it): the tokens the template's memory plan leaves room for after the
 * weights and its per-device extras (as `simulate` reports them, see
 * cacheTokens), in blocks of `blockTokens` tokens.
 */
import { kvCacheBytes } from '../../workloads/model.js';
import type { Workload } from '../../workloads/trace.js';
import { cacheTokens } from '../memory-check.js';
import type { MemoryPlan } from '../template.js';

export interface KvCache {
  readonly blocks: number;
  readonly blockTokens: number;
  readonly bytesPerToken: number;
}

/** The cache the memory plan leaves room for. */
export function kvCache(w: Workload, plan: MemoryPlan, devices: number, blockTokens: number): KvCache {
  const bytesPerToken = kvCacheBytes(w.model, 1, 1, plan.kvBytesPerValue);
  // An encoder keeps keys and values only within a layer: nothing stays cached between requests' steps.
  if (w.model.kind === 'encoder') return { blocks: Number.POSITIVE_INFINITY, blockTokens, bytesPerToken };
  return { blocks: Math.floor(cacheTokens(plan, w, devices) / blockTokens), blockTokens, bytesPerToken };
}

export function blocksFor(tokens: number, blockTokens: number): number {
  return Math.ceil(tokens / blockTokens);
}
