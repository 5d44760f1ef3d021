/**
 * The files of a sweep run directory, as the sweep writes them:
 * manifest.json, results.jsonl (one design per line) and pareto.json.
 */
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
