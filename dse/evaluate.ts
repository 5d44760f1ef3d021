/**
 * Evaluating one design: its parameter values applied to the base arch, the
 * arch validated, and every request of its scenario's mix simulated. Pure
 * and plain-data in, plain-data out, so that it runs the same in a worker.
 */
import { validateArch, validatePlain, type Arch } from '../arch/load.js';
import { stripProvenance } from '../arch/provenance.js';
import { isSiQuantity, looksLikeQuantity } from '../arch/quantity.js';
import type { RawTree } from '../arch/read-spec.js';
import { isUserError } from '../arch/user-error.js';
import { INVARIANT_PREFIX, InvariantError, isInvariantError } from '../sim/result-guard.js';
import { simulate, type SimOptions, type SimResult } from '../sim/simulate.js';
import { buildWorkload, loadModel, type WorkloadOptions } from '../workloads/models.js';
import { isWorkloadParam, workloadOptions } from './workload-params.js';
import { applySets, type SetValue } from './apply-sets.js';
import { designMetrics, mixMetrics, type Metrics } from './metrics.js';
import type { Scalar } from './parameters.js';
import type { Mix } from './requests.js';
import { fitnessOf } from './objective-vector.js';
import { type ReproduceSource, reproduceCommands } from './reproduce.js';
import type { Objective, Space } from './space.js';
import type { Fitness } from './strategies/nsga2.js';
import { withServingMetrics } from './serving-objectives.js';
import type { ServingSpec } from './serving-spec.js';

/** What a worker needs to evaluate designs of a space (structured-cloneable). */
export interface EvalContext {
  readonly tree: RawTree;
  readonly input: string;
  readonly arch: string;
  readonly scenarios: readonly { model: string; mix: string; modelRef: string }[];
  readonly mixes: readonly Mix[];
  /** The objectives rows compete on, and what a row's `tasim simulate` commands are made from. */
  readonly objectives: readonly Objective[];
  readonly reproduce?: ReproduceSource;
  readonly serving?: ServingSpec;
}

/** A design evaluated, as the sweep records it: its results.jsonl line and what its fronts and search need. */
export interface Evaluated {
  readonly hash: string;
  /** The row as one results.jsonl line, with its newline. */
  readonly line: string;
  readonly model: Scalar;
  readonly mix: Scalar;
  readonly feasible: boolean;
  /** What the design competes with on the fronts and in a search (fitnessOf). */
  readonly fitness: Fitness;
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

export function evalContext(space: Space, reproduce?: ReproduceSource): EvalContext {
  return {
    tree: space.tree,
    input: space.input,
    arch: space.base.arch,
    scenarios: space.scenarios,
    mixes: space.mixes,
    objectives: space.objectives,
    ...(reproduce ? { reproduce } : {}),
    ...(space.serving ? { serving: space.serving } : {}),
  };
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
  return {
    metrics: mixMetrics(
      results,
      mix.requests.map((r) => r.weight),
    ),
    feasible: true,
  };
}

async function designArch(ctx: EvalContext, sets: DesignTask['sets']): Promise<Arch> {
  const fast = plainBuilder(ctx).build(sets);
  if (fast) return fast;
  const tree = structuredClone(ctx.tree);
  applySets(tree, sets, ctx.input);
  return validateArch(tree, ctx.input, ctx.arch);
}

/**
 * A design's arch the short way: the space's base tree with its provenance
 * stripped once, the design's values set on a copy, the template's schema
 * on the result. The same spec as applying the sets to the raw tree and
 * validating it (the sweep records no provenance); a path the short way
 * cannot set (none a space reads) takes the long way.
 */
class PlainBuilder {
  private readonly base: RawTree;
  private readonly boards = new Map<object, RawTree>();

  constructor(private readonly ctx: EvalContext) {
    this.base = stripProvenance(ctx.tree).plain as RawTree;
  }

  build(sets: DesignTask['sets']): Arch | undefined {
    const tree = structuredClone(this.base);
    for (const [path, value] of sets) {
      if (isWorkloadParam(path)) continue;
      if (path === 'board') {
        if (!value || typeof value !== 'object' || isSiQuantity(value)) return undefined;
        let b = this.boards.get(value);
        if (!b) {
          b = stripProvenance(value).plain as RawTree;
          this.boards.set(value, b);
        }
        tree.board = structuredClone(b);
      } else if (looksLikeQuantity(value) || !setLeaf(tree, path, value)) return undefined;
    }
    return validatePlain(tree, {}, this.ctx.input, this.ctx.arch);
  }
}

/** Set an existing leaf of a plain tree; false when `path` names no leaf. */
function setLeaf(tree: RawTree, path: string, value: unknown): boolean {
  const keys = path.split('.');
  let node: unknown = tree;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, keys[i]) ? (node as RawTree)[keys[i]] : undefined;
    if (!next || typeof next !== 'object' || Array.isArray(next) || isSiQuantity(next)) return false;
    node = next;
  }
  const last = keys[keys.length - 1];
  const parent = node as RawTree;
  const old = Object.hasOwn(parent, last) ? parent[last] : undefined;
  if (old === undefined || (old !== null && typeof old === 'object' && !isSiQuantity(old))) return false;
  parent[last] = value;
  return true;
}

const builders = new WeakMap<EvalContext, PlainBuilder>();
function plainBuilder(ctx: EvalContext): PlainBuilder {
  let b = builders.get(ctx);
  if (!b) {
    b = new PlainBuilder(ctx);
    builders.set(ctx, b);
  }
  return b;
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

/** Evaluate a design into its results.jsonl line (with its commands) and what the sweep keeps of it. */
export async function evaluateToLine(ctx: EvalContext, task: DesignTask): Promise<Evaluated> {
  const row = await evaluateDesign(ctx, task);
  const r: ResultRow = ctx.reproduce ? { ...row, reproduce: reproduceCommands(ctx.reproduce, row.params) } : row;
  return {
    hash: r.hash,
    line: `${JSON.stringify(r)}\n`,
    model: r.params.model,
    mix: r.params.mix,
    feasible: r.feasible,
    fitness: fitnessOf(r, ctx.objectives),
  };
}
