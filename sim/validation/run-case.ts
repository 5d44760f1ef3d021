/** Simulating a named configuration for validation rows, with loaded archs cached. */
import { type Arch, type LoadOptions, loadArch } from '../../arch/load.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { SparsitySpec } from '../../workloads/sparsity.js';
import type { DType } from '../../workloads/trace.js';
import type { SimResult } from '../result.js';
import { simulate } from '../simulate.js';

export interface CaseConfig {
  arch: string;
  model: string;
  input: number;
  output: number;
  batch?: number;
  devices?: number;
  set?: string[];
  sparsity?: SparsitySpec;
  /** Activation and weight precision of the workload, when it is not the design's. */
  dtype?: DType;
}

const archs = new Map<string, Promise<Arch>>();

export async function runCase(c: CaseConfig, extraSet: readonly string[] = [], detail = false): Promise<SimResult> {
  const opts: LoadOptions = { devices: c.devices, set: [...(c.set ?? []), ...extraSet] };
  const key = JSON.stringify([c.arch, opts]);
  let a = archs.get(key);
  if (!a) {
    a = loadArch(c.arch, opts);
    archs.set(key, a);
  }
  const w = buildWorkload(loadModel(c.model), { input: c.input, output: c.output, batch: c.batch ?? 1 }, { sparsity: c.sparsity, dtype: c.dtype });
  return simulate(await a, w, { detail });
}

export function categorySeconds(r: SimResult, ...cats: string[]): number {
  return r.breakdown.filter((b) => cats.includes(b.category)).reduce((s, b) => s + b.seconds, 0);
}

/** Useful FLOPs of the run (from the per-op rows) per second. */
export function achievedFlops(r: SimResult): number {
  const flops = (r.detail?.ops ?? []).reduce((s, o) => s + o.flops, 0);
  return flops / r.latency_s;
}
