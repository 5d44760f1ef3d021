/** Parameter specs (lists, ranges, log-ranges) expanded to the ordered values a design picks from. */
import type { ParameterSpec } from './space-schema.js';

export type Scalar = number | string | boolean;

export interface Parameter {
  /** Arch path, as for `--set` (e.g. mpu.lanes), or `board`. */
  readonly path: string;
  readonly values: readonly Scalar[];
  /** Unit the numeric values are written in (e.g. MHz); absent = as written. */
  readonly unit?: string;
}

/** Round off binary noise of ranges (0.1 + 0.2) so that values print and hash stably. */
function tidy(v: number): number {
  return Number.parseFloat(v.toPrecision(12));
}

export function expandParameter(path: string, spec: ParameterSpec): Parameter {
  if (Array.isArray(spec)) return { path, values: spec };
  if ('values' in spec) return { path, values: spec.values, unit: spec.unit };
  let values: number[];
  if ('range' in spec) {
    const { from, to, step, count } = spec.range;
    if (step === undefined && count === undefined) throw new Error('range needs step or count');
    if (count !== undefined) values = Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
    else {
      const n = Math.floor((to - from) / (step as number) + 1e-9);
      values = Array.from({ length: Math.max(0, n) + 1 }, (_, i) => from + i * (step as number));
    }
  } else {
    const { from, to, factor, count } = spec.log_range;
    if (factor === undefined && count === undefined) throw new Error('log_range needs factor or count');
    if (count !== undefined) values = Array.from({ length: count }, (_, i) => from * (to / from) ** (i / (count - 1)));
    else {
      const n = Math.floor(Math.log(to / from) / Math.log(factor as number) + 1e-9);
      values = Array.from({ length: Math.max(0, n) + 1 }, (_, i) => from * (factor as number) ** i);
    }
  }
  values = values.map(spec.integer ? Math.round : tidy);
  return { path, values: [...new Set(values)], unit: spec.unit };
}

/**
 * How many values a spec has, counted without expanding it (a range of 1e12
 * steps is refused before anything is allocated). Integer rounding may merge
 * some; the count is an upper bound.
 */
export function parameterSize(spec: ParameterSpec): number {
  if (Array.isArray(spec)) return spec.length;
  if ('values' in spec) return spec.values.length;
  if ('range' in spec) {
    const { from, to, step, count } = spec.range;
    return count ?? Math.max(0, Math.floor((to - from) / (step as number) + 1e-9)) + 1;
  }
  const { from, to, factor, count } = spec.log_range;
  return count ?? Math.max(0, Math.floor(Math.log(to / from) / Math.log(factor as number) + 1e-9)) + 1;
}

/** Why a range spec is empty or incomplete, with its fix, for the space reader to report with its line. */
export function rangeProblem(spec: ParameterSpec): { problem: string; fix: string } | undefined {
  if (Array.isArray(spec) || 'values' in spec) return undefined;
  const r = 'range' in spec ? spec.range : spec.log_range;
  const by = 'range' in spec ? spec.range.step : spec.log_range.factor;
  const kind = 'range' in spec ? 'range' : 'log_range';
  if (by === undefined && r.count === undefined)
    return {
      problem: `${kind} needs a ${kind === 'range' ? 'step' : 'factor'} or a count`,
      fix: `add ${kind === 'range' ? 'step: <increment>' : 'factor: <ratio > 1>'} or count: <number of values>`,
    };
  if (by !== undefined && r.count !== undefined) return { problem: `${kind} has both a ${kind === 'range' ? 'step' : 'factor'} and a count`, fix: 'keep one of them' };
  if (r.to < r.from) return { problem: `to (${r.to}) is below from (${r.from})`, fix: `swap them: from: ${r.to}, to: ${r.from}` };
  return undefined;
}
