/**
 * The files of a sweep run directory, as the sweep writes them:
 * manifest.json, results.jsonl (one design per line) and pareto.json.
 */
import { UserError } from '../arch/user-error.js';
import type { Baseline, MixSpec, Objective, ParamValue, RequestSpec } from './report-doc.js';

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
  results: ResultLine[];
  pareto?: ParetoFile;
}

/** Parse results.jsonl; a malformed line is the user's file to fix, so say which line. */
export function parseResultsJsonl(text: string, input: string): ResultLine[] {
  const out: ResultLine[] = [];
  const lines = text.split('\n');
  lines.forEach((line, k) => {
    const t = line.trim();
    if (!t) return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      throw new UserError({ input, field: `line ${k + 1}`, problem: `not JSON (${(e as Error).message})`, fix: 'each line must be one JSON object {hash, params, metrics, feasible}' });
    }
    if (!v || typeof v !== 'object' || typeof (v as ResultLine).hash !== 'string' || typeof (v as ResultLine).params !== 'object' || typeof (v as ResultLine).metrics !== 'object') {
      throw new UserError({ input, field: `line ${k + 1}`, problem: 'missing hash, params or metrics', fix: 'each line must be one JSON object {hash, params, metrics, feasible}' });
    }
    const r = v as ResultLine;
    out.push({ ...r, feasible: r.feasible !== false });
  });
  return out;
}
