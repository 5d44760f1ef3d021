/** Applying a design's parameter values to a (cloned) raw spec tree. */
import { type OverrideValue, applyOverrides } from '../arch/overrides.js';
import type { RawTree } from '../arch/read-spec.js';
import { isWorkloadParam } from './workload-params.js';

/** A value as the spec receives it: plain, a quantity in SI, or a whole board tree. */
export type SetValue = OverrideValue;

export function applySets(tree: RawTree, sets: readonly (readonly [string, SetValue])[], input: string): void {
  // Workload parameters (workload.sparsity, ...) shape the requests, not the hardware.
  const arch = sets.filter(([path]) => !isWorkloadParam(path)).map(([path, value]) => ({ path, value }));
  applyOverrides(tree, arch, input, 'sweep');
}
