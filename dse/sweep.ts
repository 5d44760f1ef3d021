/**
 * A sweep: read the space, plan or search designs, evaluate them on the pool,
 * append each row to results.jsonl as it finishes, and write the fronts.
 * Resuming skips every design already in results.jsonl; a shard keeps the
 * designs whose hash falls in it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { UserError } from '../arch/user-error.js';
import { runBaselines } from './baselines.js';
import { makeDesign, type Design } from './design.js';
import { evalContext, type ResultRow } from './evaluate.js';
import { computeFronts, frontCsv, toMinVector, type ParetoDoc } from './fronts.js';
import { makeEvaluator, runTasks, type Evaluator } from './pool.js';
import { Progress, type ProgressSink } from './progress.js';
import { readResults, ResultsWriter } from './results-file.js';
import { reproduceCommands } from './reproduce.js';
import { ensureDir, manifestOf, readManifest, runFiles, sha256, writeAtomic, type Manifest } from './run-dir.js';
import { lockRun } from './run-lock.js';
import { inShard, type Shard } from './shard.js';
import { loadSpace, type Space } from './space.js';
import { nsga2, type Fitness } from './strategies/nsga2.js';
import { planDesigns } from './strategies/plan.js';

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
  if (seed === undefined || space.strategy.kind === 'grid') return space;
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
  if (m.space_sha256 !== sha256(space.text)) throw new UserError({ input: '--resume', field: dir, problem: 'the run was made with a different space file (its text changed)', fix: 'resume with the same space, or sweep into a new --out' });
  if (!same(m.strategy, space.strategy)) throw new UserError({ input: '--resume', field: dir, problem: `the run used strategy ${JSON.stringify(m.strategy)}`, fix: 'resume with the same --seed' });
  if (!same(m.shard, shard)) throw new UserError({ input: '--resume', field: dir, problem: `the run was shard ${m.shard ? `${m.shard.index}/${m.shard.count}` : 'none'}`, fix: 'resume with the same --shard' });
  return m;
}

/** How far an infeasible design is from fitting, for NSGA-II's constraint handling. */
function violation(row: ResultRow): number {
  const m = row.metrics;
  const over = Math.max(m.dsp_util ?? 0, m.lut_util ?? 0, m.bram_util ?? 0, m.uram_util ?? 0) - 1;
  return over > 0 ? over : 1;
}

export async function sweep(spaceFile: string, opts: SweepOptions): Promise<SweepSummary> {
  // Warnings are printed when the sweep ends, so that a sweep that fails says one thing: its error.
  const warnings: string[] = [];
  const warn = opts.warn ?? ((m: string) => warnings.push(m));
  const space = withSeed(await loadSpace(spaceFile, { maxDesigns: opts.maxDesigns }), opts.seed);
  const shard = opts.shard && opts.shard.count > 1 ? opts.shard : undefined;
  if (shard && space.strategy.kind === 'nsga2') {
    throw new UserError({ input: '--shard', field: `${shard.index}/${shard.count}`, problem: 'an evolutionary search runs generation after generation and cannot be split by design', fix: 'shard grid, random or lhs spaces; run NSGA-II on one machine with --workers' });
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

async function sweepLocked(spaceFile: string, space: Space, dir: string, shard: Shard | undefined, shardRec: Manifest['shard'], previous: Manifest | undefined, opts: SweepOptions, warn: (m: string) => void): Promise<SweepSummary> {
  const files = runFiles(dir);
  writeAtomic(files.space, space.text);
  // Workers start (load their modules) while the baselines run here.
  const ev = makeEvaluator(evalContext(space), opts.workers);
  let baselines;
  try {
    baselines = previous?.baselines ?? (await runBaselines(space, warn));
  } catch (e) {
    await ev.close();
    throw e;
  }
  const manifest = manifestOf(space, opts.command ?? `tasim sweep ${spaceFile} --out ${dir}`, previous?.created ?? new Date().toISOString(), shardRec, baselines);
  writeAtomic(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);

  const done = new Map<string, ResultRow>();
  for (const r of readResults(files.results)) if (!done.has(r.hash)) done.set(r.hash, r);
  const writer = new ResultsWriter(files.results);
  const progress = opts.progress === null ? undefined : new Progress(0, opts.progress ?? process.stderr);
  let evaluated = 0;
  let skipped = 0;
  let excluded = 0;
  let planned = 0;
  const record = (row: ResultRow) => {
    const r: ResultRow = { ...row, reproduce: reproduceCommands(manifest, row.params) };
    writer.write(r);
    done.set(r.hash, r);
    evaluated++;
    progress?.tick();
  };
  try {
    if (space.strategy.kind === 'nsga2') {
      const s = space.strategy;
      progress?.setTotal(s.evaluations * space.scenarios.length);
      for (let sc = 0; sc < space.scenarios.length; sc++) {
        const seen = new Set<string>();
        await nsga2({ sizes: space.parameters.map((p) => p.values.length), population: s.population, evaluations: s.evaluations, seed: s.seed + sc }, async (genes) => {
          const designs = genes.map((g) => makeDesign(space, sc, g));
          const todo = designs.filter((d): d is Design => !!d && !done.has(d.hash));
          for (const d of designs) {
            if (!d || seen.has(d.hash)) continue;
            seen.add(d.hash);
            if (done.has(d.hash)) {
              skipped++;
              progress?.tick();
            }
          }
          excluded += designs.filter((d) => !d).length;
          await runTasks(ev, todo, record);
          return designs.map((d): Fitness | 'excluded' => {
            if (!d) return 'excluded';
            const row = done.get(d.hash) as ResultRow;
            const v = row.feasible ? toMinVector(row.metrics, space.objectives) : undefined;
            return v ? { objectives: v } : { violation: violation(row) };
          });
        });
        planned += seen.size;
      }
    } else {
      const plan = planDesigns(space, space.strategy.kind === 'grid' ? 0 : space.strategy.seed);
      excluded = plan.excluded;
      const mine = plan.designs.filter((d) => inShard(d.hash, shard));
      planned = mine.length;
      const todo = mine.filter((d) => !done.has(d.hash));
      skipped = planned - todo.length;
      progress?.setTotal(todo.length);
      await runTasks(ev, todo, record);
    }
  } finally {
    writer.close();
    await ev.close();
    progress?.finish();
  }
  const rows = readResults(files.results);
  const pareto = writeFronts(dir, rows, space.objectives, space.scenarios);
  return { dir, space, planned, evaluated, skipped, excluded, rows: new Set(rows.map((r) => r.hash)).size, infeasible: rows.filter((r) => !r.feasible).length, pareto };
}

export function writeFronts(dir: string, rows: readonly ResultRow[], objectives: Space['objectives'], scenarios: readonly { model: string; mix: string }[]): ParetoDoc {
  const files = runFiles(dir);
  const pareto = computeFronts(rows, objectives, scenarios);
  writeAtomic(files.pareto, `${JSON.stringify(pareto, null, 2)}\n`);
  writeAtomic(files.csv, frontCsv(pareto));
  return pareto;
}

/** The space text a run was made with (space.yaml of the run directory). */
export function runSpaceText(dir: string): string {
  return readFileSync(runFiles(dir).space, 'utf8');
}

export type { Evaluator };
