/**
 * chunked: Sarathi-style chunked prefill. Every iteration has a token
 * budget: each decoding sequence takes one token of it, and the rest goes to
 * prompt chunks, first of sequences already prefilling, then of newly
 * admitted requests. Decodes never wait behind a whole long prompt, and
 * prompts ride along with decodes instead of stalling them.
 */
import type { Policy, PolicyEvents, PolicyLimits } from '../policy.js';
import type { Replica, Work } from '../replica.js';
import { isDecoding, isPrefilling } from '../sequence.js';
import { admitHead, reserveDecodeSlots } from './admission.js';

export function chunkedPolicy(limits: PolicyLimits, events: PolicyEvents): Policy {
  return {
    next(r: Replica): Work[] | undefined {
      reserveDecodeSlots(r, events);
      const work: Work[] = [];
      let budget = limits.tokenBudget;
      for (const s of r.running) {
        if (!isDecoding(s)) continue;
        work.push({ seq: s, kind: 'decode', tokens: 1, context: s.ctx });
        budget--;
      }
      for (const s of r.running) {
        if (budget <= 0) break;
        if (!isPrefilling(s)) continue;
        const chunk = Math.min(s.prompt - s.ctx, budget);
        work.push({ seq: s, kind: 'prefill', tokens: chunk, context: s.ctx });
        budget -= chunk;
      }
      while (budget > 0 && r.running.length < limits.maxBatch) {
        const s = admitHead(r, limits);
        if (!s) break;
        const chunk = Math.min(s.prompt, budget);
        work.push({ seq: s, kind: 'prefill', tokens: chunk, context: 0 });
        budget -= chunk;
      }
      return work.length ? work : undefined;
    },
  };
}
