/** Running a GPU configuration: archs loaded once per (preset, devices, settings) (run-case.ts), and runs with a changed spec for fitting. */
import type { Arch } from '../../arch/load.js';
import type { SimResult } from '../result.js';
import type { GpuRunConfig } from './gpu-measured-cases.js';
import { cachedArch, simulateOn } from './run-case.js';

export function baseArch(c: GpuRunConfig, extraSet: readonly string[] = []): Promise<Arch> {
  return cachedArch(c.arch, { devices: c.devices, stack: c.stack, set: [...c.set, ...extraSet] });
}

/** Simulate a configuration on an arch (a loaded one, or one whose spec a fit changed). */
export function runOn(arch: Arch, c: GpuRunConfig): SimResult {
  return simulateOn(arch, { ...c, sparsity: c.sparsity ? { n: 2, m: 4 } : undefined });
}

export async function runConfig(c: GpuRunConfig, extraSet: readonly string[] = []): Promise<SimResult> {
  return runOn(await baseArch(c, extraSet), c);
}
