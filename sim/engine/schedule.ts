/**
 * List scheduling of a block: instructions issue in program order on each
 * unit (DFX-style per-unit queues), start when their unit is free and their
 * operands are ready, and chain to their memory feed. Time is in cycles.
 */
import { compile, type Program } from './compiled.js';
import type { Block } from './program.js';
import type { DecisionTrace } from './trace.js';

export interface Span {
  unit: number;
  op: number;
  start: number;
  end: number;
  feed: boolean;
}

export interface BlockRun {
  readonly start: number;
  /** Ready time of the block's output. */
  readonly end: number;
  /** Critical-path time credited to each op of the block (sums to end - start). */
  readonly opTime: Float64Array;
  /** Busy cycles per unit. */
  readonly unitBusy: Float64Array;
  /** Per-instruction [start, finish] when recorded (for timelines). */
  readonly spans?: Span[];
}

/**
 * Run a compiled block given absolute unit-free times (mutated) and the time
 * its input is ready; `edgeLatency` is added to every dependency edge
 * (control overhead). Leaves the op credits in `pg.opTime`; returns the
 * ready time of the block's output. `tr` records every comparison.
 */
export function runProgram(pg: Program, unitFree: Float64Array, inputReady: number, edgeLatency: number, tr: DecisionTrace | null = null, spans: Span[] | null = null): number {
  const { n, ready, deps, depStart, feedDeps, feedDepStart, feedUnit, unit, busy, latency, feedBusy, feedLead, feedSlack } = pg;
  // Every max() below is written out so that the trace can record which operand won (ties go to the first).
  for (let i = 0; i < n; i++) {
    const d0 = depStart[i];
    const d1 = depStart[i + 1];
    let depReady: number;
    if (d0 === d1) depReady = inputReady;
    else {
      let d = deps[d0];
      depReady = (d < 0 ? inputReady : ready[d]) + edgeLatency;
      for (let k = d0 + 1; k < d1; k++) {
        d = deps[k];
        const v = (d < 0 ? inputReady : ready[d]) + edgeLatency;
        const keep = depReady >= v;
        if (tr !== null) tr.push(keep ? 1 : 0);
        if (!keep) depReady = v;
      }
    }
    const u = unit[i];
    const b = busy[i];
    const fu = feedUnit[i];
    const uf = unitFree[u];
    let start = uf >= depReady ? uf : depReady;
    if (tr !== null) tr.push(uf >= depReady ? 1 : 0);
    let finish: number;
    if (fu >= 0) {
      // A block's streams are issued once its input is ready, so earlier state never matters.
      const ff = unitFree[fu];
      let feedStart = ff >= inputReady ? ff : inputReady;
      if (tr !== null) tr.push(ff >= inputReady ? 1 : 0);
      for (let k = feedDepStart[i]; k < feedDepStart[i + 1]; k++) {
        const d = feedDeps[k];
        const v = d < 0 ? inputReady : ready[d];
        const keep = feedStart >= v;
        if (tr !== null) tr.push(keep ? 1 : 0);
        if (!keep) feedStart = v;
      }
      const lead = feedStart + feedLead[i];
      const led = start >= lead;
      if (tr !== null) tr.push(led ? 1 : 0);
      if (!led) start = lead;
      const streamed = feedStart + feedBusy[i];
      const held = start + b - feedSlack[i];
      const feedFinish = streamed >= held ? streamed : held;
      if (tr !== null) tr.push(streamed >= held ? 1 : 0);
      unitFree[fu] = feedFinish;
      const bump = b > 0 ? 1 : 0;
      const computed = start + b;
      const fed = feedFinish + bump;
      finish = computed >= fed ? computed : fed;
      if (tr !== null) tr.push(bump | (computed >= fed ? 2 : 0));
      if (spans) spans.push({ unit: fu, op: pg.op[i], start: feedStart, end: feedFinish, feed: true });
    } else {
      finish = start + b;
    }
    unitFree[u] = finish;
    ready[i] = finish + latency[i];
    if (spans) spans.push({ unit: u, op: pg.op[i], start, end: finish, feed: false });
  }
  const end = ready[pg.output];
  attribute(pg, inputReady, end, tr);
  return end;
}

/**
 * Credit the interval [start, end] to ops (into `pg.opTime`): walking
 * instructions by ready time, each is credited with how far it advances the
 * frontier. An op's share is the time the block spends waiting on it.
 */
function attribute(pg: Program, start: number, end: number, tr: DecisionTrace | null): void {
  const { n, ready, order, opTime, op } = pg;
  // Insertion sort of instruction indices by ready time (blocks are small and nearly sorted).
  for (let i = 0; i < n; i++) {
    let j = i;
    const r = ready[i];
    for (;;) {
      if (j === 0) break;
      const later = ready[order[j - 1]] > r;
      if (tr !== null) tr.push(later ? 1 : 0);
      if (!later) break;
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  opTime.fill(0);
  let frontier = start;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const ri = ready[i];
    const cut = ri > end;
    const r = cut ? end : ri;
    const ahead = r > frontier;
    if (tr !== null) tr.push((cut ? 1 : 0) | (ahead ? 2 : 0));
    if (ahead) {
      opTime[op[i]] += r - frontier;
      frontier = r;
    }
  }
}

/**
 * Run `block` given absolute unit-free times (mutated) and the time its
 * input is ready (a one-off run; the driver runs compiled blocks).
 */
export function runBlock(block: Block, unitFree: Float64Array, inputReady: number, edgeLatency: number, record = false): BlockRun {
  const pg = compile(block, unitFree.length);
  const spans: Span[] | null = record ? [] : null;
  const end = runProgram(pg, unitFree, inputReady, edgeLatency, null, spans);
  return { start: inputReady, end, opTime: pg.opTime, unitBusy: pg.unitBusy, spans: spans ?? undefined };
}
