/**
 * static: when the replica is free, up to B waiting requests form a batch
 * (as many as the cache holds at their full length), prefill together and
 * decode together until the last of them finishes. A member that finishes
 * early returns at once and leaves the batch (no padding); nobody joins a
 * running batch.
 */
import { blocksFor } from '../kv-cache.js';
import type { Policy, PolicyLimits } from '../policy.js';
import type { Replica, Work } from '../replica.js';

export function staticPolicy(limits: PolicyLimits): Policy {
  return {
    next(r: Replica): Work[] | undefined {
      if (r.running.length) return r.running.map((s) => ({ seq: s, kind: 'decode', tokens: 1, context: s.ctx }));
      const work: Work[] = [];
      for (let s = r.queue.peek(); s && work.length < limits.maxBatch; s = r.queue.peek()) {
        const need = blocksFor(s.req.input + s.req.output, r.kv.blockTokens);
        if (need > r.freeBlocks) break;
        r.queue.shift();
        r.allocate(s, need);
        r.running.push(s);
        work.push({ seq: s, kind: 'prefill', tokens: s.prompt, context: 0 });
      }
      return work.length ? work : undefined;
    },
  };
}
