/**
 * `tasim calibrate` for a user's own GPU: fit a stack's fixed costs and
 * efficiency curves to measured latencies, report the fit error and a k-fold
 * held-out error, and write a spec that extends the preset with each fitted
 * value marked `fitted:`.
 */
import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { GpuArch } from '../../arch/schema/gpu.js';
import { type FitParam, type FitRow, type FitTarget, UNITLESS_LEAVES, evaluate, fit, getAt, meanAbs, stackParams } from './gpu-fit.js';
import type { MeasuredLatency } from './gpu-measurements-csv.js';
import { baseArch } from './gpu-run.js';

export interface UserCalibration {
  params: FitParam[];
  values: number[];
  rows: FitRow[];
  fit_mean_abs_pct: number;
  /** Mean |error| of each row when it was held out of the fit (k folds); null with fewer than 2 folds. */
  heldout_mean_abs_pct: number | null;
  yaml: string;
}

export interface CalibrateOptions {
  gpu: string;
  stack: string;
  file: string;
  folds: number;
  maxSweeps: number;
  log?: (msg: string) => void;
}

function targetsOf(gpu: string, stack: string, ms: readonly MeasuredLatency[]): FitTarget[] {
  return ms.map((m) => ({
    config: { arch: gpu, stack, model: m.model, devices: m.tp, batch: m.batch, input: m.input, output: m.output, set: [], dtype: 'fp16' },
    ms: m.latency_ms,
    label: `line ${m.line}`,
  }));
}

/** The constants fitted for a stack on these measurements (collective time only when some row is tensor-parallel). */
export async function paramsFor(_gpu: string, stack: string, ts: readonly FitTarget[]): Promise<FitParam[]> {
  const spec = (await baseArch(ts[0].config)).spec as GpuArch;
  return stackParams(spec, stack, { collectives: ts.some((t) => t.config.devices > 1), curves: true });
}

async function startValues(t: FitTarget, ps: readonly FitParam[]): Promise<number[]> {
  const spec = (await baseArch(t.config)).spec;
  return ps.map((p) => getAt(spec, p.path));
}

export async function calibrateUser(ms: readonly MeasuredLatency[], o: CalibrateOptions): Promise<UserCalibration> {
  const ts = targetsOf(o.gpu, o.stack, ms);
  const params = await paramsFor(o.gpu, o.stack, ts);
  const start = await startValues(ts[0], params);
  const values = await fit(ts, params, start, { maxSweeps: o.maxSweeps, log: o.log });
  const rows = await evaluate(ts, params, values);
  let heldout: number | null = null;
  const k = Math.min(o.folds, ts.length);
  if (k >= 2) {
    const held: FitRow[] = [];
    for (let f = 0; f < k; f++) {
      const train = ts.filter((_, i) => i % k !== f);
      const test = ts.filter((_, i) => i % k === f);
      const v = await fit(train, params, start, { maxSweeps: o.maxSweeps });
      held.push(...(await evaluate(test, params, v)));
    }
    heldout = meanAbs(held);
  }
  const spec = (await baseArch(ts[0].config)).spec as GpuArch;
  return { params, values, rows, fit_mean_abs_pct: meanAbs(rows), heldout_mean_abs_pct: heldout, yaml: specYaml(o, spec, params, values, ms.length, meanAbs(rows), heldout) };
}

/** The leaf text of a fitted value: times in microseconds, efficiencies and speedups as numbers. */
function leafValue(p: FitParam, v: number): number | string {
  return UNITLESS_LEAVES.has(String(p.path[p.path.length - 1])) ? Number(v.toPrecision(4)) : `${Number((v * 1e6).toPrecision(4))} us`;
}

function specYaml(o: CalibrateOptions, spec: GpuArch, params: readonly FitParam[], values: readonly number[], n: number, fitErr: number, heldout: number | null): string {
  const tree: Record<string, unknown> = { extends: o.gpu, stack: o.stack };
  const file = basename(o.file);
  params.forEach((p, i) => {
    let node = tree as Record<string | number, unknown>;
    const path = p.path;
    for (let j = 0; j < path.length - 1; j++) {
      const k = path[j];
      // Curves are written whole (a spec's lists replace the preset's), so each point keeps its position.
      node[k] ??= typeof path[j + 1] === 'number' ? [] : {};
      node = node[k] as Record<string | number, unknown>;
    }
    node[path[path.length - 1]] = { value: leafValue(p, values[i]), fitted: file };
    // A curve point keeps its position (rows or bytes) from the preset.
    const point = getPoint(spec, path.slice(0, -1));
    if ('rows' in point) node.rows = point.rows;
    if ('bytes' in point) node.bytes = `${point.bytes} B`;
  });
  return stringify(tree, { lineWidth: 0 }).replace(
    /^/,
    `# tasim calibrate --gpu ${o.gpu} --stack ${o.stack} --measurements ${file}: ${n} rows, fit mean |error| ${fitErr.toFixed(1)} %${heldout === null ? '' : `, held-out mean |error| ${heldout.toFixed(1)} %`}\n`,
  );
}

function getPoint(spec: GpuArch, path: readonly (string | number)[]): Record<string, number> {
  let t: unknown = spec;
  for (const k of path) t = (t as Record<string | number, unknown>)[k];
  return t as Record<string, number>;
}
