/**
 * The one driver. A request is a loop over engine steps (its prefill, then
 * one decode iteration per further token); `stepCost` costs one step for
 * any template: it lowers the step, schedules its blocks (identical layers
 * extrapolated once their schedule repeats), drains the units and prices
 * the events. Passes a template declares identical are simulated once.
 */
import type { Arch } from '../arch/load.js';
import type { ArchSpec } from '../arch/registry.js';
import { type StepSpec, type Workload, opsOf, steps } from '../workloads/trace.js';
import { type EnergyModel, RunAccumulator } from './accumulate.js';
import type { Block } from './engine/program.js';
import { runRepeated } from './engine/repeat.js';
import { runBlock } from './engine/schedule.js';
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

/** Busy ticks of a block's units: the engine's count, unless the block states its own for a unit. */
function addBusy(acc: RunAccumulator, block: Block, engine: Float64Array, times: number): void {
  const own = block.unitBusy;
  if (!own) {
    acc.addBusy(engine, 1);
    return;
  }
  const busy = new Float64Array(engine.length);
  for (let u = 0; u < busy.length; u++) busy[u] = Number.isNaN(own[u]) ? engine[u] : own[u] * times;
  acc.addBusy(busy, 1);
}

/** Schedule one pass (one step as the engine runs it) into `acc`; returns the blocks scheduled. */
function runPass(x: Prepared, w: Workload, spec: StepSpec, exact: boolean, acc: RunAccumulator): number {
  const lowered = x.template.lower(x.params, opsOf(w, spec), w.model);
  const free = new Float64Array(x.units.length);
  const stage = spec.stage;
  let end = 0;
  let scheduled = 0;
  const once = (block: Block | undefined) => {
    if (!block) return;
    const r = runBlock(block, free, end, x.edgeLatency);
    acc.addBlock(stage, block, r.opTime, 1);
    addBusy(acc, block, r.unitBusy, 1);
    end = r.end;
    scheduled++;
  };
  once(lowered.pre);
  for (const seg of lowered.segments) {
    if (seg.count === 0) continue;
    const r = runRepeated(seg.block, seg.count, free, end, x.edgeLatency, exact);
    acc.addBlock(stage, seg.block, r.opTime, 1, seg.count);
    addBusy(acc, seg.block, r.unitBusy, seg.count);
    end = r.end;
    scheduled += r.scheduled;
  }
  once(lowered.post);
  // The next step needs this one's output: every unit drains before it starts.
  let drained = end;
  for (const f of free) drained = Math.max(drained, f);
  acc.addStageCycles(stage, drained);
  return scheduled;
}

function passesOf(x: Prepared, spec: StepSpec): Iterable<{ readonly step: StepSpec; readonly times: number }> {
  return x.template.passes ? x.template.passes(x.params, spec) : [{ step: spec, times: 1 }];
}

/** Run a sequence of steps into `acc`; passes the template declares identical run once unless `exact`. */
function runSteps(x: Prepared, w: Workload, specs: Iterable<StepSpec>, exact: boolean, acc: RunAccumulator): number {
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
        scheduled += runPass(x, w, step, exact, acc);
      } else {
        const one = new RunAccumulator(x.units);
        scheduled += runPass(x, w, step, exact, one);
        acc.merge(one, times);
      }
    }
  }
  for (const { step, count } of distinct.values()) {
    const one = new RunAccumulator(x.units);
    scheduled += runPass(x, w, step, false, one);
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
  const acc = new RunAccumulator(x.units);
  runSteps(x, w, [spec], false, acc);
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

  const total = new RunAccumulator(x.units);
  const scheduled = runSteps(x, w, steps(w), !!opts.exact, total);
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
