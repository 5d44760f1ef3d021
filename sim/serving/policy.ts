/**
 * Scheduling policies: how a free replica forms its next iteration from its
 * queue and running sequences. Policies move sequences between the queue and
 * the running set and manage their cache blocks; the engine costs and times
 * the iteration and applies its effects.
 */
import type { Replica, Work } from './replica.js';
import type { Seq } from './sequence.js';

export const POLICIES = ['fifo', 'static', 'continuous', 'chunked'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface Policy {
  /** The next iteration of a free replica, or undefined when it has nothing to do. */
  next(r: Replica): Work[] | undefined;
}

/** What policies report back to the engine's record. */
export interface PolicyEvents {
  preempted(s: Seq): void;
}

export interface PolicyLimits {
  /** Most sequences in an iteration (static: the batch size). */
  readonly maxBatch: number;
  /** Most prompt tokens a continuous-batching prefill iteration takes (vLLM's max_num_batched_tokens). */
  readonly maxPrefillTokens: number;
  /** Tokens per iteration of chunked prefill (decodes count one each). */
  readonly tokenBudget: number;
  /** Free blocks kept back when admitting (vLLM's watermark), so that running sequences can grow. */
  readonly watermarkBlocks: number;
}
