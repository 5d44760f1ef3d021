/**
 * Refusing what a template cannot run, before anything is simulated: an N:M
 * pattern without selection logic, a weight or activation precision the
 * datapath lacks, an operator kind with no lowering, more devices than the
 * template models. Each is the user's error, named in one line with the fix.
 */
import { UserError } from '../arch/user-error.js';
import { type NmPattern, patternText } from '../workloads/sparsity.js';
import { DTYPE_BYTES, type DType, type Op, type OpKind, type Workload, finalSteps, layerSegments } from '../workloads/trace.js';
import type { Capabilities } from './template.js';

export interface RunRequest {
  /** The design as the user named it. */
  readonly ref: string;
  readonly template: string;
  readonly devices: number;
  readonly precision: { readonly weights: DType; readonly activations: DType };
}

/** Templates that lower each op kind, to name where an unsupported model can run. */
export type OpSupport = (kind: OpKind) => readonly string[];

export function checkCapabilities(c: Capabilities, ops: ReadonlySet<OpKind>, run: RunRequest, w: Workload, supportOf: OpSupport): void {
  if (run.devices > c.maxDevices) {
    throw new UserError({
      input: '--devices',
      field: String(run.devices),
      problem: `the ${run.template} template models ${c.maxDevices === 1 ? 'one device' : `at most ${c.maxDevices} devices`}`,
      fix: `use --devices ${c.maxDevices === 1 ? 1 : `1..${c.maxDevices}`}`,
    });
  }
  for (const side of ['weights', 'activations'] as const) {
    const dt = run.precision[side];
    const ok = c.precisions[side];
    if (!ok.includes(dt)) {
      throw new UserError({
        input: `arch ${run.ref}`,
        field: `precision.${side}`,
        problem: `the ${run.template} datapath has no ${dt} ${side} (it supports ${ok.join(', ')})`,
        fix: `set --set precision.${side}=${ok[0]}`,
      });
    }
  }
  const plan = w.compression;
  if (plan?.sparsity && c.nm !== 'any' && c.nm.length === 0) {
    throw new UserError({
      input: '--sparsity',
      field: 'N:M',
      problem: `the ${run.ref} design has no N:M sparsity support (capability nm: none; it runs dense weights only)`,
      fix: c.nmFix,
    });
  }
  if (plan?.weightPrecision && c.precisions.weights.length === 1) {
    throw new UserError({
      input: '--weight-precision',
      field: 'plan',
      problem: `the ${run.ref} design stores weights in ${c.precisions.weights[0]} only (capability precisions.weights)`,
      fix: 'drop --weight-precision',
    });
  }
  if (plan?.sparsity || plan?.weightPrecision) checkCompressible(w, plan.sparsity ? '--sparsity' : '--weight-precision');
  // The last step of each phase holds every operator kind of that phase (it emits a token if any does).
  for (const s of finalSteps(w)) {
    for (const o of s.pre) checkOp(o, c, ops, run, w.model.name, supportOf);
    for (const g of layerSegments(s)) for (const o of g.layer) checkOp(o, c, ops, run, w.model.name, supportOf);
    for (const o of s.post) checkOp(o, c, ops, run, w.model.name, supportOf);
  }
}

function checkOp(o: Op, c: Capabilities, kinds: ReadonlySet<OpKind>, run: RunRequest, model: string, supportOf: OpSupport): void {
  if (!kinds.has(o.kind)) {
    const where = supportOf(o.kind);
    throw new UserError({
      input: '--arch',
      field: run.template,
      problem: `the ${run.template} template has no lowering for ${o.kind} operators (model ${model})`,
      fix: where.length ? `run this model on a template that has one: ${where.join(', ')}` : 'no template lowers this operator yet',
    });
  }
  if (o.weightDtype) {
    if (DTYPE_BYTES[o.weightDtype] > DTYPE_BYTES[run.precision.weights]) {
      throw new UserError({
        input: '--weight-precision',
        field: `${o.weightDtype} (${o.name})`,
        problem: `wider than the design's precision.weights (${run.precision.weights})`,
        fix: `set --set precision.weights=${o.weightDtype} (the widest layer) or narrow the layer`,
      });
    }
    if (!c.precisions.weights.includes(o.weightDtype)) {
      throw new UserError({
        input: '--weight-precision',
        field: `${o.weightDtype} (${o.name})`,
        problem: `the ${run.template} datapath stores no ${o.weightDtype} weights (it supports ${c.precisions.weights.join(', ')})`,
        fix: 'use a supported precision for that layer',
      });
    }
  }
  const s = o.sparsity;
  if (!s || s.n === s.m || c.nm === 'any' || c.nm.some((x: NmPattern) => x.n === s.n && x.m === s.m)) return;
  const list = c.nm.map(patternText).join(', ');
  throw new UserError({
    input: '--sparsity',
    field: `${patternText(s)} (${o.name})`,
    problem: `the ${run.ref} design supports ${list || 'no N:M pattern (dense only)'}`,
    fix: list ? 'use a supported pattern, or add it with --set sparsity.supported=...' : c.nmFix,
  });
}

/** A compression plan must reach some weight matrix: a model of butterfly layers only has none to prune. */
function checkCompressible(w: Workload, flag: string): void {
  const s = finalSteps(w)[0];
  const hit = layerSegments(s).some((g) => g.layer.some((o) => o.sparsity || o.weightDtype));
  if (!hit)
    throw new UserError({
      input: flag,
      field: w.model.name,
      problem: `the plan reaches no dense weight matrix of ${w.model.name} (its layers are ${[...new Set(s.layer.map((o) => o.kind))].join(', ')})`,
      fix: `drop ${flag} for this model`,
    });
}
