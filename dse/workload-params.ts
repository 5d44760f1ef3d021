/**
 * Parameters of the workload rather than the hardware (`workload.<name>` in a
 * space file): the model's compression is a design axis too. They are not
 * applied to the arch spec; they become the workload options of each request.
 */
import { UserError } from '../arch/user-error.js';
import type { WorkloadOptions } from '../workloads/models.js';
import { readSparsityArg } from '../workloads/sparsity.js';
import type { Scalar } from './parameters.js';

const WORKLOAD_PREFIX = 'workload.';
const WORKLOAD_PARAMS = ['workload.sparsity'] as const;

export function isWorkloadParam(path: string): boolean {
  return path.startsWith(WORKLOAD_PREFIX);
}

/** Check one value of a workload parameter (throws a UserError naming the fix). */
export function checkWorkloadValue(path: string, value: Scalar): void {
  if (!(WORKLOAD_PARAMS as readonly string[]).includes(path)) {
    throw new UserError({ input: 'space', field: path, problem: 'unknown workload parameter', fix: `use one of: ${WORKLOAD_PARAMS.join(', ')}` });
  }
  if (value !== 'dense') readSparsityArg(String(value));
}

/** The workload options a design's parameters ask for. */
export function workloadOptions(params: Readonly<Record<string, Scalar>>): WorkloadOptions {
  const s = params['workload.sparsity'];
  return s === undefined || s === 'dense' ? {} : { sparsity: readSparsityArg(String(s)) };
}
