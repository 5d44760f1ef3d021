/**
 * Re-simulates one design of a sweep with detail for the report: the sweep
 * engine resolves the design (parameters with units, derived values, its
 * model and request mix); each request is simulated once with per-op rows.
 */
import { isUserError } from '../arch/user-error.js';
import { resolveDesign } from '../dse/design-detail.js';
import type { Manifest } from '../dse/run-dir.js';
import type { Scalar } from '../dse/parameters.js';
import { configView } from '../reports/config-view.js';
import type { DesignView, ParamValue } from '../reports/report-doc.js';
import { simulate } from '../sim/simulate.js';
import { buildWorkload, loadModel } from '../workloads/models.js';

/** `reproduce`: the design's commands from its results.jsonl row, one per request of its mix. */
export async function simulateDesignDetail(manifest: Manifest, hash: string, params: Record<string, ParamValue>, reproduce?: readonly string[]): Promise<DesignView> {
  const view: DesignView = { id: hash, label: `design ${hash}`, params, runs: [] };
  try {
    const d = await resolveDesign(manifest, params as Record<string, Scalar>);
    view.config = configView(d.arch);
    const model = loadModel(d.model);
    const steps: NonNullable<DesignView['reproduce']> = [];
    d.mix.requests.forEach((r, k) => {
      const request = { input: r.input, output: r.output, batch: r.batch, weight: r.weight };
      const result = simulate(d.arch, buildWorkload(model, { input: r.input, output: r.output, batch: r.batch }, d.workload), { detail: true });
      result.overrides = d.overrides;
      view.runs.push({ request, result });
      if (reproduce?.[k] !== undefined) steps.push({ request, command: reproduce[k] });
    });
    if (steps.length) view.reproduce = steps;
  } catch (e) {
    if (!isUserError(e)) throw e;
    view.error = `could not re-simulate this design: ${e.message}`;
  }
  return view;
}
