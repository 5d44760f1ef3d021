/**
 * Costing a range of contexts at once. The passes of a request (DFX: one
 * per token) differ only in attention's cycle and event counts. Between its
 * comparisons a schedule only adds and scales counts, so where two schedules
 * make every comparison alike (every max() picks the same operand: equal
 * decision traces) they compute one affine function of the counts, and so
 * does every schedule whose counts lie between theirs: that set is convex.
 *
 * So the passes of one lowering are taken in context order while their count
 * vectors stay in an affine space of at most MAX_DIMS dimensions (a context
 * step adds tiles in a fixed proportion; a rounded-up stream adds a second
 * direction). The box spanned by their coordinates there has 2^dims corners;
 * when the schedules at every corner have one trace, every pass in the box
 * costs the affine interpolation of the corners, and the whole range is the
 * corners' totals merged with the passes' summed weights: exact, from a few
 * schedules instead of one per context. Otherwise the range is halved. A
 * property test checks the result against scheduling every pass (--exact).
 */
import type { StepSpec } from '../workloads/trace.js';
import { type RunAccumulator, STAGE_INDEX } from './accumulate.js';
import { refresh } from './engine/compiled.js';
import { DecisionTrace } from './engine/trace.js';
import type { ReadyStep } from './lowering.js';
import { runReady, type Simulation } from './pass.js';

/** Passes that cost the same (equal pass keys), `count` times in all, represented by `step`. */
export interface PassGroup {
  readonly step: StepSpec;
  count: number;
}

/** Directions a range may spread in; a box of 2^MAX_DIMS corners is scheduled to cost it. */
const MAX_DIMS = 2;
/** Passes of a stage below this are scheduled one by one: ranges do not pay for their corners and bookkeeping. */
const MIN_PASSES = 12;
/** A count off the affine space by more than this (relative) leaves it. */
const TOLERANCE = 1e-12;

/** A lowered step's layer counts (cycle counts and op events) as one vector, to save and set them at once. */
class CountsView {
  readonly parts: Float64Array[];
  readonly length: number;
  /** Scratch vectors of this length: the range's origin, a pass's counts, a corner's, and the basis. */
  readonly origin: Float64Array;
  readonly point: Float64Array;
  readonly corner: Float64Array;
  readonly basis: Float64Array[];

  constructor(readonly ready: ReadyStep) {
    this.parts = ready.segments.flatMap((s) => [s.block.pg.counts, s.block.totals.values]);
    this.length = this.parts.reduce((n, p) => n + p.length, 0);
    this.origin = new Float64Array(this.length);
    this.point = new Float64Array(this.length);
    this.corner = new Float64Array(this.length);
    this.basis = Array.from({ length: MAX_DIMS }, () => new Float64Array(this.length));
  }

  save(into: Float64Array): void {
    let at = 0;
    for (const p of this.parts) {
      into.set(p, at);
      at += p.length;
    }
  }

  load(from: Float64Array): void {
    let at = 0;
    for (const p of this.parts) {
      p.set(from.subarray(at, at + p.length));
      at += p.length;
    }
  }

  /** Back to the counts of the step it was last lowered or re-costed for. */
  reset(): void {
    for (const s of this.ready.segments) {
      refresh(s.block.pg);
      s.block.totals.refresh();
    }
  }
}

const views = new WeakMap<ReadyStep, CountsView>();
function viewOf(ready: ReadyStep): CountsView {
  let v = views.get(ready);
  if (!v) views.set(ready, (v = new CountsView(ready)));
  return v;
}

/** A pass of a range: its group and its coordinates in the range's affine space. */
interface Point {
  readonly group: PassGroup;
  readonly coords: Float64Array;
}

/** Passes of one lowering and stage whose counts lie in origin + span(basis). */
class Range {
  readonly points: Point[] = [];
  dims = 0;

  constructor(
    readonly view: CountsView,
    readonly stage: 0 | 1,
    first: PassGroup,
  ) {
    view.save(view.origin);
    this.points.push({ group: first, coords: new Float64Array(MAX_DIMS) });
  }

  /** Add the pass whose counts the view holds now; false when they leave the range's space. */
  add(group: PassGroup): boolean {
    const { origin, point, basis } = this.view;
    this.view.save(point);
    const n = point.length;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      const x = point[i];
      const d = x - origin[i];
      // NaN marks "the schedule's own count": it must stay NaN.
      if (d !== d) {
        if (x === x || origin[i] === origin[i]) return false;
        point[i] = 0;
        continue;
      }
      scale = Math.max(scale, Math.abs(x), Math.abs(origin[i]));
      point[i] = d;
    }
    const coords = new Float64Array(MAX_DIMS);
    for (let d = 0; d < this.dims; d++) coords[d] = project(point, basis[d]);
    if (!fits(point, origin, scale)) {
      if (this.dims === MAX_DIMS) return false;
      // The residual is a new direction.
      let norm = 0;
      for (let i = 0; i < n; i++) norm += point[i] * point[i];
      norm = Math.sqrt(norm);
      const b = basis[this.dims];
      for (let i = 0; i < n; i++) b[i] = point[i] / norm;
      coords[this.dims] = norm;
      this.dims++;
    }
    this.points.push({ group, coords });
    return true;
  }

}

/** Whether the residual `r` (a pass's counts minus the origin and its projections) is rounding only. */
function fits(r: Float64Array, origin: Float64Array, scale: number): boolean {
  const floor = 0.1 * TOLERANCE * scale;
  for (let i = 0; i < r.length; i++) if (Math.abs(r[i]) > TOLERANCE * Math.abs(origin[i]) + floor) return false;
  return true;
}

/** The coordinate of `r` along basis vector `b` (orthonormal), removed from `r`. */
function project(r: Float64Array, b: Float64Array): number {
  let c = 0;
  for (let i = 0; i < r.length; i++) c += r[i] * b[i];
  for (let i = 0; i < r.length; i++) r[i] -= c * b[i];
  return c;
}

/** A corner schedule: its totals and decision trace. */
interface Corner {
  readonly acc: RunAccumulator;
  readonly trace: DecisionTrace;
}

/** Cost the pass groups (in context order) into `acc`; returns the blocks scheduled. */
export function costGroups(sim: Simulation, groups: readonly PassGroup[], acc: RunAccumulator): number {
  let scheduled = 0;
  let range: Range | undefined;
  const close = () => {
    if (!range) return;
    scheduled += costRange(sim, range, range.points, acc);
    range.view.reset();
    range = undefined;
  };
  const perStage = [0, 0];
  for (const g of groups) perStage[STAGE_INDEX[g.step.stage]]++;
  for (const g of groups) {
    let ready = sim.x.lowerings.get(sim.w, g.step);
    const stage = STAGE_INDEX[g.step.stage];
    if (perStage[stage] < MIN_PASSES) {
      close();
      scheduled += direct(sim, ready, stage, g, acc);
      continue;
    }
    if (range && range.view.ready === ready && range.stage === stage && range.add(g)) continue;
    if (range) {
      close();
      // Costing the range set other counts: this group's again.
      ready = sim.x.lowerings.get(sim.w, g.step);
    }
    if (ready.recosted) range = new Range(viewOf(ready), stage, g);
    else scheduled += direct(sim, ready, stage, g, acc);
  }
  close();
  return scheduled;
}

/** One group scheduled as its lowering stands, `count` times over. */
function direct(sim: Simulation, ready: ReadyStep, stage: 0 | 1, g: PassGroup, acc: RunAccumulator): number {
  const one = sim.passAccumulator();
  const n = runReady(sim, ready, stage, false, one, null);
  acc.merge(one, g.count);
  return n;
}

function costRange(sim: Simulation, range: Range, points: readonly Point[], acc: RunAccumulator): number {
  const { view, stage, dims } = range;
  const corners = 1 << dims;
  if (points.length <= corners + 1) {
    // As cheap to schedule every pass: set each one's counts again from its lowering.
    let n = 0;
    for (const p of points) n += direct(sim, sim.x.lowerings.get(sim.w, p.group.step), stage, p.group, acc);
    return n;
  }
  const lo = new Float64Array(dims).fill(Infinity);
  const hi = new Float64Array(dims).fill(-Infinity);
  for (const p of points) {
    for (let d = 0; d < dims; d++) {
      lo[d] = Math.min(lo[d], p.coords[d]);
      hi[d] = Math.max(hi[d], p.coords[d]);
    }
  }
  let n = 0;
  const at: Corner[] = [];
  for (let mask = 0; mask < corners; mask++) {
    const c = view.corner;
    c.set(view.origin);
    for (let d = 0; d < dims; d++) {
      const x = mask & (1 << d) ? hi[d] : lo[d];
      const b = view.basis[d];
      for (let i = 0; i < c.length; i++) c[i] += x * b[i];
    }
    view.load(c);
    const corner: Corner = { acc: sim.accumulator(), trace: new DecisionTrace() };
    n += runReady(sim, view.ready, stage, false, corner.acc, corner.trace);
    at.push(corner);
    if (!corner.trace.equals(at[0].trace)) {
      // Not one structure over the box: halve the range.
      const half = points.length >> 1;
      return n + costRange(sim, range, points.slice(0, half), acc) + costRange(sim, range, points.slice(half), acc);
    }
  }
  // Affine over the box: each pass is corner 0 plus its share of the way to each unit corner.
  let total = 0;
  const share = new Float64Array(dims);
  for (const p of points) {
    const m = p.group.count;
    total += m;
    for (let d = 0; d < dims; d++) share[d] += (m * (p.coords[d] - lo[d])) / (hi[d] - lo[d]);
  }
  let rest = total;
  for (let d = 0; d < dims; d++) {
    acc.merge(at[1 << d].acc, share[d]);
    rest -= share[d];
  }
  acc.merge(at[0].acc, rest);
  return n;
}
