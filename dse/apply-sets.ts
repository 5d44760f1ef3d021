/** Applying a design's parameter values to a (cloned) raw spec tree. */
import type { RawTree } from '../arch/read-spec.js';
import { setPath } from '../arch/spec-tree.js';

/** A value as the spec receives it: plain, `{ si: n }`, or a whole board tree. */
export type SetValue = number | string | boolean | null | { si: number } | RawTree;

export function applySets(tree: RawTree, sets: readonly (readonly [string, SetValue])[], input: string): void {
  for (const [path, value] of sets) {
    // Workload parameters (workload.sparsity, ...) shape the requests, not the hardware.
    if (path.startsWith('workload.')) continue;
    if (path === 'board' && value && typeof value === 'object') tree.board = structuredClone(value);
    else setPath(tree, path, value, input, 'sweep');
  }
}
