/**
 * Costing a range of contexts at once. The passes of a request (DFX: one
 * per token) differ only in attention's cycle and event counts, and a
 * template that re-costs a lowering in place says what they are made of:
 * its signature, numbers of which every such count is a fixed multiple.
 *
 * Between its comparisons a schedule only adds and scales counts. So where
 * the schedules of two passes make every comparison alike (every max() picks
 * the same operand: equal decision traces), they compute one affine function
 * of the counts, and so does the schedule of every pass whose counts lie on
 * the segment between theirs (that set is convex). Consecutive passes whose
 * signatures lie on a line (a context step adds tiles in a fixed proportion)
 * are costed from the schedules at its two ends: each pass is their affine
 * combination, and the whole line is the two ends' totals merged with the
 * passes' summed weights, exact. Where the ends differ, the line is halved
 * at a scheduled middle pass. A property test checks the result against
 * scheduling every pass.
 *
 * Passes are taken as they come: the first few of a line are scheduled at
 * once; the rest are deferred with their counts saved until the line ends.
 */
import type { StepSpec } from '../workloads/trace.js';
import { type RunAccumulator, STAGE_INDEX } from './accumulate.js';
import type { DecisionTrace } from './engine/trace.js';
import type { ReadyStep } from './lowering.js';
import { runReady, type Simulation } from './pass.js';

/** Passes that cost the same (equal pass keys), `count` times in all, represented by `step`. */
export interface PassGroup {
  readonly step: StepSpec;
  count: number;
}

/** Passes of a line scheduled one by one before the rest is deferred (most lines are short). */
const LEAD = 4;
/** Deferred passes fewer than this are scheduled one by one: two end schedules with their traces save too little. */
const MIN_TAIL = 4;
/** A signature number off the line by more than this (relative) leaves it. */
const TOLERANCE = 1e-12;

interface Costed {
  readonly acc: RunAccumulator;
  readonly trace: DecisionTrace;
}

/** Where `x` sits on the line from `a` to `b` (0 at a, 1 at b), or NaN when it is off the line. */
function along(x: readonly number[], a: readonly number[], b: readonly number[]): number {
  if (x.length !== a.length || b.length !== a.length) return Number.NaN;
  let dd = 0;
  let dx = 0;
  for (let i = 0; i < a.length; i++) {
    const d = b[i] - a[i];
    dd += d * d;
    dx += d * (x[i] - a[i]);
  }
  if (dd === 0) return Number.NaN;
  const t = dx / dd;
  for (let i = 0; i < a.length; i++) {
    const r = x[i] - (a[i] + t * (b[i] - a[i]));
    const scale = Math.max(Math.abs(x[i]), Math.abs(a[i]), Math.abs(b[i]));
    if (Math.abs(r) > TOLERANCE * scale) return Number.NaN;
  }
  return t;
}

/** The counts of a lowered step's layer blocks (cycle counts and op totals), saved and set back as one vector. */
class Counts {
  readonly parts: Float64Array[];
  readonly size: number;
  private store = new Float64Array(0);

  constructor(readonly ready: ReadyStep) {
    this.parts = ready.segments.flatMap((s) => [s.block.pg.counts, s.block.totals.values]);
    this.size = this.parts.reduce((n, p) => n + p.length, 0);
  }

  /** Save the counts as they stand into slot `k`. */
  save(k: number): void {
    const need = (k + 1) * this.size;
    if (this.store.length < need) {
      const grown = new Float64Array(Math.max(need, 2 * this.store.length));
      grown.set(this.store);
      this.store = grown;
    }
    let at = k * this.size;
    for (const p of this.parts) {
      this.store.set(p, at);
      at += p.length;
    }
  }

  /** Set the counts saved in slot `k`. */
  load(k: number): void {
    let at = k * this.size;
    for (const p of this.parts) {
      p.set(this.store.subarray(at, at + p.length));
      at += p.length;
    }
  }
}

const countsOf = new WeakMap<ReadyStep, Counts>();

/**
 * Consecutive passes of one lowering and stage whose signatures lie on a
 * line, beyond each other. The first LEAD passes are scheduled as they come
 * (most lines are short); from the last of them on, passes are deferred
 * with their counts saved (slot 0: that last scheduled pass, the anchor).
 */
class Line {
  readonly signatures: (readonly number[])[] = [];
  /** Deferred passes, in counts slots 1.. */
  readonly deferred: PassGroup[] = [];
  /** Where the last pass sits on the line through the first two (their distance is 1). */
  private lastT = 1;
  private nextT = Number.NaN;

  constructor(
    readonly counts: Counts,
    readonly stage: 0 | 1,
  ) {}

  /** Whether the pass the lowering now holds continues the line (which holds at least its first pass: costGroups adds it on creation). */
  continues(ready: ReadyStep, stage: 0 | 1): boolean {
    const sig = ready.signature;
    if (!sig || ready !== this.counts.ready || stage !== this.stage) return false;
    const n = this.signatures.length;
    if (n >= 2) {
      this.nextT = along(sig, this.signatures[0], this.signatures[1]);
      return this.nextT > this.lastT;
    }
    return along(sig, this.signatures[0], sig) === 1;
  }

  /** Add the pass the lowering now holds (after `continues`); true when it is deferred (not to be scheduled now). */
  add(g: PassGroup, sig: readonly number[]): boolean {
    if (this.signatures.length >= 2) this.lastT = this.nextT;
    this.signatures.push(sig);
    if (this.signatures.length < LEAD) return false;
    if (this.signatures.length === LEAD) {
      this.counts.save(0);
      return false;
    }
    this.deferred.push(g);
    this.counts.save(this.deferred.length);
    return true;
  }
}

/** Cost the pass groups (in context order) into `acc`; returns the blocks scheduled. */
export function costGroups(sim: Simulation, groups: readonly PassGroup[], acc: RunAccumulator): number {
  let scheduled = 0;
  let line: Line | undefined;
  for (const g of groups) {
    const stage = STAGE_INDEX[g.step.stage];
    const ready = sim.x.lowerings.get(sim.w, g.step);
    if (line && !line.continues(ready, stage)) {
      if (line.deferred.length) {
        // Costing the line sets other counts, perhaps on this group's lowering: keep this group's aside.
        const same = line.counts.ready === ready;
        if (same) line.counts.save(line.deferred.length + 1);
        scheduled += costTail(sim, line, acc);
        if (same) line.counts.load(line.deferred.length + 1);
      }
      line = undefined;
    }
    if (!line && ready.signature) {
      let counts = countsOf.get(ready);
      if (!counts) {
        counts = new Counts(ready);
        countsOf.set(ready, counts);
      }
      line = new Line(counts, stage);
    }
    if (line && ready.signature && line.add(g, ready.signature)) continue;
    scheduled += direct(sim, ready, stage, g.count, acc);
  }
  if (line?.deferred.length) scheduled += costTail(sim, line, acc);
  return scheduled;
}

/** One group scheduled as its lowering stands, `count` times over. */
function direct(sim: Simulation, ready: ReadyStep, stage: 0 | 1, count: number, acc: RunAccumulator): number {
  const one = sim.passAccumulator();
  const n = runReady(sim, ready, stage, false, one, null);
  acc.merge(one, count);
  return n;
}

/** Cost a line's deferred passes: from the anchor's and the last one's schedules, or one by one when too few. */
function costTail(sim: Simulation, line: Line, acc: RunAccumulator): number {
  const { deferred, counts, stage } = line;
  const last = deferred.length;
  let n = 0;
  if (last < MIN_TAIL) {
    for (let k = 1; k <= last; k++) {
      counts.load(k);
      n += direct(sim, counts.ready, stage, deferred[k - 1].count, acc);
    }
  } else {
    const a = traced(sim, line, 0);
    const b = traced(sim, line, last);
    n = a.blocks + b.blocks + segment(sim, line, 0, last, a.costed, b.costed, acc);
    sim.release(a.costed);
    sim.release(b.costed);
  }
  // Leave the lowering as it was last re-costed (the last pass of the line).
  counts.load(last);
  return n;
}

/** Set a pass's saved counts and schedule it, recording its decisions; give the result back with sim.release. */
function traced(sim: Simulation, line: Line, k: number): { costed: Costed; blocks: number } {
  line.counts.load(k);
  const costed = sim.borrow();
  const blocks = runReady(sim, line.counts.ready, line.stage, false, costed.acc, costed.trace);
  return { costed, blocks };
}

/**
 * Cost the deferred passes from+1..to (slot numbers; slot 0 is the anchor,
 * already costed) from the schedules at slots `from` and `to`: their affine
 * combination where they have one trace, else the two halves at a scheduled
 * middle pass.
 */
function segment(sim: Simulation, line: Line, from: number, to: number, a: Costed, b: Costed, acc: RunAccumulator): number {
  const sigs = line.signatures;
  // Slot k holds the line's pass LEAD - 1 + k.
  const sig = (k: number) => sigs[LEAD - 1 + k];
  if (to - from === 1 || a.trace.equals(b.trace)) {
    let wa = 0;
    let wb = 0;
    let ok = true;
    for (let k = from + 1; k <= to; k++) {
      const m = line.deferred[k - 1].count;
      const t = k === to ? 1 : along(sig(k), sig(from), sig(to));
      ok &&= !Number.isNaN(t);
      wa += m * (1 - t);
      wb += m * t;
    }
    if (ok) {
      if (wa !== 0) acc.merge(a.acc, wa);
      if (wb !== 0) acc.merge(b.acc, wb);
      return 0;
    }
  }
  const mid = (from + to) >> 1;
  const m = traced(sim, line, mid);
  const n = m.blocks + segment(sim, line, from, mid, a, m.costed, acc) + segment(sim, line, mid, to, m.costed, b, acc);
  sim.release(m.costed);
  return n;
}
