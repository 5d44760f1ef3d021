/**
 * Re-simulates one design of a sweep with detail: its parameters become
 * `--set` overrides of the run's base arch, and each request of the run is
 * simulated once.
 */
import { loadArch } from '../arch/load.js';
import { isUserError } from '../arch/user-error.js';
import type { DesignView, ParamValue, RequestSpec } from '../reports/report-doc.js';
import { configView } from '../reports/config-view.js';
import { simulate } from '../sim/simulate.js';
import { buildWorkload, loadModel } from '../workloads/models.js';

export interface DesignBase {
  arch: string;
  model: string;
  devices?: number;
}

export function paramsAsSet(params: Record<string, ParamValue>): string[] {
  return Object.entries(params).map(([path, v]) => `${path}=${String(v)}`);
}

export async function simulateDesignDetail(base: DesignBase, hash: string, params: Record<string, ParamValue>, requests: readonly RequestSpec[]): Promise<DesignView> {
  const view: DesignView = { id: hash, label: `design ${hash}`, params, runs: [] };
  try {
    const arch = await loadArch(base.arch, { devices: base.devices, set: paramsAsSet(params) });
    view.config = configView(arch);
    const model = loadModel(base.model);
    for (const r of requests) {
      const w = buildWorkload(model, { input: r.input, output: r.output, batch: r.batch });
      view.runs.push({ request: r, result: simulate(arch, w, { detail: true }) });
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    view.error = `could not re-simulate this design: ${e.message}`;
  }
  return view;
}
