/** Reads a sweep run directory (manifest.json, results.jsonl, pareto.json) or a bare results.jsonl. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputFile } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';
import { type ParetoFile, parseResultsJsonl, type RunData, type RunManifest } from '../reports/run-files.js';

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new UserError({ input: file, problem: `cannot be read as JSON (${(e as Error).message})`, fix: 'regenerate it with tasim sweep' });
  }
}

/**
 * A sweep killed in the middle of a write leaves one torn last line (no
 * newline, not JSON): it is no design, so it is dropped as --resume drops it.
 */
export function withoutTornLine(text: string): string {
  if (text.endsWith('\n')) return text;
  const cut = text.lastIndexOf('\n') + 1;
  try {
    JSON.parse(text.slice(cut));
    return text;
  } catch {
    return text.slice(0, cut);
  }
}

export function readRun(path: string): RunData {
  if (!existsSync(path)) throw new UserError({ input: 'tasim report', field: path, problem: 'no such file or directory', fix: 'give a run directory written by tasim sweep, or its results.jsonl' });
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
  const rows = parseResultsJsonl(withoutTornLine(readFileSync(results, 'utf8')), results);
  if (!rows.length) throw new UserError({ input: results, problem: 'holds no designs', fix: 'let the sweep finish (or --resume it) before reporting' });
  return { source: path, manifest, results: rows, pareto };
}
