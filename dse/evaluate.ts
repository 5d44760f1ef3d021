/**
 * Evaluating one design: its parameter values applied to the base arch, the
 * arch validated, and every request of its scenario's mix simulated. Pure
 * and plain-data in, plain-data out, so that it runs the same in a worker.
 */
import { validateArch, type Arch } from '../arch/load.js';
import type { RawTree } from '../arch/read-spec.js';
import { isUserError } from '../arch/user-error.js';
import { INVARIANT_PREFIX, InvariantError, isInvariantError } from '../sim/result-guard.js';
import { simulate, type SimOptions, type SimResult } from '../sim/simulate.js';
import { buildWorkload, loadModel, type WorkloadOptions } from '../workloads/models.js';
import { workloadOptions } from './workload-params.js';
import { applySets, type SetValue } from './apply-sets.js';
import { designMetrics, mixMetrics, type Metrics } from './metrics.js';
import type { Scalar } from './parameters.js';
import type { Mix } from './requests.js';
import type { Space } from './space.js';
import { withServingMetrics } from './serving-objectives.js';
import type { ServingSpec } from './serving-spec.js';

/** What a worker needs to evaluate designs of a space (structured-cloneable). */
export interface EvalContext {
  readonly tree: RawTree;
  readonly input: string;
  readonly arch: string;
  readonly scenarios: readonly { model: string; mix: string; modelRef: string }[];
  readonly mixes: readonly Mix[];
  readonly serving?: ServingSpec;
}

export interface DesignTask {
  readonly hash: string;
  readonly scenario: number;
  readonly params: Readonly<Record<string, Scalar>>;
  readonly sets: readonly (readonly [string, SetValue])[];
}

/** One line of results.jsonl. */
export interface ResultRow {
  hash: string;
  params: Record<string, Scalar>;
  metrics: Metrics;
  feasible: boolean;
  reason?: string;
  /** `tasim simulate` commands, one per request of the mix, that give this design's numbers (dse/reproduce.ts). */
  reproduce?: string[];
}

export function evalContext(space: Space): EvalContext {
  return { tree: space.tree, input: space.input, arch: space.base.arch, scenarios: space.scenarios, mixes: space.mixes, ...(space.serving ? { serving: space.serving } : {}) };
}

export function mixOf(ctx: Pick<EvalContext, 'mixes'>, name: string): Mix {
  const m = ctx.mixes.find((x) => x.name === name);
  if (!m) throw new Error(`unknown mix ${name}`);
  return m;
}

/** Simulate every request of a mix; stops at the first infeasible one. */
export function simulateMix(arch: Arch, model: string, mix: Mix, opts: SimOptions = {}, workload: WorkloadOptions = {}): SimResult[] {
  const m = loadModel(model);
  const out: SimResult[] = [];
  for (const r of mix.requests) {
    const res = simulate(arch, buildWorkload(m, { input: r.input, output: r.output, batch: r.batch }, workload), opts);
    out.push(res);
    if (!res.feasible) break;
  }
  return out;
}

export function rowMetrics(results: readonly SimResult[], mix: Mix): { metrics: Metrics; feasible: boolean; reason?: string } {
  const bad = results.find((r) => !r.feasible);
  if (bad) return { metrics: designMetrics(results), feasible: false, reason: bad.reason ?? 'infeasible' };
  return { metrics: mixMetrics(results, mix.requests.map((r) => r.weight)), feasible: true };
}

export async function designArch(ctx: EvalContext, sets: DesignTask['sets']): Promise<Arch> {
  const tree = structuredClone(ctx.tree);
  applySets(tree, sets, ctx.input);
  return validateArch(tree, ctx.input, ctx.arch);
}

export async function evaluateDesign(ctx: EvalContext, task: DesignTask): Promise<ResultRow> {
  const sc = ctx.scenarios[task.scenario];
  const mix = mixOf(ctx, sc.mix);
  let arch: Arch;
  try {
    arch = await designArch(ctx, task.sets);
  } catch (e) {
    // A combination of values the template rejects is a point outside the space, recorded as such.
    if (isUserError(e)) return { hash: task.hash, params: { ...task.params }, metrics: {}, feasible: false, reason: `invalid spec: ${e.message}` };
    throw e;
  }
    let results: SimResult[];
  try {
    results = simulateMix(arch, sc.modelRef, mix, {}, workloadOptions(task.params));
  } catch (e) {
    // e.g. an N:M pattern the engine does not support: a point outside the space, recorded as such.
    if (isUserError(e)) return { hash: task.hash, params: { ...task.params }, metrics: {}, feasible: false, reason: e.message };
    if (isInvariantError(e)) throw new InvariantError(`${e.message.slice(INVARIANT_PREFIX.length)} (design ${task.hash}: ${JSON.stringify(task.params)})`);
    throw e;
  }
  const { metrics, feasible, reason } = withServingMetrics(rowMetrics(results, mix), ctx.serving, arch, sc.modelRef, mix, workloadOptions(task.params));
  return { hash: task.hash, params: { ...task.params }, metrics, feasible, ...(reason !== undefined ? { reason } : {}) };
}
