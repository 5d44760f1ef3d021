/**
 * The data a report page receives: one JSON document inlined in the HTML.
 * Node-side builders produce it from run files and simulate documents; the
 * page code (reports/page/) only reads it. Every view is optional so one
 * page type serves sweeps, single designs, comparisons and validation.
 */
import type { SimResult } from '../sim/result.js';
import type { ServeDocument } from '../sim/serving/result.js';
import type { ValidationRow } from '../sim/validation/validate.js';

type Goal = 'min' | 'max';
export type ParamValue = string | number | boolean;

export interface Objective {
  metric: string;
  goal: Goal;
}

export interface RequestSpec {
  input: number;
  output: number;
  batch: number;
  weight?: number;
}

export interface Baseline {
  label: string;
  arch: string;
  devices: number;
  stack?: string;
  /** The scenario it ran on: a baseline is compared with designs of the same model and mix only. */
  model?: string;
  mix?: string;
  /** False when the GPU cannot run the model (e.g. heads that do not split over the GPUs); `reason` says why. */
  feasible?: boolean;
  reason?: string;
  metrics: Record<string, number | null>;
  /** `tasim simulate` commands, one per request of the mix. */
  reproduce?: string[];
}

/** A request mix of the run: its metrics are weighted means over these requests. */
export interface MixSpec {
  name: string;
  requests: RequestSpec[];
}

/** One swept parameter, stored as a value table plus an index per design (compact for 100,000 designs). */
export interface ParamColumn {
  path: string;
  values: ParamValue[];
  /** index[i] is design i's position in `values`, -1 when the design does not set it. */
  index: number[];
}

/** Feasible designs only, column-wise; infeasible ones are summarised by reason. */
export interface SweepView {
  name: string;
  total: number;
  hashes: string[];
  params: ParamColumn[];
  metrics: Record<string, (number | null)[]>;
  objectives: Objective[];
  /** Designs on the run's (multi-objective) Pareto front. */
  front: number[];
  infeasible: { count: number; reasons: { reason: string; count: number }[] };
  baselines: Baseline[];
  /** What every design shares. */
  base?: { arch: string; model: string; devices?: number };
  /** The first mix's requests. */
  requests: RequestSpec[];
  /** Every mix of the run (absent without a manifest). */
  mixes?: MixSpec[];
  /**
   * Per design, the `tasim simulate` commands of its results.jsonl row (one per
   * request of its mix): the commands, or one template whose `{request}` slot
   * each request of the design's mix fills (reports/page/reproduce-text.ts);
   * null where the report does not carry them (beyond REPRODUCE_ALL designs
   * only the front's are kept).
   */
  reproduce?: (string | string[] | null)[];
}

export interface ConfigEntry {
  path: string;
  value: string;
  kind: 'source' | 'assumption' | 'fitted' | 'user' | null;
  text: string | null;
}

export interface ConfigView {
  ref: string;
  template: string;
  overrides: string[];
  entries: ConfigEntry[];
}

interface DesignRun {
  request: RequestSpec;
  result: SimResult;
}

/** One request of a design's mix and the command that simulates it. */
export interface ReproduceStep {
  request: RequestSpec;
  command: string;
}

/** A design with its simulate documents (with `detail` when available). */
export interface DesignView {
  /** The design hash in a sweep, or a name. */
  id: string;
  label: string;
  params: Record<string, ParamValue>;
  runs: DesignRun[];
  /** Headline metrics when there are no runs to show (a sweep design without detail). */
  metrics?: Record<string, number | null>;
  config?: ConfigView;
  /** The command line that produced this design's document (simulate and compare reports). */
  command?: string;
  /** The `tasim simulate` command of each request of the design's mix (sweep designs). */
  reproduce?: ReproduceStep[];
  /** Why the detail could not be produced, when it could not. */
  error?: string;
}

export interface ComparisonRow {
  /** The full name, with model and stack (table rows). */
  label: string;
  /** A shorter name for chart bars, whose panel names the model they share. */
  short?: string;
  kind: 'accelerator' | 'gpu';
  /** The model it ran, and the GPU software stack: rows of one comparison share the model. */
  model?: string;
  stack?: string;
  latency_s: number | null;
  ttft_s: number | null;
  tokens_per_s: number | null;
  tokens_per_j: number | null;
  inferences_per_s?: number | null;
  energy_per_inference_j?: number | null;
  /** An infeasible system has no metrics, only the reason. */
  reason?: string;
}

export interface ComparisonView {
  title: string;
  rows: ComparisonRow[];
}

export interface ValidationView {
  rows: ValidationRow[];
  mean_abs_error_pct: number;
  max_abs_error_pct: number;
  calibration_mean_abs_error_pct: number;
}

/** Serving runs (`tasim serve --report`, capacity tables): one per machine or policy. */
export interface ServingView {
  runs: { label: string; result: ServeDocument }[];
}

export interface ReportDoc {
  title: string;
  /** The command that produced this report. */
  command: string;
  /** Further provenance: the sweep command, the space file, versions. */
  context: string[];
  generated: string;
  sweep?: SweepView;
  designs?: DesignView[];
  comparison?: ComparisonView;
  validation?: ValidationView;
  serving?: ServingView;
}
