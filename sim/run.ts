/**
 * The one driver. A request is a loop over engine steps (its prefill, then
 * one decode iteration per further token); `stepCost` costs one step for
 * any template: it lowers the step, schedules its blocks (identical layers
 * extrapolated once their schedule repeats), drains the units and prices
 * the events. Passes a template declares identical are simulated once.
 */
import type { Arch } from '../arch/load.js';
import type { ArchSpec } from '../arch/registry.js';
import { type StepSpec, type Workload, steps } from '../workloads/trace.js';
import { type EnergyModel, OpTable, RunAccumulator, STAGE_INDEX } from './accumulate.js';
import { RepeatScratch, repeatProgram } from './engine/repeat.js';
import { runProgram } from './engine/schedule.js';
import { type DecisionTrace, maxOf } from './engine/trace.js';
import { type ReadyBlock, StepLowerings } from './lowering.js';
import { checkCapabilities, type OpSupport } from './capabilities.js';
import { overflowReason } from './fpga-resources.js';
import { memoryProblem } from './memory-check.js';
import type { SimOptions } from './options.js';
import { type Resources, type SimDetail, type SimResult, infeasibleResult } from './result.js';
import { feasibleResult, resultBase } from './result-builder.js';
import type { AnyTemplate, Capabilities, MemoryPlan } from './template.js';
import { blockTimeline } from './timeline.js';

/** A design ready to run: its template, derived params and everything that does not depend on the request. */
export interface Prepared {
  readonly arch: Arch;
  readonly template: AnyTemplate;
  readonly spec: ArchSpec;
  readonly params: unknown;
  readonly units: readonly string[];
  readonly tickRate: number;
  readonly edgeLatency: number;
  readonly energy: EnergyModel;
  readonly capabilities: Capabilities;
}

// Specs are frozen, so everything derived from one is computed once (sweeps and serving reuse designs).
const preparedCache = new WeakMap<object, Prepared>();
const resourcesCache = new WeakMap<object, Map<number, Resources | null>>();

export function prepare(arch: Arch, template: AnyTemplate): Prepared {
  const hit = preparedCache.get(arch.spec);
  if (hit && hit.arch.ref === arch.ref) return hit;
  const spec = arch.spec;
  const params = template.params(spec, arch.ref);
  const p: Prepared = {
    arch,
    template,
    spec,
    params,
    units: template.units(params),
    tickRate: template.tickRate(params),
    edgeLatency: template.edgeLatency(params),
    energy: template.energy(spec, params),
    capabilities: template.capabilities(spec, params),
  };
  preparedCache.set(spec, p);
  return p;
}

function resourcesOf(x: Prepared, w: Workload): Resources | null {
  let m = resourcesCache.get(x.spec);
  if (!m) resourcesCache.set(x.spec, (m = new Map()));
  const key = w.model.maxPositions;
  if (!m.has(key)) m.set(key, x.template.resources(x.spec, w.model));
  return m.get(key) ?? null;
}

/** The state of one simulation: its op table, lowerings and scratch space. */
export class Simulation {
  readonly table = new OpTable();
  readonly lowerings: StepLowerings;
  readonly free: Float64Array;
  readonly repeat: RepeatScratch;
  private opTime = new Float64Array(64);
  private scratchAcc: RunAccumulator | undefined;

  constructor(
    readonly x: Prepared,
    readonly w: Workload,
  ) {
    this.lowerings = new StepLowerings(x.template, x.params, x.units.length, w, this.table);
    this.free = new Float64Array(x.units.length);
    this.repeat = new RepeatScratch(x.units.length);
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

  /** A zeroed accumulator for one pass (reused). */
  passAccumulator(): RunAccumulator {
    const a = (this.scratchAcc ??= this.accumulator());
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

/** Schedule one pass (one step as the engine runs it) into `acc`; returns the blocks scheduled. `tr` records its comparisons. */
export function runPass(sim: Simulation, spec: StepSpec, exact: boolean, acc: RunAccumulator, tr: DecisionTrace | null = null): number {
  const ready = sim.lowerings.get(spec);
  const edge = sim.x.edgeLatency;
  const free = sim.free;
  free.fill(0);
  const stage = STAGE_INDEX[spec.stage];
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

function passesOf(x: Prepared, spec: StepSpec): Iterable<{ readonly step: StepSpec; readonly times: number }> {
  return x.template.passes ? x.template.passes(x.params, spec) : [{ step: spec, times: 1 }];
}

/** Run a sequence of steps into `acc`; passes the template declares identical run once unless `exact`. */
function runSteps(sim: Simulation, specs: Iterable<StepSpec>, exact: boolean, acc: RunAccumulator): number {
  const x = sim.x;
  let scheduled = 0;
  const keyOf = x.template.passKey;
  const distinct = new Map<number, { step: StepSpec; count: number }>();
  for (const spec of specs) {
    for (const { step, times } of passesOf(x, spec)) {
      const key = exact || !keyOf ? undefined : keyOf(x.params, step);
      if (key !== undefined) {
        const hit = distinct.get(key);
        if (hit) hit.count += times;
        else distinct.set(key, { step, count: times });
      } else if (times === 1) {
        scheduled += runPass(sim, step, exact, acc);
      } else {
        const one = sim.passAccumulator();
        scheduled += runPass(sim, step, exact, one);
        acc.merge(one, times);
      }
    }
  }
  for (const { step, count } of distinct.values()) {
    const one = sim.passAccumulator();
    scheduled += runPass(sim, step, false, one);
    acc.merge(one, count);
  }
  return scheduled;
}

/** The cost of one engine step, for serving simulations: seconds, joules and busy time per unit. */
export interface StepCost {
  readonly seconds: number;
  readonly energy_j: number;
  readonly busy_s: Readonly<Record<string, number>>;
}

export function stepCost(x: Prepared, w: Workload, spec: StepSpec): StepCost {
  const sim = new Simulation(x, w);
  const acc = sim.accumulator();
  runSteps(sim, [spec], false, acc);
  const priced = acc.price(x.tickRate, x.energy);
  const busy: Record<string, number> = {};
  x.units.forEach((u, i) => (busy[u] = acc.unitBusy[i] / x.tickRate));
  return { seconds: acc.totalCycles() / x.tickRate, energy_j: priced.energy_j, busy_s: busy };
}

/** Why the design cannot run the workload (structure, resources, memory), or undefined. */
export function infeasibility(x: Prepared, w: Workload, resources: Resources | null, plan: MemoryPlan | string = x.template.memory(x.spec, x.params, w)): string | undefined {
  const why = x.template.infeasibility(x.spec, x.params, w);
  if (why) return why;
  if (resources && !resources.fits) return resources.kind === 'fpga' ? overflowReason(resources) : `needs ${resources.area_mm2.toFixed(0)} mm² of silicon, over the ${resources.max_area_mm2.toFixed(0)} mm² die budget`;
  if (typeof plan === 'string') return plan;
  return memoryProblem(plan, w, x.spec.devices);
}

/** Simulate one request on a design. User errors (an option the template does not support) throw. */
export function simulateRequest(x: Prepared, w: Workload, opts: SimOptions, supportOf: OpSupport): SimResult {
  const t = x.template;
  const resources = resourcesOf(x, w);
  checkCapabilities(x.capabilities, t.ops, { ref: x.arch.ref, template: t.name, devices: x.spec.devices, precision: t.precision(x.spec) }, w, supportOf);
  const plan = t.memory(x.spec, x.params, w);
  const base = resultBase(x.arch, t.name, w, x.spec.devices, resources, t.price(x.spec), opts.exact, plan, t.describe?.(x.spec).stack);
  const why = infeasibility(x, w, resources, plan);
  if (why) return infeasibleResult(base, why);

  const sim = new Simulation(x, w);
  const total = sim.accumulator();
  const scheduled = runSteps(sim, steps(w), !!opts.exact, total);
  const { result, ops } = feasibleResult(base, total, x.tickRate, x.energy, x.units, scheduled, w);
  if (opts.detail) result.detail = detail(x, w, ops);
  return result;
}

/** Per-op rows, unit timelines of one layer (the last prefill pass and the last decode step) and peak rates. */
function detail(x: Prepared, w: Workload, ops: SimDetail['ops']): SimDetail {
  const timelines: SimDetail['timelines'] = [];
  for (const ph of w.phases) {
    const all = [...steps(w)].filter((s) => s.stage === ph.stage);
    const last = all[all.length - 1];
    const passes = [...passesOf(x, { ...last, emits: false })];
    const pass = passes[passes.length - 1].step;
    const g = pass.seqs[0];
    const block = x.template.lower(x.params, w.ops(pass), w.model).segments[0]?.block;
    if (block) timelines.push(blockTimeline(`one layer, ${ph.stage} (${g.tokens} token${g.tokens === 1 ? '' : 's'} over a context of ${g.context})`, block, x.units, x.tickRate, x.edgeLatency));
  }
  return { ops, timelines, peak: x.template.peak(x.spec, x.params) };
}
