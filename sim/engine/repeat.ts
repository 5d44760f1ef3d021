/**
 * Running a block many times in a row (identical decoder layers). After each
 * run the engine compares the units' state relative to the output time with
 * the previous run's; once two consecutive states are equal, every later run
 * is an exact time-shift of the last one, so the rest is extrapolated.
 * `exact` disables the shortcut (a test checks both agree).
 */
import type { Block } from './program.js';
import { runBlock, scratchFor } from './schedule.js';

export interface RepeatRun {
  readonly end: number;
  readonly opTime: Float64Array;
  readonly unitBusy: Float64Array;
  /** Blocks actually scheduled (the rest were extrapolated). */
  readonly scheduled: number;
}

export function runRepeated(block: Block, times: number, unitFree: Float64Array, inputReady: number, edgeLatency: number, exact: boolean): RepeatRun {
  const opTime = new Float64Array(block.ops.length);
  const unitBusy = new Float64Array(unitFree.length);
  const scratch = scratchFor(block.instrs.length);
  const units = unitFree.length;
  let prevRel: Float64Array | undefined;
  let t = inputReady;
  for (let i = 0; i < times; i++) {
    const r = runBlock(block, unitFree, t, edgeLatency, false, scratch);
    for (let k = 0; k < opTime.length; k++) opTime[k] += r.opTime[k];
    for (let u = 0; u < units; u++) unitBusy[u] += r.unitBusy[u];
    const dur = r.end - t;
    t = r.end;
    const rel = new Float64Array(units);
    for (let u = 0; u < units; u++) rel[u] = unitFree[u] - t;
    if (!exact && prevRel && sameState(prevRel, rel)) {
      const rest = times - i - 1;
      for (let k = 0; k < opTime.length; k++) opTime[k] += r.opTime[k] * rest;
      for (let u = 0; u < units; u++) unitBusy[u] += r.unitBusy[u] * rest;
      t += dur * rest;
      for (let u = 0; u < units; u++) unitFree[u] = t + rel[u];
      return { end: t, opTime, unitBusy, scheduled: i + 1 };
    }
    prevRel = rel;
  }
  return { end: t, opTime, unitBusy, scheduled: times };
}

function sameState(a: Float64Array, b: Float64Array): boolean {
  for (let u = 0; u < a.length; u++) {
    const x = Math.max(a[u], MIN_REL);
    const y = Math.max(b[u], MIN_REL);
    if (x !== y) return false;
  }
  return true;
}

/**
 * Nothing in a block starts before its input is ready (runBlock), so a unit
 * that became free before the previous output is equivalent to one free at it.
 */
const MIN_REL = 0;
