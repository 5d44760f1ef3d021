/** One appliance of a serving deployment: its queue, the sequences it is running, its cache and its clock. */
import { Deque } from './deque.js';
import type { KvCache } from './kv-cache.js';
import type { Seq } from './sequence.js';

/** What one sequence does in an iteration: part or all of its prefill, one decode step, or (fifo) its whole request alone. */
export interface Work {
  readonly seq: Seq;
  readonly kind: 'prefill' | 'decode' | 'alone';
  /** New tokens (prefill: the chunk; decode: 1; alone: the prompt). */
  readonly tokens: number;
  /** Tokens already cached when the work starts. */
  readonly context: number;
}

export class Replica {
  readonly queue = new Deque<Seq>();
  /** Admitted sequences, oldest admission first (preemption takes the newest). */
  readonly running: Seq[] = [];
  freeBlocks: number;
  /** End of the current iteration; Infinity when idle. */
  busyUntil = Number.POSITIVE_INFINITY;
  started = 0;
  current: readonly Work[] = [];

  constructor(
    readonly index: number,
    readonly kv: KvCache,
  ) {
    this.freeBlocks = kv.blocks;
  }

  /** Requests the router counts against this replica: waiting and in service. */
  get load(): number {
    return this.queue.length + this.running.length;
  }

  get idle(): boolean {
    return this.busyUntil === Number.POSITIVE_INFINITY;
  }

  allocate(s: Seq, blocks: number): void {
    s.blocks += blocks;
    this.freeBlocks -= blocks;
  }

  release(s: Seq): void {
    this.freeBlocks += s.blocks;
    s.blocks = 0;
  }
}
