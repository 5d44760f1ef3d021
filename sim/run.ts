/**
 * The one driver. A request is a loop over engine steps (its prefill, then
 * one decode iteration per further token); `stepCost` costs one step for
 * any template: it lowers the step, schedules its blocks (identical layers
 * extrapolated once their schedule repeats), drains the units and prices
 * the events. Passes a template declares identical are simulated once.
 */
import { type StepSpec, type Workload, phaseStep, steps } from '../workloads/trace.js';
import type { RunAccumulator } from './accumulate.js';
import { runPass, Simulation } from './pass.js';
import { type Prepared, prepare, resourcesOf } from './prepared.js';
import { costGroups, type PassGroup } from './ranges.js';
import { checkCapabilities, type OpSupport } from './capabilities.js';
import { overflowReason } from './fpga-resources.js';
import { memoryProblem } from './memory-check.js';
import type { SimOptions } from './options.js';
import { type Resources, type SimDetail, type SimResult, infeasibleResult } from './result.js';
import { feasibleResult, resultBase } from './result-builder.js';
import type { MemoryPlan } from './template.js';
import { blockTimeline } from './timeline.js';

function passesOf(x: Prepared, spec: StepSpec, reuse: boolean): Iterable<{ readonly step: StepSpec; readonly times: number }> {
  return x.template.passes ? x.template.passes(x.params, spec, reuse) : [{ step: spec, times: 1 }];
}

/** Run a sequence of steps into `acc`; passes the template declares identical run once unless `exact`. */
function runSteps(sim: Simulation, specs: readonly StepSpec[] | Workload, opts: SimOptions, acc: RunAccumulator): number {
  const x = sim.x;
  const exact = !!opts.exact;
  let scheduled = 0;
  const keyOf = x.template.passKey;
  const distinct = new Map<number, PassGroup>();
  const visit = (spec: StepSpec) => {
    for (const { step, times } of passesOf(x, spec, !exact)) {
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
  };
  if (Array.isArray(specs)) for (const s of specs) visit(s);
  else {
    const w = specs as Workload;
    for (const ph of w.phases) for (let i = 0; i < ph.steps; i++) visit(phaseStep(w, ph, i));
  }
  const groups = [...distinct.values()];
  if (opts.closedForm === false) {
    for (const g of groups) {
      const one = sim.passAccumulator();
      scheduled += runPass(sim, g.step, false, one);
      acc.merge(one, g.count);
    }
    return scheduled;
  }
  return scheduled + costGroups(sim, groups, acc);
}

/** The cost of one engine step, for serving simulations: seconds, joules and busy time per unit. */
export interface StepCost {
  readonly seconds: number;
  readonly energy_j: number;
  readonly busy_s: Readonly<Record<string, number>>;
}

export function stepCost(x: Prepared, w: Workload, spec: StepSpec): StepCost {
  const sim = Simulation.of(x, w);
  try {
    const acc = sim.total();
    runSteps(sim, [spec], {}, acc);
    const priced = acc.price(x.tickRate, x.energy, false);
    const busy: Record<string, number> = {};
    x.units.forEach((u, i) => {
      busy[u] = acc.unitBusy[i] / x.tickRate;
    });
    return { seconds: acc.totalCycles() / x.tickRate, energy_j: priced.energy_j, busy_s: busy };
  } finally {
    sim.done();
  }
}

/** Why the design cannot run the workload (structure, resources, memory), or undefined. */
function infeasibility(x: Prepared, w: Workload, resources: Resources | null, plan: MemoryPlan | string): string | undefined {
  const why = x.template.infeasibility(x.spec, x.params, w);
  if (why) return why;
  if (resources && !resources.fits)
    return resources.kind === 'fpga'
      ? overflowReason(resources)
      : `needs ${resources.area_mm2.toFixed(0)} mm² of silicon, over the ${resources.max_area_mm2.toFixed(0)} mm² die budget`;
  if (typeof plan === 'string') return plan;
  return memoryProblem(plan, w, x.spec.devices);
}

/** Whether a design can run a workload, without simulating it: why not, or its memory plan. */
export type Feasibility =
  | { readonly reason: string; readonly plan: MemoryPlan | string; readonly resources: Resources | null }
  | { readonly reason: undefined; readonly plan: MemoryPlan; readonly resources: Resources | null };

/** The checks `simulateRequest` makes before it simulates: user errors (an option the template does not support) throw. */
export function feasibility(x: Prepared, w: Workload, supportOf: OpSupport): Feasibility {
  const t = x.template;
  const resources = resourcesOf(x, w);
  checkCapabilities(x.capabilities, t.ops, { ref: x.arch.ref, template: t.name, devices: x.spec.devices, precision: t.precision(x.spec) }, w, supportOf);
  const plan = t.memory(x.spec, x.params, w);
  const reason = infeasibility(x, w, resources, plan);
  if (reason !== undefined || typeof plan === 'string') return { reason: reason ?? String(plan), plan, resources };
  return { reason, plan, resources };
}

/** Simulate one request on a design. User errors (an option the template does not support) throw. */
export function simulateRequest(x: Prepared, w: Workload, opts: SimOptions, supportOf: OpSupport): SimResult {
  const t = x.template;
  const f = feasibility(x, w, supportOf);
  const base = resultBase(x.arch, t.name, w, x.spec.devices, f.resources, t.price(x.spec), opts.exact, f.plan, t.describe?.(x.spec).stack);
  if (f.reason !== undefined) return infeasibleResult(base, f.reason);

  const sim = Simulation.of(x, w);
  try {
    const total = sim.total();
    const scheduled = runSteps(sim, w, opts, total);
    const { result, ops } = feasibleResult(base, total, x.tickRate, x.energy, x.units, scheduled, w, !!opts.detail);
    if (opts.detail) result.detail = detail(x, w, ops);
    return result;
  } finally {
    sim.done();
  }
}

/** Per-op rows, unit timelines of one layer (the last prefill pass and the last decode step) and peak rates. */
function detail(x: Prepared, w: Workload, ops: SimDetail['ops']): SimDetail {
  const timelines: SimDetail['timelines'] = [];
  for (const ph of w.phases) {
    const all = [...steps(w)].filter((s) => s.stage === ph.stage);
    const last = all[all.length - 1];
    const passes = [...passesOf(x, { ...last, emits: false }, false)];
    const pass = passes[passes.length - 1].step;
    const g = pass.seqs[0];
    const block = x.template.lower(x.params, w.ops(pass), w.model).segments[0]?.block;
    if (block)
      timelines.push(
        blockTimeline(`one layer, ${ph.stage} (${g.tokens} token${g.tokens === 1 ? '' : 's'} over a context of ${g.context})`, block, x.units, x.tickRate, x.edgeLatency),
      );
  }
  return { ops, timelines, peak: x.template.peak(x.spec, x.params) };
}

export { prepare, type Prepared };
