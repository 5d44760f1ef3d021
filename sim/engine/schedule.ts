/**
 * List scheduling of a block: instructions issue in program order on each
 * unit (DFX-style per-unit queues), start when their unit is free and their
 * operands are ready, and chain to their memory feed. Time is in cycles.
 */
import type { Block } from './program.js';

export interface BlockRun {
  readonly start: number;
  /** Ready time of the block's output. */
  readonly end: number;
  /** Critical-path time credited to each op of the block (sums to end - start). */
  readonly opTime: Float64Array;
  /** Busy cycles per unit. */
  readonly unitBusy: Float64Array;
  /** Per-instruction [start, finish] when recorded (for timelines). */
  readonly spans?: { unit: number; op: number; start: number; end: number; feed: boolean }[];
}

export interface ScheduleScratch {
  ready: Float64Array;
  order: Int32Array;
}

export function scratchFor(n: number): ScheduleScratch {
  return { ready: new Float64Array(n), order: new Int32Array(n) };
}

/**
 * Run `block` given absolute unit-free times (mutated) and the time its input
 * is ready. `edgeLatency` is added to every dependency edge (control overhead).
 */
export function runBlock(block: Block, unitFree: Float64Array, inputReady: number, edgeLatency: number, record = false, scratch?: ScheduleScratch): BlockRun {
  const n = block.instrs.length;
  const s = scratch && scratch.ready.length >= n ? scratch : scratchFor(n);
  const ready = s.ready;
  const unitBusy = new Float64Array(unitFree.length);
  const spans: NonNullable<BlockRun['spans']> | undefined = record ? [] : undefined;
  const readyOf = (d: number) => (d < 0 ? inputReady : ready[d]);

  for (let i = 0; i < n; i++) {
    const ins = block.instrs[i];
    let depReady = -Infinity;
    for (const d of ins.deps) depReady = Math.max(depReady, readyOf(d) + edgeLatency);
    if (depReady === -Infinity) depReady = inputReady;
    let start: number;
    let finish: number;
    const f = ins.feed;
    if (f) {
      // A block's streams are issued once its input is ready, so earlier state never matters.
      let feedStart = Math.max(unitFree[f.unit], inputReady);
      for (const d of f.deps) feedStart = Math.max(feedStart, readyOf(d));
      start = Math.max(unitFree[ins.unit], depReady, feedStart + f.lead);
      const feedFinish = Math.max(feedStart + f.busy, start + ins.busy - f.slack);
      unitFree[f.unit] = feedFinish;
      unitBusy[f.unit] += f.busy;
      finish = Math.max(start + ins.busy, feedFinish + (ins.busy > 0 ? 1 : 0));
      if (spans) spans.push({ unit: f.unit, op: ins.op, start: feedStart, end: feedFinish, feed: true });
    } else {
      start = Math.max(unitFree[ins.unit], depReady);
      finish = start + ins.busy;
    }
    unitFree[ins.unit] = finish;
    unitBusy[ins.unit] += ins.busy;
    ready[i] = finish + ins.latency;
    if (spans) spans.push({ unit: ins.unit, op: ins.op, start, end: finish, feed: false });
  }

  const end = ready[block.output];
  const opTime = attribute(block, ready, inputReady, end, s.order);
  return { start: inputReady, end, opTime, unitBusy, spans };
}

/**
 * Credit the interval [start, end] to ops: walking instructions by ready time,
 * each is credited with how far it advances the frontier. An op's share is
 * the time the block spends waiting on it.
 */
function attribute(block: Block, ready: Float64Array, start: number, end: number, order: Int32Array): Float64Array {
  const n = block.instrs.length;
  // Insertion sort of instruction indices by ready time (blocks are small and nearly sorted).
  for (let i = 0; i < n; i++) {
    let j = i;
    const r = ready[i];
    while (j > 0 && ready[order[j - 1]] > r) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  const opTime = new Float64Array(block.ops.length);
  let frontier = start;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const r = Math.min(ready[i], end);
    if (r > frontier) {
      opTime[block.instrs[i].op] += r - frontier;
      frontier = r;
    }
  }
  return opTime;
}
