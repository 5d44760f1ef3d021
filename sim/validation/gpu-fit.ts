/**
 * Fitting a GPU stack's constants to measured latencies: coordinate descent
 * in log space on the mean |log(simulated / measured)| over the rows, each
 * constant within its bounds, efficiency curves kept non-decreasing. Used by
 * `npm run calibrate:gpu` for the presets and by `tasim calibrate` for a
 * user's own measurements.
 */
import type { Arch } from '../../arch/load.js';
import type { GpuArch } from '../../arch/schema/gpu.js';
import type { GpuRunConfig, SimulatedTimes } from './gpu-measured-cases.js';
import { baseArch, runOn } from './gpu-run.js';

/** One measured latency and how to run it. */
export interface FitTarget {
  config: GpuRunConfig;
  /** Measured latency in milliseconds. */
  ms: number;
  label: string;
  /** The simulated seconds `ms` is compared with (a first-token row: the time to first token); absent: the end-to-end latency. */
  seconds?: (t: SimulatedTimes) => number;
}

/** A fitted constant: where it sits in the spec (SI units) and its bounds. */
export interface FitParam {
  path: readonly (string | number)[];
  lo: number;
  hi: number;
  /** Curve points of one curve share a group and stay non-decreasing in group order. */
  group?: string;
}

type Tree = Record<string | number, unknown>;

export function getAt(spec: unknown, path: readonly (string | number)[]): number {
  let t = spec as Tree;
  for (const k of path) t = t[k] as Tree;
  return t as unknown as number;
}

function hasPath(spec: unknown, path: readonly (string | number)[]): boolean {
  let t = spec as Tree | undefined;
  for (const k of path) {
    if (!t || typeof t !== 'object' || !Object.hasOwn(t, k)) return false;
    t = t[k] as Tree;
  }
  return true;
}

function setAt(spec: unknown, path: readonly (string | number)[], v: number): void {
  let t = spec as Tree;
  for (const k of path.slice(0, -1)) t = t[k] as Tree;
  t[path[path.length - 1]] = v;
}

/**
 * Bounds (SI) of every constant a fit moves, for the presets' fits (calibrate-gpu.ts) and a user's
 * (tasim calibrate) alike: wide enough for any stack, so that no fitted value sits on one.
 */
export const FIT_BOUNDS = {
  gpu_per_kernel: { lo: 0.1e-6, hi: 100e-6 },
  host_per_op: { lo: 1e-7, hi: 500e-6 },
  host_per_pass: { lo: 1e-6, hi: 0.1 },
  per_request: { lo: 0, hi: 1 },
  collective: { lo: 0, hi: 1e-3 },
  link_efficiency: { lo: 0.05, hi: 1 },
  memory_efficiency: { lo: 0.02, hi: 1 },
  gemm_efficiency: { lo: 0.05, hi: 1 },
  decode_efficiency: { lo: 0.0005, hi: 1 },
  sparse_speedup: { lo: 0.3, hi: 2 },
  host_scale: { lo: 0.5, hi: 20 },
  idle_power: { lo: 1, hi: 300 },
} as const;

/** A fitted constant at `path` within its bounds. */
export const fitParam = (path: readonly (string | number)[], bound: keyof typeof FIT_BOUNDS, group?: string): FitParam => ({
  path,
  ...FIT_BOUNDS[bound],
  ...(group ? { group } : {}),
});

/**
 * The constants a fit of stack `s` may move: its fixed cost where the stack pays it (host time per
 * framework operator for an eager stack, GPU time per kernel otherwise; and host time per pass for
 * an engine that has one), the per-request time, the collective time and link efficiency (when some
 * row is tensor-parallel), and with `curves` the memory-efficiency curve, the GEMM efficiency and the
 * decode GEMM efficiency (when the stack has one).
 */
export function stackParams(spec: GpuArch, s: string, opts: { collectives: boolean; curves: boolean }): FitParam[] {
  const st = spec.stacks[s];
  const at = (...path: (string | number)[]) => ['stacks', s, ...path];
  const ps: FitParam[] = [];
  if (st.fixed.host_per_op > 0) ps.push(fitParam(at('fixed', 'host_per_op'), 'host_per_op'));
  else ps.push(fitParam(at('fixed', 'gpu_per_kernel'), 'gpu_per_kernel'));
  // A Python engine's time between steps (vLLM) is a fixed cost of its own, paid where no kernel hides it.
  if (st.fixed.host_per_pass > 0) ps.push(fitParam(at('fixed', 'host_per_pass'), 'host_per_pass'));
  ps.push(fitParam(at('per_request'), 'per_request'));
  if (opts.collectives) {
    ps.push(fitParam(at('fixed', 'collective'), 'collective'));
    ps.push(fitParam(at('link_efficiency'), 'link_efficiency'));
  }
  if (opts.curves) {
    st.memory_efficiency.forEach((_, i) => {
      ps.push(fitParam(at('memory_efficiency', i, 'efficiency'), 'memory_efficiency', 'memory'));
    });
    ps.push(fitParam(at('gemm', 'efficiency'), 'gemm_efficiency'));
    if (st.gemm.decode_efficiency !== undefined) ps.push(fitParam(at('gemm', 'decode_efficiency'), 'decode_efficiency'));
  }
  return ps;
}

/** Fitted leaves that are plain numbers; every other fitted constant is a time in seconds. */
export const UNITLESS_LEAVES: ReadonlySet<string> = new Set(['efficiency', 'decode_efficiency', 'speedup', 'link_efficiency', 'host_scale']);

/** A value an earlier fit set, applied before the constants being fitted. */
export interface Patch {
  path: readonly (string | number)[];
  value: number;
}

/** A copy of the spec with the patches and values set, each curve group made non-decreasing (paths a spec lacks are skipped). */
export function withValues(spec: GpuArch, params: readonly FitParam[], values: readonly number[], patches: readonly Patch[] = []): GpuArch {
  const s = structuredClone(spec) as GpuArch;
  for (const p of patches) if (hasPath(s, p.path)) setAt(s, p.path, p.value);
  const last = new Map<string, number>();
  params.forEach((p, i) => {
    let v = Math.min(p.hi, Math.max(p.lo, values[i]));
    if (p.group) {
      v = Math.max(v, last.get(p.group) ?? 0);
      last.set(p.group, v);
    }
    setAt(s, p.path, v);
  });
  return s;
}

export interface FitRow {
  label: string;
  measured_ms: number;
  simulated_ms: number;
  error_pct: number;
}

/** Simulated latency of every target on the spec with `values` over `patches` (the arch of each target loaded once). */
export async function evaluate(targets: readonly FitTarget[], params: readonly FitParam[], values: readonly number[], patches: readonly Patch[] = []): Promise<FitRow[]> {
  const out: FitRow[] = [];
  const specs = new Map<Arch, Arch>();
  for (const t of targets) {
    const base = await baseArch(t.config);
    let a = specs.get(base);
    if (!a) {
      a = { ...base, spec: withValues(base.spec as GpuArch, params, values, patches) };
      specs.set(base, a);
    }
    const r = runOn(a, t.config);
    const ms = r.feasible ? (t.seconds ? t.seconds(r) : r.latency_s) * 1e3 : Number.NaN;
    out.push({ label: t.label, measured_ms: t.ms, simulated_ms: ms, error_pct: (ms / t.ms - 1) * 100 });
  }
  return out;
}

const loss = (rows: readonly FitRow[]) => rows.reduce((a, r) => a + (Number.isFinite(r.simulated_ms) ? Math.abs(Math.log(r.simulated_ms / r.measured_ms)) : 10), 0) / rows.length;

export const meanAbs = (rows: readonly FitRow[]) => rows.reduce((a, r) => a + Math.abs(r.error_pct), 0) / Math.max(1, rows.length);

/**
 * Coordinate search in log space (additive near zero), each constant with its
 * own step: a step that helps grows, one that does not shrinks; it stops when
 * every step is below 1 % or after maxSweeps sweeps. Returns the fitted values.
 */
export async function fit(
  targets: readonly FitTarget[],
  params: readonly FitParam[],
  start: readonly number[],
  opts: { maxSweeps?: number; log?: (msg: string) => void; patches?: readonly Patch[] } = {},
): Promise<number[]> {
  const patches = opts.patches ?? [];
  const x = start.map((v, i) => Math.min(params[i].hi, Math.max(params[i].lo, v)));
  let best = loss(await evaluate(targets, params, x, patches));
  const steps = params.map(() => 0.5);
  for (let sweep = 0; sweep < (opts.maxSweeps ?? 40) && steps.some((s) => s > 0.01); sweep++) {
    for (let i = 0; i < params.length; i++) {
      if (steps[i] <= 0.01) continue;
      const p = params[i];
      let moved = false;
      for (const dir of [1, -1]) {
        // Values at zero move by a fraction of their range; others by a factor.
        const cand = x[i] > 0 ? x[i] * Math.exp(dir * steps[i]) : dir > 0 ? (p.hi - p.lo) * 1e-3 * steps[i] : 0;
        if (cand === x[i] || cand < p.lo || cand > p.hi) continue;
        const trial = [...x];
        trial[i] = cand;
        const l = loss(await evaluate(targets, params, trial, patches));
        if (l < best - 1e-9) {
          best = l;
          x[i] = cand;
          moved = true;
          break;
        }
      }
      steps[i] = moved ? Math.min(1, steps[i] * 1.5) : steps[i] / 2;
    }
    opts.log?.(`sweep ${sweep}: mean |log error| ${(best * 100).toFixed(2)} %`);
  }
  // Report the values as the spec holds them (clamped, curves non-decreasing).
  const s = withValues((await baseArch(targets[0].config)).spec as GpuArch, params, x);
  return params.map((p) => getAt(s, p.path));
}
