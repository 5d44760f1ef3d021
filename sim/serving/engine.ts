/**
 * The discrete-event serving loop. Events are arrivals (after the router)
 * and ends of iterations; between them nothing changes, so the loop jumps
 * from one to the next. Each replica runs one iteration at a time: when it
 * is free its policy forms the next from its queue, the coster prices it
 * (memoised), and its effects (tokens out, requests done) apply at its end.
 * The router sends each request to the replica with the fewest requests
 * waiting or in service (the lowest index on ties), spending `routerTime`
 * per request, one request after another.
 */
import type { RequestStream } from '../../workloads/request-stream.js';
import type { IterationCoster } from './iteration-cost.js';
import { blocksFor, type KvCache } from './kv-cache.js';
import type { Policy } from './policy.js';
import type { Recorder } from './recorder.js';
import { Replica, type Work } from './replica.js';
import { newSeq, type Seq } from './sequence.js';

export interface EngineOptions {
  readonly policy: Policy;
  readonly replicas: number;
  readonly routerTime_s: number;
  readonly kv: KvCache;
  /** Longest sequence the model takes (prompt plus answer; see longestSequence). */
  readonly maxPositions: number;
}

export function runEngine(stream: RequestStream, coster: IterationCoster, o: EngineOptions, rec: Recorder): void {
  const replicas = Array.from({ length: o.replicas }, (_, i) => new Replica(i, o.kv));
  const reqs = stream.requests;
  let next = 0;
  let routerFree = Number.NEGATIVE_INFINITY;
  // When the next request leaves the router (it routes one request after another).
  const routeTime = (): number => {
    if (next >= reqs.length) return Number.POSITIVE_INFINITY;
    return Math.max(reqs[next].arrival_s, routerFree) + o.routerTime_s;
  };
  let dispatch = routeTime();
  const record = (now: number): void => {
    let queued = 0;
    let inService = 0;
    for (const x of replicas) {
      queued += x.queue.length;
      inService += x.current.length;
    }
    rec.state(now, queued, inService);
  };

  const start = (r: Replica, now: number): void => {
    const work = o.policy.next(r);
    if (!work) {
      r.busyUntil = Number.POSITIVE_INFINITY;
      r.current = [];
      return;
    }
    let end: number;
    if (work.length === 1 && work[0].kind === 'alone') {
      const s = work[0].seq;
      const a = coster.alone(s.req.input, s.req.output);
      rec.usage.merge(a.usage);
      // Summed in the order an iteration-level policy would advance its clock, so both give the same times.
      let t = now + a.prefill;
      for (let k = 0; k < a.decodes.length; k++) t += a.decodes[k];
      end = t;
    } else {
      coster.begin();
      for (const w of work) {
        if (w.kind === 'decode') coster.decode(w.context);
        else coster.prefill(w.tokens, w.context, w.context + w.tokens >= w.seq.prompt && w.seq.req.output > 0);
      }
      end = now + coster.end(rec.usage);
    }
    rec.iterations++;
    r.current = work;
    r.started = now;
    r.busyUntil = end;
  };

  const finish = (r: Replica, now: number): void => {
    for (const w of r.current) apply(r, w, now);
    // Finished sequences leave, keeping the admission order of the rest.
    let k = 0;
    for (const s of r.running) {
      if (s.generated >= s.req.output && s.ctx >= s.prompt) {
        r.release(s);
        rec.done(s, now);
      } else r.running[k++] = s;
    }
    r.running.length = k;
  };

  const apply = (r: Replica, w: Work, now: number): void => {
    const s = w.seq;
    if (w.kind === 'alone') {
      const a = coster.alone(s.req.input, s.req.output);
      let t = r.started + a.prefill;
      s.ctx = s.prompt;
      if (s.req.output > 0) rec.token(s, t);
      for (let k = 0; k < a.decodes.length; k++) {
        t += a.decodes[k];
        s.ctx++;
        rec.token(s, t);
      }
      return;
    }
    s.ctx += w.tokens;
    if (w.kind === 'decode' || (s.ctx >= s.prompt && s.req.output > 0)) rec.token(s, now);
  };

  const fits = (s: Seq): boolean => s.req.input + s.req.output <= o.maxPositions && blocksFor(s.req.input + s.req.output, o.kv.blockTokens) <= o.kv.blocks;

  for (;;) {
    let r: Replica | undefined;
    for (const x of replicas) if (!r || x.busyUntil < r.busyUntil) r = x;
    const end = r ? r.busyUntil : Number.POSITIVE_INFINITY;
    if (dispatch === Number.POSITIVE_INFINITY && end === Number.POSITIVE_INFINITY) break;
    if (dispatch <= end) {
      const now = dispatch;
      const req = reqs[next++];
      routerFree = now;
      dispatch = routeTime();
      rec.arrived(req.arrival_s);
      const s = newSeq(req);
      if (!fits(s)) rec.dropped++;
      else {
        let target = replicas[0];
        for (const x of replicas) if (x.load < target.load) target = x;
        target.queue.push(s);
        if (target.idle) start(target, now);
      }
      record(now);
    } else if (r) {
      const now = end;
      finish(r, now);
      start(r, now);
      record(now);
    }
  }
}
