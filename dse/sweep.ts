/**
 * A sweep: read the space, plan or search designs, evaluate them on the pool,
 * append each row to results.jsonl as it finishes, and write the fronts.
 * Resuming skips every design already in results.jsonl; a shard keeps the
 * designs whose hash falls in it.
 */
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../arch/user-error.js';
import { runBaselines } from './baselines.js';
import { makeDesign, type Design } from './design.js';
import { evalContext, type Evaluated, type ResultRow } from './evaluate.js';
import { FrontBuilder, frontCsv, type ParetoDoc } from './fronts.js';
import { fitnessOf } from './objective-vector.js';
import { makeEvaluator, runBatches } from './pool.js';
import { Progress, type ProgressSink } from './progress.js';
import { forEachResult, ResultsWriter } from './results-file.js';
import type { ReproduceSource } from './reproduce.js';
import { type BaselineEntry, ensureDir, manifestOf, readManifest, runFiles, sha256, writeAtomic, type Manifest } from './run-dir.js';
import { lockRun } from './run-lock.js';
import { inShard, type Shard } from './shard.js';
import { loadSpace, type Space } from './space.js';
import { nsga2, type Fitness } from './strategies/nsga2.js';
import { planSize, planStream } from './strategies/plan.js';

export interface SweepOptions {
  out: string;
  /** Worker threads; 0 evaluates in the calling thread. */
  workers: number;
  resume?: boolean;
  shard?: Shard;
  /** Overrides the strategy's seed. */
  seed?: number;
  /** Designs the sweep may evaluate (default SPACE_LIMITS.maxDesigns). */
  maxDesigns?: number;
  /** The command line, for the manifest. */
  command?: string;
  /** Where progress goes; null for none. */
  progress?: ProgressSink | null;
  warn?: (msg: string) => void;
}

export interface SweepSummary {
  dir: string;
  space: Space;
  /** Designs of this run (after shard and constraints). */
  planned: number;
  /** Evaluated now. */
  evaluated: number;
  /** Already in results.jsonl (resume). */
  skipped: number;
  /** Ruled out by constraints (not simulated, not recorded). */
  excluded: number;
  rows: number;
  infeasible: number;
  pareto: ParetoDoc;
}

function withSeed(space: Space, seed: number | undefined): Space {
  if (seed === undefined) return space;
  if (space.strategy.kind === 'grid')
    throw new UserError({ input: '--seed', field: String(seed), problem: `${space.file} is a grid`, fix: 'a grid has no randomness; use random/lhs/nsga2 or drop --seed' });
  return { ...space, strategy: { ...space.strategy, seed } };
}

function checkResume(dir: string, space: Space, shard: Manifest['shard'], resume: boolean): Manifest | undefined {
  const f = runFiles(dir);
  const hasRows = existsSync(f.results) && statSync(f.results).size > 0;
  if (!existsSync(f.manifest)) {
    if (hasRows) throw new UserError({ input: '--out', field: dir, problem: 'holds results.jsonl but no manifest.json', fix: 'use an empty or new directory' });
    return undefined;
  }
  const m = readManifest(dir);
  if (!resume) {
    if (hasRows) throw new UserError({ input: '--out', field: dir, problem: 'already holds a sweep', fix: 'add --resume to continue it, or choose a new --out directory' });
    return undefined;
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (m.space_sha256 !== sha256(space.text))
    throw new UserError({
      input: '--resume',
      field: dir,
      problem: 'the run was made with a different space file (its text changed)',
      fix: 'resume with the same space, or sweep into a new --out',
    });
  if (!same(m.strategy, space.strategy))
    throw new UserError({ input: '--resume', field: dir, problem: `the run used strategy ${JSON.stringify(m.strategy)}`, fix: 'resume with the same --seed' });
  if (!same(m.shard, shard))
    throw new UserError({
      input: '--resume',
      field: dir,
      problem: `the run was shard ${m.shard ? `${m.shard.index}/${m.shard.count}` : 'none'}`,
      fix: 'resume with the same --shard',
    });
  return m;
}

export async function sweep(spaceFile: string, opts: SweepOptions): Promise<SweepSummary> {
  // Warnings are printed when the sweep ends, so that a sweep that fails says one thing: its error.
  const warnings: string[] = [];
  const warn = opts.warn ?? ((m: string) => warnings.push(m));
  const space = withSeed(await loadSpace(spaceFile, { maxDesigns: opts.maxDesigns }), opts.seed);
  const shard = opts.shard && opts.shard.count > 1 ? opts.shard : undefined;
  if (shard && space.strategy.kind === 'nsga2') {
    throw new UserError({
      input: '--shard',
      field: `${shard.index}/${shard.count}`,
      problem: 'an evolutionary search runs generation after generation and cannot be split by design',
      fix: 'shard grid, random or lhs spaces; run NSGA-II on one machine with --workers',
    });
  }
  const dir = opts.out;
  const shardRec = shard ? { index: shard.index, count: shard.count } : null;
  const previous = checkResume(dir, space, shardRec, !!opts.resume);
  ensureDir(dir);
  const unlock = lockRun(dir);
  try {
    const summary = await sweepLocked(spaceFile, space, dir, shard, shardRec, previous, opts, warn);
    for (const m of warnings) process.stderr.write(`tasim: warning: ${m}\n`);
    return summary;
  } finally {
    unlock();
  }
}

/** The part of the manifest a row's commands are made from. */
function reproduceSource(m: Manifest): ReproduceSource {
  return { base: m.base, parameters: m.parameters, derived: m.derived, model_refs: m.model_refs, mixes: m.mixes };
}

async function sweepLocked(
  spaceFile: string,
  space: Space,
  dir: string,
  shard: Shard | undefined,
  shardRec: Manifest['shard'],
  previous: Manifest | undefined,
  opts: SweepOptions,
  warn: (m: string) => void,
): Promise<SweepSummary> {
  const files = runFiles(dir);
  writeAtomic(files.space, space.text);
  const command = opts.command ?? `tasim sweep ${spaceFile} --out ${dir}`;
  const created = previous?.created ?? new Date().toISOString();
  // Workers start (load their modules) while the baselines run here; a row's commands do not depend on the baselines.
  const unbased = manifestOf(space, command, created, shardRec, []);
  const ev = makeEvaluator(evalContext(space, reproduceSource(unbased)), opts.workers);
  let baselines: BaselineEntry[];
  try {
    baselines = previous?.baselines ?? (await runBaselines(space, warn));
  } catch (e) {
    await ev.close();
    throw e;
  }
  const manifest: Manifest = { ...unbased, baselines };
  writeAtomic(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);

  // What is kept of every row: its hash (to skip it on resume) and, for a search, its fitness; the fronts grow row by row.
  const fronts = new FrontBuilder(space.objectives, space.scenarios);
  const search = space.strategy.kind === 'nsga2';
  const done = new Set<string>();
  const fitness = new Map<string, Fitness>();
  let rows = 0;
  let infeasible = 0;
  forEachResult(files.results, (r) => {
    if (!r.feasible) infeasible++;
    if (done.has(r.hash)) return;
    done.add(r.hash);
    rows++;
    const f = fitnessOf(r, space.objectives);
    fronts.add(r.params.model, r.params.mix, f, () => r);
    if (search) fitness.set(r.hash, f);
  });
  const writer = new ResultsWriter(files.results);
  const progress = opts.progress === null ? undefined : new Progress(0, opts.progress ?? process.stderr);
  let evaluated = 0;
  let skipped = 0;
  let excluded = 0;
  let planned = 0;
  // A batch's rows go to the file in one write.
  const recordBatch = (batch: readonly Evaluated[]) => {
    writer.append(batch.map((e) => e.line).join(''));
    for (const e of batch) {
      rows++;
      if (!e.feasible) infeasible++;
      fronts.add(e.model, e.mix, e.fitness, () => JSON.parse(e.line) as ResultRow);
      evaluated++;
    }
    progress?.tick(batch.length);
  };
  try {
    if (space.strategy.kind === 'nsga2') {
      const s = space.strategy;
      progress?.setTotal(s.evaluations * space.scenarios.length);
      for (let sc = 0; sc < space.scenarios.length; sc++) {
        const seen = new Set<string>();
        await nsga2({ sizes: space.parameters.map((p) => p.values.length), population: s.population, evaluations: s.evaluations, seed: s.seed + sc }, async (genes) => {
          const designs = genes.map((g) => makeDesign(space, sc, g));
          const todo = designs.filter((d): d is Design => !!d && !fitness.has(d.hash));
          for (const d of designs) {
            if (!d || seen.has(d.hash)) continue;
            seen.add(d.hash);
            if (fitness.has(d.hash)) {
              skipped++;
              progress?.tick();
            }
          }
          excluded += designs.filter((d) => !d).length;
          let at = 0;
          await runBatches(
            ev,
            () => todo[at++],
            (batch) => {
              recordBatch(batch);
              for (const e of batch) fitness.set(e.hash, e.fitness);
            },
          );
          return designs.map((d): Fitness | 'excluded' => (d ? (fitness.get(d.hash) as Fitness) : 'excluded'));
        });
        planned += seen.size;
      }
    } else {
      const plan = planStream(space, space.strategy.kind === 'grid' ? 0 : space.strategy.seed);
      progress?.setTotal(planSize(space));
      // Designs are made as workers ask for them: the plan is never held whole.
      const next = (): Design | undefined => {
        for (;;) {
          const it = plan.next();
          if (it.done) return undefined;
          const d = it.value;
          if (!d) {
            excluded++;
            progress?.tick();
            continue;
          }
          if (!inShard(d.hash, shard)) {
            progress?.tick();
            continue;
          }
          planned++;
          if (done.has(d.hash)) {
            skipped++;
            progress?.tick();
            continue;
          }
          return d;
        }
      };
      await runBatches(ev, next, recordBatch);
    }
  } finally {
    writer.close();
    await ev.close();
    progress?.finish();
  }
  const pareto = writeFronts(dir, fronts.doc());
  return { dir, space, planned, evaluated, skipped, excluded, rows, infeasible, pareto };
}

export function writeFronts(dir: string, pareto: ParetoDoc): ParetoDoc {
  const files = runFiles(dir);
  writeAtomic(files.pareto, `${JSON.stringify(pareto, null, 2)}\n`);
  writeAtomic(files.csv, frontCsv(pareto));
  return pareto;
}
