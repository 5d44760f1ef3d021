/**
 * How large a space may be, counted from the space file before anything is
 * expanded, validated or enumerated: a range of 1e12 values, a grid of 1e9
 * designs or a sample count of 1e9 is refused in a line, not after an hour or
 * an out-of-memory crash. docs/limits.md lists these limits.
 */
import { parameterSize, rangeProblem } from './parameters.js';
import { spaceError, type SpaceSource } from './space-file.js';
import { MAX_DESIGNS_DECLARED, type SpaceFile } from './space-schema.js';

export const SPACE_LIMITS = {
  /** Designs one sweep evaluates (grid points or samples, times scenarios); `--max-designs` or the space's `max_designs` raises it. */
  maxDesigns: 100_000,
  /** The most a space file may raise it to with `max_designs` (see space-schema.ts). */
  maxDesignsDeclared: MAX_DESIGNS_DECLARED,
  /** Values of one parameter (each is checked alone on the base arch when the space is read). */
  valuesPerParameter: 1000,
  /** Values of all parameters together. */
  valuesTotal: 2000,
  /** Models of one space, and request mixes. */
  models: 64,
  mixes: 64,
  /** Distinct requests of one mix (after a trace's bucketing). */
  requestsPerMix: 10_000,
  /** NSGA-II population. */
  population: 10_000,
} as const;

/** Refuse a space too large to read or to sweep; `maxDesigns` is the sweep's limit (SPACE_LIMITS.maxDesigns unless raised). */
export function checkSpaceSize(src: SpaceSource, raw: SpaceFile, maxDesigns: number): void {
  const sizes: number[] = [];
  let total = 0;
  for (const [path, spec] of Object.entries(raw.parameters)) {
    const p = rangeProblem(spec);
    if (p) throw spaceError(src, ['parameters', path], p.problem, p.fix);
    const n = parameterSize(spec);
    if (!(n <= SPACE_LIMITS.valuesPerParameter)) {
      throw spaceError(
        src,
        ['parameters', path],
        `${fmt(n)} values, more than the ${SPACE_LIMITS.valuesPerParameter} one parameter may have`,
        'use a larger step or factor, or a count (a search samples the space; it needs no fine grid)',
      );
    }
    sizes.push(n);
    total += n;
  }
  if (total > SPACE_LIMITS.valuesTotal)
    throw spaceError(src, ['parameters'], `${total} parameter values in all, more than ${SPACE_LIMITS.valuesTotal}`, 'use fewer values per parameter');
  const models = raw.models?.length ?? 1;
  if (models > SPACE_LIMITS.models) throw spaceError(src, ['models'], `${models} models, more than ${SPACE_LIMITS.models}`, 'split the space into several files');
  const mixes = raw.mixes ? Object.keys(raw.mixes).length : 1;
  if (raw.mixes && mixes === 0) throw spaceError(src, ['mixes'], 'no request mix given', 'name at least one mix: mixes: { chat: [{ input: 64, output: 64 }] }');
  if (mixes > SPACE_LIMITS.mixes) throw spaceError(src, ['mixes'], `${mixes} request mixes, more than ${SPACE_LIMITS.mixes}`, 'split the space into several files');
  const scenarios = models * mixes;
  const per = scenarios > 1 ? ` x ${scenarios} scenarios` : '';
  const s = raw.strategy;
  const raise = `or raise the limit with --max-designs (or max_designs in the space file)`;
  if (s.kind === 'grid') {
    const grid = sizes.reduce((a, b) => a * b, 1) * scenarios;
    if (grid > maxDesigns) {
      throw spaceError(
        src,
        ['parameters'],
        `the grid has ${fmt(grid)} designs (${sizes.join(' x ')} values${per}), more than the ${fmt(maxDesigns)} a sweep evaluates`,
        `sample it instead (strategy: { kind: random, samples: 2000 } or { kind: nsga2, evaluations: 2000 }), use fewer values, ${raise}`,
      );
    }
  } else {
    const n = s.kind === 'nsga2' ? s.evaluations : s.samples;
    const field = s.kind === 'nsga2' ? 'evaluations' : 'samples';
    if (n * scenarios > maxDesigns)
      throw spaceError(src, ['strategy', field], `${fmt(n)} ${field}${per} is more than the ${fmt(maxDesigns)} designs a sweep evaluates`, `ask for fewer ${field}, ${raise}`);
    if (s.kind === 'nsga2' && s.population > SPACE_LIMITS.population) {
      throw spaceError(
        src,
        ['strategy', 'population'],
        `a population of ${fmt(s.population)} is more than ${fmt(SPACE_LIMITS.population)}`,
        'use a population of 24-200 and more evaluations',
      );
    }
  }
}

function fmt(n: number): string {
  return n >= 1e7 || !Number.isFinite(n) ? n.toExponential(1) : String(n);
}
