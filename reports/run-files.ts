/**
 * The files of a sweep run directory, as the sweep writes them:
 * manifest.json, results.jsonl (one design per line) and pareto.json.
 */
import { UserError } from '../arch/user-error.js';
import type { Baseline, MixSpec, Objective, ParamValue, RequestSpec, SweepView } from './report-doc.js';

export interface RunManifest {
  name: string;
  space_file: string;
  command: string;
  created: string;
  tasim_version: string;
  base: { arch: string; model: string; devices?: number };
  requests: RequestSpec[];
  mixes?: MixSpec[];
  parameters: { path: string; values: ParamValue[] }[];
  objectives: Objective[];
  baselines: Baseline[];
}

export interface ResultLine {
  hash: string;
  params: Record<string, ParamValue>;
  metrics: Record<string, number | null>;
  feasible: boolean;
  reason?: string;
  /** One `tasim simulate` command per request of the design's mix (runs written by tasim sweep). */
  reproduce?: string[];
}

export interface ParetoFile {
  objectives: Objective[];
  points: { hash: string; params: Record<string, ParamValue>; metrics: Record<string, number | null> }[];
}

export interface RunData {
  /** Where the run came from, for messages and the report's context. */
  source: string;
  manifest?: RunManifest;
  /** Every row, or, when `view` was built while reading (a large run), only the front's. */
  results: ResultLine[];
  pareto?: ParetoFile;
  /** The Pareto view, when it was built row by row as the file was read (reports/sweep-data.ts). */
  view?: SweepView;
}

/** One line of results.jsonl (1-based `no`), or undefined for a blank one; a malformed line is the user's file to fix, so say which. */
export function parseResultLine(line: string, input: string, no: number): ResultLine | undefined {
  const t = line.trim();
  if (!t) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch (e) {
    throw new UserError({ input, field: `line ${no}`, problem: `not JSON (${(e as Error).message})`, fix: 'each line must be one JSON object {hash, params, metrics, feasible}' });
  }
  if (!v || typeof v !== 'object' || typeof (v as ResultLine).hash !== 'string' || typeof (v as ResultLine).params !== 'object' || typeof (v as ResultLine).metrics !== 'object') {
    throw new UserError({ input, field: `line ${no}`, problem: 'missing hash, params or metrics', fix: 'each line must be one JSON object {hash, params, metrics, feasible}' });
  }
  const r = v as ResultLine;
  r.feasible = r.feasible !== false;
  return r;
}

/** Parse results.jsonl held in memory (small runs and tests; `tasim report` reads the file line by line). */
export function parseResultsJsonl(text: string, input: string): ResultLine[] {
  const out: ResultLine[] = [];
  text.split('\n').forEach((line, k) => {
    const r = parseResultLine(line, input, k + 1);
    if (r) out.push(r);
  });
  return out;
}
