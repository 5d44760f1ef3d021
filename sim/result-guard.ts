/**
 * The last check before a result leaves the simulator: a feasible design
 * whose time or energy is non-finite, negative or zero is a broken model (or
 * inputs the bounds let through), never a result to print or record. It is
 * an internal invariant failure (exit 4) that names the design.
 */
import type { Arch } from '../arch/load.js';
import type { Workload } from '../workloads/trace.js';
import type { SimResult } from './result.js';

/** Every invariant failure's message starts so, which survives the trip from a worker thread. */
export const INVARIANT_PREFIX = 'result invariant failed: ';

export class InvariantError extends Error {
  constructor(detail: string) {
    super(`${INVARIANT_PREFIX}${detail}`);
    this.name = 'InvariantError';
  }
}

/** Also true for an InvariantError that crossed a worker thread (its class is lost there; its message is not). */
export function isInvariantError(e: unknown): e is Error {
  return e instanceof InvariantError || (e instanceof Error && e.message.startsWith(INVARIANT_PREFIX));
}

/** The design as a command line a user can rerun. */
function designText(arch: Arch, w: Workload): string {
  const sets = arch.overrides.map((o) => ` --set ${o}`).join('');
  const r = w.request;
  return `simulate --arch ${arch.ref}${sets} --model ${w.model.name} --input ${r.input} --output ${r.output} --batch ${r.batch}`;
}

function bad(v: number, positive: boolean): boolean {
  return !Number.isFinite(v) || v < 0 || (positive && v === 0);
}

/** `r` unchanged when its times and energies are finite and non-negative (latency and energy above zero); else throws. */
export function guardResult(r: SimResult, arch: Arch, w: Workload): SimResult {
  if (!r.feasible) return r; // an infeasible design carries no metrics (NaN by contract)
  const checks: [string, number, boolean][] = [
    ['latency_s', r.latency_s, true],
    ['ttft_s', r.ttft_s, false],
    ['energy_j', r.energy_j, true],
    ['avg_power_w', r.avg_power_w, false],
  ];
  for (const [stage, s] of Object.entries(r.stages)) checks.push([`stages.${stage}.seconds`, s.seconds, false], [`stages.${stage}.energy_j`, s.energy_j, false]);
  for (const b of r.breakdown) checks.push([`breakdown.${b.category}.seconds`, b.seconds, false], [`breakdown.${b.category}.energy_j`, b.energy_j, false]);
  const failed = checks.find(([, v, positive]) => bad(v, positive));
  if (failed) throw new InvariantError(`${designText(arch, w)} gave ${failed[0]} = ${failed[1]}`);
  return r;
}
