/** fifo: one request at a time, start to finish, in arrival order, as a DFX-style appliance serves. */
import { blocksFor } from '../kv-cache.js';
import type { Policy } from '../policy.js';
import type { Replica, Work } from '../replica.js';

export function fifoPolicy(): Policy {
  return {
    next(r: Replica): Work[] | undefined {
      const s = r.queue.shift();
      if (!s) return undefined;
      r.allocate(s, blocksFor(s.req.input + s.req.output, r.kv.blockTokens));
      r.running.push(s);
      return [{ seq: s, kind: 'alone', tokens: s.prompt, context: 0 }];
    },
  };
}
