/**
 * continuous: iteration-level batching as in Orca and vLLM. Before every
 * iteration, waiting requests are admitted while the batch, the prefill
 * token limit and the cache allow; if any were admitted the iteration is
 * their prefill (vLLM runs prefills first, unmixed), otherwise it is one
 * decode step of every running sequence. A sequence leaves the batch as soon
 * as it finishes, and a new one can join at the next iteration.
 */
import type { Policy, PolicyEvents, PolicyLimits } from '../policy.js';
import type { Replica, Work } from '../replica.js';
import { admitHead, reserveDecodeSlots } from './admission.js';

export function continuousPolicy(limits: PolicyLimits, events: PolicyEvents): Policy {
  return {
    next(r: Replica): Work[] | undefined {
      const work: Work[] = [];
      let tokens = 0;
      for (let s = r.queue.peek(); s && r.running.length < limits.maxBatch; s = r.queue.peek()) {
        if (work.length && tokens + s.prompt > limits.maxPrefillTokens) break;
        if (!admitHead(r, limits)) break;
        work.push({ seq: s, kind: 'prefill', tokens: s.prompt, context: 0 });
        tokens += s.prompt;
      }
      if (work.length) return work;
      reserveDecodeSlots(r, events);
      for (const s of r.running) work.push({ seq: s, kind: 'decode', tokens: 1, context: s.ctx });
      return work.length ? work : undefined;
    },
  };
}
