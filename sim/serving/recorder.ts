/** What a serving run records as it goes: per-request times, gaps between tokens, counters and the state over time. */
import type { Usage } from './iteration-cost.js';
import { Samples } from './samples.js';
import type { Seq } from './sequence.js';

export class Recorder {
  /** Per completed request, in completion order. */
  readonly ttft = new Samples();
  readonly latency = new Samples();
  /** (last token - first token) / (output - 1); NaN for answers of one token or none. */
  readonly tpot = new Samples();
  /** Every gap between consecutive tokens of a request. */
  readonly itl = new Samples();
  /** State after each event: time, requests waiting, sequences in iterations (over all replicas). */
  readonly t = new Samples();
  readonly queued = new Samples();
  readonly batch = new Samples();
  completed = 0;
  dropped = 0;
  preempted = 0;
  outputTokens = 0;
  iterations = 0;
  first_s = Number.POSITIVE_INFINITY;
  last_s = Number.NEGATIVE_INFINITY;

  constructor(readonly usage: Usage) {}

  arrived(t: number): void {
    if (t < this.first_s) this.first_s = t;
  }

  token(s: Seq, t: number): void {
    if (s.generated === 0) s.first_s = t;
    else this.itl.push(t - s.last_s);
    s.generated++;
    s.last_s = t;
  }

  done(s: Seq, t: number): void {
    // An answer of no tokens (an encoder) has its result at the end: that is its first "token".
    if (Number.isNaN(s.first_s)) s.first_s = t;
    this.ttft.push(s.first_s - s.req.arrival_s);
    this.latency.push(t - s.req.arrival_s);
    this.tpot.push(s.req.output > 1 ? (s.last_s - s.first_s) / (s.req.output - 1) : Number.NaN);
    this.completed++;
    this.outputTokens += s.req.output;
    if (t > this.last_s) this.last_s = t;
  }

  state(t: number, queued: number, batch: number): void {
    this.t.push(t);
    this.queued.push(queued);
    this.batch.push(batch);
  }
}
