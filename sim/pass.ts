/**
 * One pass of a simulation: a lowered step's blocks scheduled back to back
 * (identical layers extrapolated once their schedule repeats), the units
 * drained, and the blocks' op credits, events and busy time added to an
 * accumulator.
 */
import type { StepSpec, Workload } from '../workloads/trace.js';
import { OpTable, RunAccumulator, STAGE_INDEX } from './accumulate.js';
import { RepeatScratch, repeatProgram } from './engine/repeat.js';
import { runProgram } from './engine/schedule.js';
import { DecisionTrace, maxOf } from './engine/trace.js';
import type { ReadyBlock, ReadyStep } from './lowering.js';
import type { Prepared } from './prepared.js';

/**
 * The state of one simulation of a design: its op table and scratch space.
 * A design keeps one for its next simulation (`Simulation.of`), so that
 * simulating many requests allocates little.
 */
export class Simulation {
  readonly table = new OpTable();
  readonly free: Float64Array;
  readonly repeat: RepeatScratch;
  private opTime = new Float64Array(64);
  private scratchAcc: RunAccumulator | undefined;
  private totalAcc: RunAccumulator | undefined;
  w: Workload;

  private constructor(
    readonly x: Prepared,
    w: Workload,
  ) {
    this.w = w;
    this.free = new Float64Array(x.units.length);
    this.repeat = new RepeatScratch(x.units.length);
  }

  private static idle = new WeakMap<Prepared, Simulation>();

  /** A simulation of `w` on design `x`, reusing the design's last one when it is done; `done()` hands it back. */
  static of(x: Prepared, w: Workload): Simulation {
    const s = Simulation.idle.get(x);
    if (!s) return new Simulation(x, w);
    Simulation.idle.delete(x);
    s.w = w;
    s.table.clear();
    return s;
  }

  done(): void {
    Simulation.idle.set(this.x, this);
  }

  /** The run's total accumulator, zeroed. */
  total(): RunAccumulator {
    this.totalAcc ??= this.accumulator();
    const a = this.totalAcc;
    a.reset();
    return a;
  }

  /** A zeroed array for the op credits of `n` ops. */
  opTimes(n: number): Float64Array {
    if (this.opTime.length < n) this.opTime = new Float64Array(2 * n);
    const t = this.opTime.subarray(0, n);
    t.fill(0);
    return t;
  }

  accumulator(): RunAccumulator {
    return new RunAccumulator(this.table, this.x.units);
  }

  private spare: { acc: RunAccumulator; trace: DecisionTrace }[] = [];

  /** A zeroed accumulator and an empty trace, for a schedule whose totals are merged later; give them back with `release`. */
  borrow(): { acc: RunAccumulator; trace: DecisionTrace } {
    const s = this.spare.pop();
    if (!s) return { acc: this.accumulator(), trace: new DecisionTrace() };
    s.acc.reset();
    s.trace.clear();
    return s;
  }

  release(s: { acc: RunAccumulator; trace: DecisionTrace }): void {
    this.spare.push(s);
  }

  /** A zeroed accumulator for one pass (reused). */
  passAccumulator(): RunAccumulator {
    this.scratchAcc ??= this.accumulator();
    const a = this.scratchAcc;
    a.reset();
    return a;
  }
}

/** Busy ticks of a block's units: the engine's count, unless the block states its own for a unit. */
function addBusy(acc: RunAccumulator, b: ReadyBlock, times: number): void {
  const own = b.pg.ownBusy;
  if (!own) {
    acc.addBusy(b.pg.unitBusy, times);
    return;
  }
  const busy = new Float64Array(own.length);
  for (let u = 0; u < busy.length; u++) busy[u] = Number.isNaN(own[u]) ? b.pg.unitBusy[u] * times : own[u] * times;
  acc.addBusy(busy, 1);
}

/** Schedule one pass (one step as the engine runs it) into `acc`; returns the blocks scheduled. */
export function runPass(sim: Simulation, spec: StepSpec, exact: boolean, acc: RunAccumulator): number {
  return runReady(sim, sim.x.lowerings.get(sim.w, spec), STAGE_INDEX[spec.stage], exact, acc, null);
}

/** Schedule a lowered step as it stands (its cycle counts as last set) into `acc`; `tr` records its comparisons. */
export function runReady(sim: Simulation, ready: ReadyStep, stage: 0 | 1, exact: boolean, acc: RunAccumulator, tr: DecisionTrace | null): number {
  const edge = sim.x.edgeLatency;
  const free = sim.free;
  free.fill(0);
  let end = 0;
  let scheduled = 0;
  const once = (b: ReadyBlock | undefined) => {
    if (!b) return;
    end = runProgram(b.pg, free, end, edge, tr);
    acc.addBlock(stage, b.totals, b.pg.opTime, 1);
    addBusy(acc, b, 1);
    scheduled++;
  };
  once(ready.pre);
  for (const seg of ready.segments) {
    if (seg.count === 0) continue;
    const b = seg.block;
    const opTime = sim.opTimes(b.pg.nOps);
    end = repeatProgram(b.pg, seg.count, free, end, edge, exact, opTime, sim.repeat, tr);
    acc.addBlock(stage, b.totals, opTime, 1, seg.count);
    addBusy(acc, b, seg.count);
    scheduled += sim.repeat.scheduled;
  }
  once(ready.post);
  // The next step needs this one's output: every unit drains before it starts.
  let drained = end;
  for (let u = 0; u < free.length; u++) drained = maxOf(drained, free[u], tr);
  acc.addStageCycles(stage, drained);
  return scheduled;
}
