/** Simulating a named configuration for validation rows, with loaded archs cached. */
import { isAbsolute, join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';
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

/** A loaded arch, once per (preset or file, options): every validation run shares them. */
export function cachedArch(ref: string, opts: LoadOptions): Promise<Arch> {
  const key = JSON.stringify([ref, opts]);
  let a = archs.get(key);
  if (!a) {
    a = loadArch(ref, opts);
    archs.set(key, a);
  }
  return a;
}

/** A model preset name, or a config path (a relative one resolves against the project root). */
function modelRef(model: string): string {
  return /[\\/]/.test(model) && !isAbsolute(model) ? join(projectRoot(), model) : model;
}

/** Simulate a configuration's request on an arch (a loaded one, or one whose spec a fit changed). */
export function simulateOn(arch: Arch, c: Omit<CaseConfig, 'arch' | 'devices' | 'set'>, detail = false): SimResult {
  const w = buildWorkload(loadModel(modelRef(c.model)), { input: c.input, output: c.output, batch: c.batch ?? 1 }, { sparsity: c.sparsity, dtype: c.dtype });
  return simulate(arch, w, { detail });
}

export async function runCase(c: CaseConfig, extraSet: readonly string[] = [], detail = false): Promise<SimResult> {
  return simulateOn(await cachedArch(c.arch, { devices: c.devices, set: [...(c.set ?? []), ...extraSet] }), c, detail);
}

export function categorySeconds(r: SimResult, ...cats: string[]): number {
  return r.breakdown.filter((b) => cats.includes(b.category)).reduce((s, b) => s + b.seconds, 0);
}

/** Useful FLOPs of the run (from the per-op rows) per second. */
export function achievedFlops(r: SimResult): number {
  const flops = (r.detail?.ops ?? []).reduce((s, o) => s + o.flops, 0);
  return flops / r.latency_s;
}
