/** The serve document: the JSON interface of `tasim serve --json` (docs/cli-contract.md). SI units, snake_case. */
import type { PolicyName } from './policy.js';
import type { Stats } from './stats.js';

export interface CapacityProbe {
  rate_rps: number;
  meets_slo: boolean;
  /** The SLO's statistics at this rate (e.g. ttft_p99_s). */
  values: Record<string, number | null>;
}

export interface CapacitySearch {
  slo: string;
  requests_per_probe: number;
  /** Relative width of the final bracket. */
  tolerance: number;
  probes: CapacityProbe[];
  /** Requests completed per second when they all arrive at once: no sustainable rate reaches it. */
  saturation_rps: number;
  /** Whether the SLO held at every rate probed (the search stopped at its largest probe). */
  unbounded: boolean;
  /** Why the rate found may be unreliable (a trace too short for the SLO), or null. */
  warning: string | null;
}

/** For reports: CDFs of the per-request figures and the state over time, thinned. */
export interface ServeDetail {
  cdf: Record<'ttft_s' | 'tpot_s' | 'itl_s' | 'latency_s', { x: number[]; p: number[] }>;
  series: { t_s: number[]; queue_mean: number[]; queue_max: number[]; batch_mean: number[]; batch_max: number[] };
}

export interface ServeDesign {
  arch: string;
  template: string;
  model: string;
  devices: number;
  stack?: string;
  policy: PolicyName;
  replicas: number;
  max_batch: number;
  token_budget: number | null;
  arrivals: string;
  offered_rate_rps: number | null;
  requests: number;
}

interface ServeInfeasible extends ServeDesign {
  feasible: false;
  reason: string;
}

export interface ServeResult extends ServeDesign {
  feasible: true;
  completed: number;
  /** Requests no replica could ever serve: longer than the model's context or than the whole KV cache. */
  dropped: number;
  /** Times a running sequence was evicted from a full KV cache (and later recomputed). */
  preempted: number;
  /** From the first arrival to the last completion. */
  duration_s: number;
  ttft_s: Stats;
  /** Per request: (last token - first token) / (output tokens - 1). */
  tpot_s: Stats;
  /** Every gap between consecutive tokens of a request. */
  itl_s: Stats;
  latency_s: Stats;
  throughput_rps: number;
  tokens_per_s: number;
  /** Completed requests within every per-request SLO limit, per second; null without --slo. */
  goodput_rps: number | null;
  slo: string | null;
  slo_met: boolean | null;
  /** Busy time of each unit over the run, per replica. */
  utilization: Record<string, number>;
  /** Fraction of the run each replica spends in iterations. */
  busy_fraction: number;
  /** Iterations' energy plus static power while idle. */
  energy_j: number;
  energy_per_token_j: number | null;
  avg_power_w: number;
  /** Sequences in iterations and requests waiting, over all replicas (time-weighted mean, maximum). */
  batch_size: { mean: number; max: number };
  queue_length: { mean: number; max: number };
  kv_cache: { blocks: number | null; block_tokens: number; tokens: number | null; bytes_per_token: number };
  iterations: number;
  /** Distinct engine steps simulated (the memo's size): iterations are priced from these. */
  simulated_steps: number;
  max_rate_rps?: number;
  capacity?: CapacitySearch;
  detail?: ServeDetail;
}

export type ServeDocument = ServeResult | ServeInfeasible;
