/**
 * The KV cache of one appliance as blocks of tokens (paged, as vLLM keeps
 * it): the tokens the template's memory plan leaves room for after the
 * weights and its per-device extras (as `simulate` reports them, see
 * cacheTokens), in blocks of `blockTokens` tokens.
 */
import { kvCacheBytes } from '../../workloads/model.js';
import type { Workload } from '../../workloads/trace.js';
import { cacheTokens } from '../memory-check.js';
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
  const bytesPerToken = kvCacheBytes(w.model, 1, 1, plan.kvBytesPerValue);
  // An encoder keeps keys and values only within a layer: nothing stays cached between requests' steps.
  if (w.model.kind === 'encoder') return { blocks: Number.POSITIVE_INFINITY, blockTokens, bytesPerToken };
  return { blocks: Math.floor(cacheTokens(plan, w, x.spec.devices) / blockTokens), blockTokens, bytesPerToken };
}

export function blocksFor(tokens: number, blockTokens: number): number {
  return Math.ceil(tokens / blockTokens);
}
