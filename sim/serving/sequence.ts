/** A request inside a server: where its prefill and generation stand, and the cache blocks it holds. */
import type { ArrivingRequest } from '../../workloads/request-stream.js';

export interface Seq {
  readonly req: ArrivingRequest;
  /** Tokens in the KV cache. */
  ctx: number;
  /** Tokens generated so far. */
  generated: number;
  /** Tokens the current prefill puts in the cache: the prompt, or prompt and generated tokens when recomputed after a preemption. */
  prompt: number;
  /** KV-cache blocks held. */
  blocks: number;
  /** When the first token came out (NaN before). */
  first_s: number;
  /** When the latest token came out. */
  last_s: number;
  preemptions: number;
}

export function newSeq(req: ArrivingRequest): Seq {
  return { req, ctx: 0, generated: 0, prompt: req.input, blocks: 0, first_s: Number.NaN, last_s: Number.NaN, preemptions: 0 };
}

/** Its prompt is all in the cache and it still has tokens to generate. */
export function isDecoding(s: Seq): boolean {
  return s.ctx >= s.prompt && s.generated < s.req.output;
}

export function isPrefilling(s: Seq): boolean {
  return s.ctx < s.prompt;
}
