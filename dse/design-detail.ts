/**
 * Re-simulating one design of a run in detail (per-op rows, unit timelines):
 * for each request of its mix, a full SimResult. Reports call this for the
 * designs of a front. Needs only the run directory (or its manifest).
 */
import { type Arch, rawSpec, validateArch } from '../arch/load.js';
import type { SimResult } from '../sim/result.js';
import { applySets, type SetValue } from './apply-sets.js';
import { mixOf, simulateMix } from './evaluate.js';
import type { Mix } from './requests.js';
import type { Scalar } from './parameters.js';
import { readManifest, type Manifest } from './run-dir.js';
import { parseOverride, prepareOverride } from '../arch/overrides.js';
import { ownValue } from '../arch/safe-keys.js';
import { siTree } from '../arch/quantity.js';
import { workloadOptions } from './workload-params.js';
import type { WorkloadOptions } from '../workloads/models.js';

export interface ResolvedDesign {
  arch: Arch;
  /** Model reference (preset name or path). */
  model: string;
  mix: Mix;
  /** The overrides that make this design, as `path=value` text. */
  overrides: string[];
  workload: WorkloadOptions;
}

/** The arch, model and request mix of one design of a run. */
export async function resolveDesign(run: string | Manifest, params: Readonly<Record<string, Scalar>>): Promise<ResolvedDesign> {
  const m = typeof run === 'string' ? readManifest(run) : run;
  const { tree: raw, input } = rawSpec(m.base.arch);
  const tree = await siTree(raw);
  const sets: [string, SetValue][] = [];
  if (m.base.devices !== undefined) sets.push(['devices', m.base.devices]);
  for (const s of m.base.set ?? []) {
    const o = parseOverride(s, input);
    sets.push([o.path, (await prepareOverride(o.path, o.value, undefined, input)).value]);
  }
  const shown: string[] = [];
  for (const p of m.parameters) {
    if (!Object.hasOwn(params, p.path)) throw new Error(`simulateDesign: params lack ${p.path}`);
    sets.push([p.path, (await prepareOverride(p.path, params[p.path], p.unit, input)).value]);
    shown.push(`${p.path}=${params[p.path]}${p.unit ? ` ${p.unit}` : ''}`);
  }
  for (const d of m.derived ?? []) {
    if (d.sets_arch && Object.hasOwn(params, d.path)) {
      sets.push([d.path, params[d.path] as SetValue]);
      shown.push(`${d.path}=${params[d.path]}`);
    }
  }
  applySets(tree, sets, input);
  const arch = await validateArch(tree, input, m.base.arch);
  const name = String(params.model ?? m.base.model);
  const model = (m.model_refs && ownValue(m.model_refs, name)) ?? name;
  // Run directories written by other tools may carry only the first mix's requests.
  const mixes = m.mixes?.length ? m.mixes : [{ name: 'default', requests: m.requests.map((r) => ({ ...r, weight: r.weight ?? 1 / m.requests.length })) }];
  const mix = mixOf({ mixes }, String(params.mix ?? mixes[0].name));
  return {
    arch,
    model,
    mix,
    workload: workloadOptions(params),
    overrides: [...(m.base.devices !== undefined ? [`devices=${m.base.devices}`] : []), ...(m.base.set ?? []), ...shown],
  };
}

export async function simulateDesign(run: string | Manifest, params: Readonly<Record<string, Scalar>>, opts: { detail?: boolean } = {}): Promise<SimResult[]> {
  const d = await resolveDesign(run, params);
  const results = simulateMix(d.arch, d.model, d.mix, { detail: opts.detail ?? true }, d.workload);
  for (const r of results) r.overrides = d.overrides;
  return results;
}
