/**
 * Running a block many times in a row (identical decoder layers). After each
 * run the engine compares the units' state relative to the output time with
 * the state the run started from (relative to its input); once they are
 * equal, every later run is an exact time-shift of the last one, so the rest
 * is extrapolated.
 * `exact` disables the shortcut (a test checks both agree).
 */
import { compile, type Program } from './compiled.js';
import type { Block } from './program.js';
import { runProgram } from './schedule.js';
import type { DecisionTrace } from './trace.js';

export interface RepeatRun {
  readonly end: number;
  readonly opTime: Float64Array;
  readonly unitBusy: Float64Array;
  /** Blocks actually scheduled (the rest were extrapolated). */
  readonly scheduled: number;
}

/** Scratch of repeated runs: unit states relative to the output, of this run and the one before. */
export class RepeatScratch {
  rel: Float64Array;
  prev: Float64Array;
  /** Blocks the last call scheduled. */
  scheduled = 0;

  constructor(units: number) {
    this.rel = new Float64Array(units);
    this.prev = new Float64Array(units);
  }
}

/**
 * Run `pg` `times` over from `inputReady`, adding its op credits into
 * `opTime`; returns the ready time of the last output (busy ticks are
 * `pg.unitBusy` x times). `s.scheduled` says how many runs were scheduled.
 */
export function repeatProgram(
  pg: Program,
  times: number,
  unitFree: Float64Array,
  inputReady: number,
  edgeLatency: number,
  exact: boolean,
  opTime: Float64Array,
  s: RepeatScratch,
  tr: DecisionTrace | null = null,
): number {
  const units = unitFree.length;
  const nOps = pg.nOps;
  let t = inputReady;
  // The state the first run starts from counts too: a block that leaves the units as it found them repeats at once.
  for (let u = 0; u < units; u++) s.prev[u] = unitFree[u] - t;
  for (let i = 0; i < times; i++) {
    const end = runProgram(pg, unitFree, t, edgeLatency, tr);
    const run = pg.opTime;
    for (let k = 0; k < nOps; k++) opTime[k] += run[k];
    const dur = end - t;
    t = end;
    const rel = s.rel;
    for (let u = 0; u < units; u++) rel[u] = unitFree[u] - t;
    if (!exact && sameState(s.prev, rel, tr)) {
      const rest = times - i - 1;
      for (let k = 0; k < nOps; k++) opTime[k] += run[k] * rest;
      t += dur * rest;
      for (let u = 0; u < units; u++) unitFree[u] = t + rel[u];
      s.scheduled = i + 1;
      return t;
    }
    s.rel = s.prev;
    s.prev = rel;
  }
  s.scheduled = times;
  return t;
}

/**
 * Nothing in a block starts before its input is ready (runProgram), so a
 * unit that became free before the previous output is equivalent to one free
 * at it.
 */
function sameState(a: Float64Array, b: Float64Array, tr: DecisionTrace | null): boolean {
  for (let u = 0; u < a.length; u++) {
    const ax = a[u];
    const bx = b[u];
    if (tr) tr.push((ax > 0 ? 1 : 0) | (bx > 0 ? 2 : 0));
    const x = ax > 0 ? ax : 0;
    const y = bx > 0 ? bx : 0;
    if (x !== y) {
      if (tr) tr.push(x < y ? 4 : 5);
      return false;
    }
    if (tr) tr.push(6);
  }
  return true;
}

/** Run `block` `times` over (a one-off; the driver runs compiled blocks). */
export function runRepeated(block: Block, times: number, unitFree: Float64Array, inputReady: number, edgeLatency: number, exact: boolean): RepeatRun {
  const pg = compile(block, unitFree.length);
  const opTime = new Float64Array(pg.nOps);
  const s = new RepeatScratch(unitFree.length);
  const end = repeatProgram(pg, times, unitFree, inputReady, edgeLatency, exact, opTime, s);
  const unitBusy = new Float64Array(unitFree.length);
  for (let u = 0; u < unitBusy.length; u++) unitBusy[u] = pg.unitBusy[u] * times;
  return { end, opTime, unitBusy, scheduled: s.scheduled };
}
