/** Running a GPU configuration: archs loaded once per (preset, devices, settings), and runs with a changed spec for fitting. */
import { join, isAbsolute } from 'node:path';
import { type Arch, loadArch } from '../../arch/load.js';
import { projectRoot } from '../../arch/project-root.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { SimResult } from '../result.js';
import { simulate } from '../simulate.js';
import type { GpuRunConfig } from './gpu-measured-cases.js';

const archs = new Map<string, Promise<Arch>>();

export function baseArch(c: GpuRunConfig, extraSet: readonly string[] = []): Promise<Arch> {
  const opts = { devices: c.devices, stack: c.stack, set: [...c.set, ...extraSet] };
  const key = JSON.stringify([c.arch, opts]);
  let a = archs.get(key);
  if (!a) {
    a = loadArch(c.arch, opts);
    archs.set(key, a);
  }
  return a;
}

function modelRef(model: string): string {
  return /[\\/]/.test(model) && !isAbsolute(model) ? join(projectRoot(), model) : model;
}

/** Simulate a configuration on an arch (a loaded one, or one whose spec a fit changed). */
export function runOn(arch: Arch, c: GpuRunConfig): SimResult {
  const w = buildWorkload(
    loadModel(modelRef(c.model)),
    { input: c.input, output: c.output, batch: c.batch },
    { dtype: c.dtype, sparsity: c.sparsity ? { n: 2, m: 4 } : undefined },
  );
  return simulate(arch, w);
}

export async function runConfig(c: GpuRunConfig, extraSet: readonly string[] = []): Promise<SimResult> {
  return runOn(await baseArch(c, extraSet), c);
}
