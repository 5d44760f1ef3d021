/**
 * A space file read, checked and resolved: base arch tree (units in SI),
 * scenarios (model x request mix), parameters with their values, derived
 * parameters, constraints, objectives, strategy and baselines. Every problem
 * is reported with the space file's line and field.
 */
import { dirname, resolve } from 'node:path';
import { type Arch, loadArch, rawSpec, validateArch } from '../arch/load.js';
import { checkPath } from '../arch/safe-keys.js';
import { unpriced } from './cost-check.js';
import { looksLikePath, type RawTree } from '../arch/read-spec.js';
import { leafPaths } from '../arch/spec-tree.js';
import { checkWorkloadValue, isWorkloadParam } from './workload-params.js';
import { isUserError } from '../arch/user-error.js';
import { checkRequest, loadModel } from '../workloads/models.js';
import { applySets, type SetValue } from './apply-sets.js';
import { compileExpression, type Expression } from './expressions.js';
import { isMetricName, METRICS } from './metrics.js';
import { expandParameter, type Parameter, type Scalar } from './parameters.js';
import { checkSpaceSize, SPACE_LIMITS } from './space-limits.js';
import { normaliseWeights, readTrace, type Mix } from './requests.js';
import { parseOverride, prepareOverride } from '../arch/overrides.js';
import { siTree } from '../arch/quantity.js';
import { fieldAt, readSpaceFile, spaceError, type SpaceSource } from './space-file.js';
import type { BaselineSpec, MixSpec, SpaceFile, StrategySpec } from './space-schema.js';
import { resolveServing, type ServingSpec } from './serving-spec.js';
import { SERVING_MAXIMISED, SERVING_METRICS, SLO_METRICS_NEEDED } from './serving-metric-names.js';

export interface Objective {
  readonly metric: string;
  readonly goal: 'min' | 'max';
}

/** One workload the designs are evaluated on; each scenario has its own front. */
interface Scenario {
  /** The model as the space names it (recorded and hashed, so the same on every machine). */
  readonly model: string;
  readonly mix: string;
  /** Where the model is loaded from (a preset name or an absolute path). */
  readonly modelRef: string;
}

interface Derived {
  readonly path: string;
  readonly expr: Expression;
  /** Whether the path is an arch field (set on the design) or only a name for constraints. */
  readonly setsArch: boolean;
}

export interface Space {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly base: { arch: string; model: string; devices?: number; set: readonly string[] };
  /** The base arch with base.set and base.devices applied, unit strings in SI. */
  readonly tree: RawTree;
  /** How the arch is named in errors. */
  readonly input: string;
  readonly mixes: readonly Mix[];
  readonly scenarios: readonly Scenario[];
  readonly parameters: readonly Parameter[];
  /** The value given to the spec for each parameter value (SI form), parallel to `parameters[i].values`. */
  readonly setValues: readonly (readonly SetValue[])[];
  readonly derived: readonly Derived[];
  readonly constraints: readonly Expression[];
  readonly objectives: readonly Objective[];
  readonly strategy: StrategySpec;
  readonly baselines: readonly BaselineSpec[];
  readonly serving?: ServingSpec;
}

function resolveRef(ref: string, dir: string): string {
  return looksLikePath(ref) ? resolve(dir, ref) : ref;
}

function readMix(name: string, spec: MixSpec, dir: string, src: SpaceSource, at: (string | number)[]): Mix {
  if (Array.isArray(spec)) return { name, requests: normaliseWeights(spec) };
  try {
    return { name, requests: readTrace(resolve(dir, spec.trace), spec.bucket) };
  } catch (e) {
    if (isUserError(e)) throw spaceError(src, [...at, 'trace'], `${e.input}${e.field ? ` ${e.field}` : ''}: ${e.problem}`, e.fix);
    throw e;
  }
}

export interface LoadSpaceOptions {
  /** Designs a sweep may evaluate (the space's max_designs, else SPACE_LIMITS.maxDesigns, unless raised with --max-designs). */
  readonly maxDesigns?: number;
}

export async function loadSpace(file: string, opts: LoadSpaceOptions = {}): Promise<Space> {
  const { src, raw } = readSpaceFile(file);
  // Count before anything is expanded or checked value by value.
  checkSpaceSize(src, raw, opts.maxDesigns ?? raw.max_designs ?? SPACE_LIMITS.maxDesigns);
  const dir = dirname(resolve(file));
  const wrap = async <T>(at: (string | number)[], f: () => T | Promise<T>, fix?: string): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      // Keep the inner problem and fix; the space file's line and field replace its input and field.
      // The inner field (a model config's n_layer, a spec's clock) stays in the problem.
      if (isUserError(e)) {
        const inner = e.field && !e.problem.includes(e.field) && !at.join('.').includes(e.field) ? `${e.field}: ` : '';
        throw e.input === src.file ? e : spaceError(src, at, `${inner}${e.problem}`, e.fix ?? fix);
      }
      throw e;
    }
  };

  // Scenarios: models x mixes.
  const models = raw.models ?? (raw.base.model ? [raw.base.model] : []);
  if (!models.length) throw spaceError(src, ['base', 'model'], 'missing field', 'name the model (base.model) or list several (models: [...])');
  const modelRefs = models.map((m) => resolveRef(m, dir));
  for (const [i, m] of modelRefs.entries()) await wrap(raw.models ? ['models', i] : ['base', 'model'], () => loadModel(m));
  if (!!raw.requests === !!raw.mixes)
    throw spaceError(
      src,
      raw.requests ? ['mixes'] : ['requests'],
      raw.requests ? 'give either requests or mixes, not both' : 'missing field',
      'requests: [{ input: 64, output: 64, weight: 1 }] or mixes: { <name>: [...] }',
    );
  const mixes = raw.requests ? [readMix('default', raw.requests, dir, src, ['requests'])] : Object.entries(raw.mixes ?? {}).map(([n, s]) => readMix(n, s, dir, src, ['mixes', n]));
  for (const mix of mixes) {
    if (mix.requests.length > SPACE_LIMITS.requestsPerMix) {
      throw spaceError(
        src,
        raw.requests ? ['requests'] : ['mixes', mix.name],
        `${mix.requests.length} distinct requests, more than the ${SPACE_LIMITS.requestsPerMix} one mix may have (each design simulates every one)`,
        'merge similar requests: give the trace a bucket (e.g. bucket: 64)',
      );
    }
  }
  for (const [mi, m] of modelRefs.entries()) {
    for (const mix of mixes) {
      for (const r of mix.requests) {
        await wrap(raw.requests ? ['requests'] : ['mixes', mix.name], () => checkRequest(loadModel(m), r), `the request ${r.input}:${r.output} does not suit model ${models[mi]}`);
      }
    }
  }
  const scenarios = models.flatMap((model, i) => mixes.map((mix) => ({ model, mix: mix.name, modelRef: modelRefs[i] })));

  // Base arch, in SI, with its own overrides.
  const archRef = resolveRef(raw.base.arch, dir);
  const { tree: rawTree, input } = await wrap(['base', 'arch'], () => rawSpec(archRef));
  const tree = await siTree(rawTree);
  const baseSets: [string, SetValue][] = [];
  if (raw.base.devices !== undefined) baseSets.push(['devices', raw.base.devices]);
  for (const [i, s] of raw.base.set.entries()) {
    const o = await wrap(['base', 'set', i], () => parseOverride(s, input), 'e.g. mpu.lanes=32');
    await wrap(['base', 'set', i], () => checkPath(o.path, 'space'));
    baseSets.push([o.path, await wrap(['base', 'set', i], async () => (await prepareOverride(o.path, o.value, undefined, input)).value)]);
  }
  await wrap(['base'], () => applySets(tree, baseSets, input));
  const baseArch = await wrap(['base', 'arch'], () => validateArch(structuredClone(tree), input, archRef));
  const boards: { name: string; arch: Arch }[] = [];

  // Parameters: expand, convert units, and try every value alone on the base.
  const archPaths = new Set(leafPaths(tree));
  const parameters: Parameter[] = [];
  const setValues: SetValue[][] = [];
  for (const [path, spec] of Object.entries(raw.parameters)) {
    await wrap(['parameters', path], () => checkPath(path, 'space'));
    if (isWorkloadParam(path)) {
      const p = expandParameter(path, spec);
      for (const [j, v] of p.values.entries()) await wrap(['parameters', path, ...(Array.isArray(spec) ? [j] : [])], async () => checkWorkloadValue(path, v));
      parameters.push(p);
      setValues.push(p.values.map((v) => v as SetValue));
      continue;
    }
    if (path !== 'board' && !archPaths.has(path)) {
      const near = [...archPaths].filter((q) => q.split('.')[0] === path.split('.')[0] || q.endsWith(`.${path.split('.').pop()}`));
      throw spaceError(src, ['parameters', path], `unknown arch path for ${input}`, `use one of: ${(near.length ? near : [...archPaths]).slice(0, 30).join(', ')}`);
    }
    const p = expandParameter(path, spec);
    const sv: SetValue[] = [];
    for (const [j, v] of p.values.entries()) {
      const at = ['parameters', path, ...(Array.isArray(spec) ? [j] : [])];
      const value = await wrap(at, async () => (await prepareOverride(path, v, p.unit, input)).value);
      const arch = await wrap(
        at,
        async () => {
          const t = structuredClone(tree);
          applySets(t, [[path, value]], input);
          return validateArch(t, input, archRef);
        },
        path === 'board' ? undefined : `check the values of ${path}`,
      );
      if (path === 'board') boards.push({ name: String(v), arch });
      sv.push(value);
    }
    parameters.push(p);
    setValues.push(sv);
  }
  if (!parameters.length) throw spaceError(src, ['parameters'], 'no parameters to explore', 'list at least one arch path with its values');

  // Expressions may name the parameters and the derived values defined before them.
  const site = (at: (string | number)[]) => ({ input: src.file, field: fieldAt(src, at) ?? at.join('.') });
  const names = parameters.map((p) => p.path);
  const derived: Derived[] = [];
  for (const [path, text] of Object.entries(raw.derived)) {
    await wrap(['derived', path], () => checkPath(path, 'space'));
    if (names.includes(path)) throw spaceError(src, ['derived', path], `${path} is already a parameter`, 'give the derived value another name, or drop the parameter');
    const expr = await compileExpression(text, { names, site: site(['derived', path]), result: 'scalar' });
    derived.push({ path, expr, setsArch: archPaths.has(path) });
    names.push(path);
  }
  const constraints: Expression[] = [];
  for (const [i, text] of raw.constraints.entries()) constraints.push(await compileExpression(text, { names, site: site(['constraints', i]), result: 'boolean' }));

  // Baselines are loaded as the sweep will load them: an unknown stack, a stack on a non-GPU or a bad
  // setting is a line here. A preset this build lacks is skipped by the sweep with a warning (see baselines.ts).
  for (const [i, b] of raw.baselines.entries()) {
    try {
      await loadArch(resolveRef(b.arch, dir), { devices: b.devices, stack: b.stack, set: b.set });
    } catch (e) {
      if (!isUserError(e)) throw e;
      if (e.input === '--arch' && e.problem === 'unknown arch preset') continue;
      // Point at the baseline's own field that was refused: its stack, devices, a set, or else its arch.
      const setAt = b.set.findIndex((t) => e.field !== undefined && t.split('=')[0].trim() === e.field);
      const at = e.input === '--stack' || e.field === 'stack' ? ['stack'] : e.input === '--devices' || e.field === 'devices' ? ['devices'] : setAt >= 0 ? ['set', setAt] : ['arch'];
      const inner = e.field && !e.problem.includes(e.field) && at[0] !== e.field ? `${e.field}: ` : '';
      throw spaceError(src, ['baselines', i, ...at], `baseline "${b.label}": ${inner}${e.problem}`, e.fix);
    }
  }

  // Try every expression on the first value of each parameter: a type mistake is a line
  // here, not an error in the middle of a sweep (every design is checked again as it is made).
  const trial = new Map<string, Scalar>(parameters.map((p) => [p.path, p.values[0]]));
  for (const d of derived) trial.set(d.path, d.expr.evaluate(Object.fromEntries(trial)));
  for (const c of constraints) c.evaluate(Object.fromEntries(trial));

  const objectives: Objective[] = raw.objectives.map((o, i) => {
    const obj = typeof o === 'string' ? { metric: o, goal: defaultGoal(o) } : o;
    if (!isMetricName(obj.metric)) throw spaceError(src, ['objectives', i], `unknown metric "${obj.metric}"`, `use one of: ${METRICS.join(', ')}`);
    return obj;
  });
  const costAt = objectives.findIndex((o) => o.metric === 'cost_usd');
  if (costAt >= 0) {
    const none = unpriced(boards.length ? boards : [{ name: raw.base.arch, arch: baseArch }]);
    if (none.length)
      throw spaceError(
        src,
        ['objectives', costAt],
        `cost_usd needs a price for every design, but ${none.join(', ')} ${none.length > 1 ? 'have' : 'has'} none (price: null in its preset)`,
        'drop the cost_usd objective, or give the board (or GPU) a price with its source',
      );
  }

  const serving = raw.serving ? await resolveServingSection(src, raw.serving, mixes) : undefined;
  for (const [i, o] of objectives.entries()) {
    if ((SERVING_METRICS as readonly string[]).includes(o.metric) && !serving)
      throw spaceError(src, ['objectives', i], `${o.metric} is a metric under load`, 'add a serving section, e.g. serving: { policy: continuous, rate: 4 }');
    if ((SLO_METRICS_NEEDED as readonly string[]).includes(o.metric) && !serving?.slo)
      throw spaceError(src, ['objectives', i], `${o.metric} needs an SLO`, 'add slo to the serving section, e.g. slo: "ttft_p99=200ms"');
  }

  return {
    name: raw.name,
    file: resolve(file),
    text: src.text,
    base: { arch: archRef, model: models[0], devices: raw.base.devices, set: raw.base.set },
    tree,
    input,
    mixes,
    scenarios,
    parameters,
    setValues,
    derived,
    constraints,
    objectives,
    strategy: raw.strategy,
    baselines: raw.baselines,
    ...(serving ? { serving } : {}),
  };
}

async function resolveServingSection(src: SpaceSource, section: NonNullable<SpaceFile['serving']>, mixes: readonly Mix[]): Promise<ServingSpec> {
  for (const m of mixes) {
    if (m.requests.some((r) => r.batch !== 1))
      throw spaceError(
        src,
        ['serving'],
        `mix ${m.name} has requests with batch > 1; a serving stream draws single requests and the policy forms batches`,
        'drop batch from the mix, or set the batch size in the serving section',
      );
  }
  try {
    return await resolveServing(section);
  } catch (e) {
    if (isUserError(e)) throw spaceError(src, ['serving', 'slo'], e.problem, e.fix);
    const p = e as Error & { path?: string; fix?: string };
    if (p.path) throw spaceError(src, ['serving', p.path], p.message, p.fix);
    throw e;
  }
}

/** Metrics where more is better; the rest are minimised unless the space says otherwise. */
const MAXIMISED = new Set<string>(['tokens_per_s', 'requests_per_s', 'inferences_per_s', 'tokens_per_j', ...SERVING_MAXIMISED]);
function defaultGoal(metric: string): 'min' | 'max' {
  return MAXIMISED.has(metric) ? 'max' : 'min';
}
