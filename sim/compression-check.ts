/**
 * Whether an engine can run a model's compression: every N:M pattern needs
 * selection logic for it (N = M is dense), and a layer's weights may be stored
 * narrower than the design's weight precision (widened on the way in), not wider.
 */
import { UserError } from '../arch/user-error.js';
import { type NmPattern, patternText } from '../workloads/sparsity.js';
import { DTYPE_BYTES, type DType, type Op, type StepOps, layerSegments } from '../workloads/trace.js';

export interface CompressionSupport {
  /** The design, as the user named it. */
  ref: string;
  supported: readonly NmPattern[];
  weights: DType;
  /** What to do when the design supports no pattern at all. */
  noneFix: string;
}

export function checkCompression(step: StepOps, c: CompressionSupport): void {
  for (const seg of layerSegments(step)) for (const o of seg.layer) checkOp(o, c);
}

function checkOp(o: Op, c: CompressionSupport): void {
  if (o.weightDtype && DTYPE_BYTES[o.weightDtype] > DTYPE_BYTES[c.weights]) {
    throw new UserError({ input: '--weight-precision', field: `${o.weightDtype} (${o.name})`, problem: `wider than the design's precision.weights (${c.weights})`, fix: `set --set precision.weights=${o.weightDtype} (the widest layer) or narrow the layer` });
  }
  const s = o.sparsity;
  if (!s || s.n === s.m || c.supported.some((x) => x.n === s.n && x.m === s.m)) return;
  const list = c.supported.map(patternText).join(', ');
  throw new UserError({
    input: '--sparsity',
    field: `${patternText(s)} (${o.name})`,
    problem: `the ${c.ref} design supports ${list || 'no N:M pattern (dense only)'}`,
    fix: list ? 'use a supported pattern, or add it with --set sparsity.supported=...' : c.noneFix,
  });
}
