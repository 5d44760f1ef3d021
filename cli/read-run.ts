/** Reads a sweep run directory (manifest.json, results.jsonl, pareto.json) or a bare results.jsonl. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputFile } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';
import { forEachResult } from '../dse/results-file.js';
import type { ParetoFile, ResultLine, RunData, RunManifest } from '../reports/run-files.js';
import { computedFrontHashes, SweepViewBuilder } from '../reports/sweep-data.js';

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new UserError({ input: file, problem: `cannot be read as JSON (${(e as Error).message})`, fix: 'regenerate it with tasim sweep' });
  }
}

/**
 * Read a run for its report, line by line whatever its size: the Pareto view
 * is built as rows come (reports/sweep-data.ts) and only the front's rows are
 * kept. `prepare` sees every row first, with the run's manifest (to fill
 * what old runs lack). Rows are read by the sweep's own rules
 * (dse/results-file.ts): a torn last line is dropped, a malformed one named.
 */
export function readRun(path: string, prepare?: (row: ResultLine, run: Omit<RunData, 'results'>) => void): RunData {
  if (!existsSync(path))
    throw new UserError({ input: 'tasim report', field: path, problem: 'no such file or directory', fix: 'give a run directory written by tasim sweep, or its results.jsonl' });
  const dir = statSync(path).isDirectory();
  const results = dir ? join(path, 'results.jsonl') : path;
  if (!existsSync(results)) throw new UserError({ input: path, field: 'results.jsonl', problem: 'missing', fix: 'run tasim sweep <space.yaml> --out <dir> first' });
  const base = dir ? path : join(path, '..');
  const manifestFile = join(base, 'manifest.json');
  const paretoFile = join(base, 'pareto.json');
  // A bare results.jsonl stands alone: its neighbours may belong to another run.
  const manifest = dir && existsSync(manifestFile) ? readJson<RunManifest>(manifestFile) : undefined;
  const pareto = dir && existsSync(paretoFile) ? readJson<ParetoFile>(paretoFile) : undefined;
  checkInputFile(results, { what: 'results file (results.jsonl)', fix: 'give a run directory written by tasim sweep, or its results.jsonl', maxBytes: Number.MAX_SAFE_INTEGER });
  const head: Omit<RunData, 'results'> = { source: path, manifest, pareto };
  const eachRow = (add: (r: ResultLine) => void) =>
    forEachResult(results, (row) => {
      const r = row as ResultLine;
      prepare?.(r, head);
      add(r);
    });
  // Without pareto.json the front is computed from the rows: a first reading finds it, a second keeps its rows.
  const builder = new SweepViewBuilder(head, pareto ? undefined : computedFrontHashes(head, eachRow));
  let rows = 0;
  eachRow((r) => {
    rows++;
    builder.add(r);
  });
  if (!rows) throw new UserError({ input: results, problem: 'holds no designs', fix: 'let the sweep finish (or --resume it) before reporting' });
  return { ...head, results: [...builder.frontRows.values()], view: builder.view() };
}
