/**
 * The one entry point: an Arch and a Workload in, a SimResult out. Each
 * template registers its simulator here; the engine underneath is shared.
 */
import type { Arch } from '../arch/load.js';
import type { TemplateName } from '../arch/registry.js';
import type { Workload } from '../workloads/trace.js';
import { simulateDfx } from './dfx/simulate.js';
import { simulateGpu } from './gpu/simulate.js';
import { simulateFabnet } from './fabnet/simulate.js';
import type { SimOptions } from './options.js';
import { guardResult } from './result-guard.js';
import { simulateSta } from './sta/simulate.js';
import type { SimResult } from './result.js';

type Simulator = (arch: Arch, w: Workload, opts: SimOptions) => SimResult;

const SIMULATORS: Record<TemplateName, Simulator> = {
  dfx: simulateDfx,
  sta: simulateSta,
  gpu: simulateGpu,
  fabnet: simulateFabnet,
};

export function simulate(arch: Arch, w: Workload, opts: SimOptions = {}): SimResult {
  return guardResult(SIMULATORS[arch.template](arch, w, opts), arch, w);
}

export type { SimOptions, SimResult };
