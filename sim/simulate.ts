/**
 * The one entry point: an Arch and a Workload in, a SimResult out, for any
 * template. Templates register here (sim/templates.ts); the driver that runs
 * them is one (sim/run.ts).
 */
import type { Arch } from '../arch/load.js';
import type { Workload } from '../workloads/trace.js';
import type { SimOptions } from './options.js';
import { guardResult } from './result-guard.js';
import type { SimResult } from './result.js';
import { type Prepared, prepare, simulateRequest, stepCost } from './run.js';
import { opSupport, templateOf } from './templates.js';

export function simulate(arch: Arch, w: Workload, opts: SimOptions = {}): SimResult {
  return guardResult(simulateRequest(prepared(arch), w, opts, opSupport), arch, w);
}

/** A design ready for repeated step costing (serving simulations). */
export function prepared(arch: Arch): Prepared {
  return prepare(arch, templateOf(arch.template));
}

export { stepCost };
export type { SimOptions, SimResult };
