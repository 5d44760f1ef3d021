/** A design made ready to simulate: everything derived from its spec that no request changes, computed once. */
import type { Arch } from '../arch/load.js';
import type { ArchSpec } from '../arch/registry.js';
import type { Workload } from '../workloads/trace.js';
import type { EnergyModel } from './accumulate.js';
import { StepLowerings } from './lowering.js';
import type { Resources } from './result.js';
import type { AnyTemplate, Capabilities } from './template.js';

/** A design ready to run: its template, derived params and everything that does not depend on the request. */
export interface Prepared {
  readonly arch: Arch;
  readonly template: AnyTemplate;
  readonly spec: ArchSpec;
  readonly params: unknown;
  readonly units: readonly string[];
  readonly tickRate: number;
  readonly edgeLatency: number;
  readonly energy: EnergyModel;
  readonly capabilities: Capabilities;
  /** Its lowerings, reused by every simulation of the design. */
  readonly lowerings: StepLowerings;
}

// Specs are frozen, so everything derived from one is computed once (sweeps and serving reuse designs).
const preparedCache = new WeakMap<object, Prepared>();
const resourcesCache = new WeakMap<object, Map<number, Resources | null>>();

export function prepare(arch: Arch, template: AnyTemplate): Prepared {
  const hit = preparedCache.get(arch.spec);
  if (hit && hit.arch.ref === arch.ref) return hit;
  const spec = arch.spec;
  const params = template.params(spec, arch.ref);
  const units = template.units(params);
  const p: Prepared = {
    arch,
    template,
    spec,
    params,
    units,
    tickRate: template.tickRate(params),
    edgeLatency: template.edgeLatency(params),
    energy: template.energy(spec, params),
    capabilities: template.capabilities(spec, params),
    lowerings: new StepLowerings(template, params, units.length),
  };
  preparedCache.set(spec, p);
  return p;
}

export function resourcesOf(x: Prepared, w: Workload): Resources | null {
  let m = resourcesCache.get(x.spec);
  if (!m) {
    m = new Map();
    resourcesCache.set(x.spec, m);
  }
  const key = w.model.maxPositions;
  if (!m.has(key)) m.set(key, x.template.resources(x.spec, w.model));
  return m.get(key) ?? null;
}
