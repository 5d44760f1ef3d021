/**
 * Shared by the iteration-level policies: admitting a waiting request when
 * the cache has room for its prompt, and growing decoding sequences by a
 * block when their next token needs one, preempting the most recently
 * admitted sequence when the cache is full (it is recomputed later: its
 * blocks are freed and it returns to the front of the queue, as vLLM does).
 */
import { blocksFor } from '../kv-cache.js';
import type { PolicyEvents, PolicyLimits } from '../policy.js';
import type { Replica } from '../replica.js';
import { isDecoding, type Seq } from '../sequence.js';

/** Admit the queue's head if its prompt fits above the watermark (an empty replica admits regardless); returns it or undefined. */
export function admitHead(r: Replica, limits: PolicyLimits): Seq | undefined {
  const s = r.queue.peek();
  if (!s) return undefined;
  const need = blocksFor(s.prompt, r.kv.blockTokens);
  const keep = r.running.length ? limits.watermarkBlocks : 0;
  if (r.freeBlocks - need < keep) return undefined;
  r.queue.shift();
  r.allocate(s, need);
  r.running.push(s);
  return s;
}

function preempt(r: Replica, s: Seq, events: PolicyEvents): void {
  r.release(s);
  s.ctx = 0;
  // Recomputation: the prompt and every token generated so far go through a prefill again.
  s.prompt = s.req.input + s.generated;
  s.preemptions++;
  r.queue.unshift(s);
  events.preempted(s);
}

/** Give every decoding sequence room for its next token, preempting the newest admissions while the cache is short. */
export function reserveDecodeSlots(r: Replica, events: PolicyEvents): void {
  const run = r.running;
  for (let i = 0; i < run.length; i++) {
    const s = run[i];
    if (!isDecoding(s)) continue;
    const need = blocksFor(s.ctx + 1, r.kv.blockTokens) - s.blocks;
    if (need <= 0) continue;
    while (r.freeBlocks < need && run.length - 1 > i) preempt(r, run.pop() as Seq, events);
    if (r.freeBlocks < need) {
      run.splice(i, 1);
      preempt(r, s, events);
      i--;
      continue;
    }
    r.allocate(s, need);
  }
}
