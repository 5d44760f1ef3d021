/**
 * The data a report page receives: one JSON document inlined in the HTML.
 * Node-side builders produce it from run files and simulate documents; the
 * page code (reports/page/) only reads it. Every view is optional so one
 * page type serves sweeps, single designs, comparisons and validation.
 */
import type { SimResult } from '../sim/result.js';
import type { ServeDocument } from '../sim/serving/result.js';
import type { ValidationRow } from '../sim/validation/validate.js';

export type Goal = 'min' | 'max';
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
  metrics: Record<string, number | null>;
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
  /** What every design shares, so the page can print a command reproducing one. */
  base?: { arch: string; model: string; devices?: number };
  requests: RequestSpec[];
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

export interface DesignRun {
  request: RequestSpec;
  result: SimResult;
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
  /** A command line that reproduces the design. */
  command?: string;
  /** Why the detail could not be produced, when it could not. */
  error?: string;
}

export interface ComparisonRow {
  label: string;
  kind: 'accelerator' | 'gpu';
  latency_s: number | null;
  ttft_s: number | null;
  tokens_per_s: number | null;
  tokens_per_j: number | null;
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
