/**
 * Weight bytes a design keeps in off-chip memory: every parameter in the
 * design's weight precision, except the layers' linear products, which keep
 * only their N:M-kept weights, each in its own storage precision when the
 * workload gives one (a mixed-precision plan). Embeddings and the rest stay dense.
 */
import { parameterCount } from '../workloads/model.js';
import { nonzerosPerColumn } from '../workloads/sparsity.js';
import { DTYPE_BYTES, type Workload, finalSteps, layerSegments } from '../workloads/trace.js';

export function storedWeightBytes(w: Workload, wBytes: number): number {
  // The summarization is one step: its layers carry every layer's compression.
  let dense = 0;
  let stored = 0;
  for (const g of layerSegments(finalSteps(w)[0])) {
    for (const o of g.layer) {
      if (o.kind !== 'linear') continue;
      dense += g.count * o.k * o.n * wBytes;
      stored += g.count * nonzerosPerColumn(o.k, o.sparsity) * o.n * (o.weightDtype ? DTYPE_BYTES[o.weightDtype] : wBytes);
    }
  }
  return parameterCount(w.model) * wBytes - dense + stored;
}
