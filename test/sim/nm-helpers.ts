/** Shared set-up for the N:M and precision tests: simulate a named configuration. */
import { loadArch } from '../../arch/load.js';
import type { SimResult } from '../../sim/result.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { SparsitySpec } from '../../workloads/sparsity.js';

export interface Run {
  arch: string;
  model: string;
  input: number;
  output: number;
  devices?: number;
  batch?: number;
  sparsity?: SparsitySpec;
  set?: string[];
  exact?: boolean;
}

export async function run(c: Run): Promise<SimResult> {
  const a = await loadArch(c.arch, { devices: c.devices, set: c.set ?? [] });
  const w = buildWorkload(loadModel(c.model), { input: c.input, output: c.output, batch: c.batch ?? 1 }, { sparsity: c.sparsity });
  return simulate(a, w, { exact: c.exact, detail: true });
}

export function offchipBytes(r: SimResult): number {
  return (r.detail?.ops ?? []).reduce((s, o) => s + o.offchip_bytes, 0);
}

export const nm = (n: number, m: number) => ({ n, m });
