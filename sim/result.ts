/**
 * The simulate document: the JSON interface of `tasim simulate --json`
 * (see docs/cli-contract.md). Names are snake_case with SI-unit suffixes.
 */
import type { Stage } from '../workloads/trace.js';

export interface StageResult {
  seconds: number;
  energy_j: number;
}

export interface BreakdownRow {
  category: string;
  seconds: number;
  energy_j: number;
  /** Time per stage for this category. */
  by_stage: Record<Stage, number>;
}

export interface OpRow {
  name: string;
  category: string;
  stage: Stage;
  seconds: number;
  energy_j: number;
  flops: number;
  offchip_bytes: number;
}

/** FPGA resources of one device, bottom-up by component, against its board. */
export interface ResourceUse {
  kind: 'fpga';
  dsp: number;
  lut: number;
  ff: number;
  bram: number;
  uram: number;
  fits: boolean;
  /** Fraction of the board's resources per kind. */
  used_fraction: { dsp: number; lut: number; ff: number; bram: number; uram: number };
  board: { name: string; dsp: number; lut: number; ff: number; bram: number; uram: number };
  /** Per-component estimate, for reports. */
  components: { name: string; dsp: number; lut: number; ff: number; bram: number; uram: number }[];
}

/** Silicon area of one ASIC device, bottom-up by component. */
export interface AreaUse {
  kind: 'asic';
  area_mm2: number;
  /** Whether the design fits its die budget. */
  fits: boolean;
  max_area_mm2: number;
  components: { name: string; area_mm2: number }[];
}

/** What one device takes: FPGA resources or ASIC area (null for a bought device such as a GPU). */
export type Resources = ResourceUse | AreaUse;

interface TimelineSpan {
  unit: string;
  op: string;
  category: string;
  start_s: number;
  end_s: number;
  stream: boolean;
}

export interface SimDetail {
  ops: OpRow[];
  /** Unit occupancy of one decoder layer: the last summarization pass and the last generation step. */
  timelines: { label: string; spans: TimelineSpan[] }[];
  peak: { flops_per_s: number; bytes_per_s: number };
}

/** What one device's memory holds for this run, and what it could hold (memory planning). */
export interface MemoryReport {
  /** Off-chip memory per device, and which memory it is. */
  capacity_bytes: number;
  where: string;
  /** Per device at this run: weights, KV cache at the peak context, the template's extras. */
  used_bytes: number;
  /** Largest batch at this run's context (input + output tokens) whose KV cache fits (null for an encoder, which keeps none). */
  max_batch: number | null;
  /** Largest context at this run's batch that fits, up to what the model attends over (null for an encoder). */
  max_context: number | null;
}

export interface SimResult {
  arch: string;
  template: string;
  model: string;
  devices: number;
  batch: number;
  input_tokens: number;
  output_tokens: number;
  /** Weights of the model including embeddings (a tied LM head counted once). */
  model_params: number;
  /** Weight bytes as the design stores them (its precision and compression), all devices together. */
  weight_bytes: number;
  /** K and V bytes one sequence adds per token, all layers, at the run's KV precision (0 for an encoder). */
  kv_cache_bytes_per_token: number;
  /** The KV cache of the whole batch at the run's peak context (input + output tokens). */
  kv_cache_bytes: number;
  /** Memory per device; null when the design has no memory that could hold the model. */
  memory: MemoryReport | null;
  feasible: boolean;
  reason?: string;
  latency_s: number;
  ttft_s: number;
  tokens_per_s: number;
  energy_j: number;
  avg_power_w: number;
  energy_per_token_j: number;
  tokens_per_j: number;
  /** Sequences finished per second (batch / latency): the throughput of an encoder (`--output 0`). */
  inferences_per_s: number;
  /** Energy per sequence (energy / batch). */
  energy_per_inference_j: number;
  stages: Record<Stage, StageResult>;
  breakdown: BreakdownRow[];
  utilization: Record<string, number>;
  resources: Resources | null;
  /** Cost of the accelerators (board prices x devices), when known. */
  cost_usd: number | null;
  /** 'fast' reuses provably identical layers and steps; 'exact' simulates everything. */
  mode: 'fast' | 'exact';
  /** Passes / layer blocks actually scheduled (a measure of reuse). */
  scheduled_blocks: number;
  overrides: string[];
  /** GPU software stack (GPU template only). */
  stack?: string;
  detail?: SimDetail;
}

/** What a result holds before it is run: the design, workload, resources and memory, not the figures a run gives. */
export type ResultBase = Omit<
  SimResult,
  | 'feasible'
  | 'reason'
  | 'latency_s'
  | 'ttft_s'
  | 'tokens_per_s'
  | 'energy_j'
  | 'avg_power_w'
  | 'energy_per_token_j'
  | 'tokens_per_j'
  | 'inferences_per_s'
  | 'energy_per_inference_j'
  | 'stages'
  | 'breakdown'
  | 'utilization'
  | 'scheduled_blocks'
>;

export function infeasibleResult(base: ResultBase, reason: string): SimResult {
  return {
    ...base,
    feasible: false,
    reason,
    latency_s: NaN,
    ttft_s: NaN,
    tokens_per_s: NaN,
    energy_j: NaN,
    avg_power_w: NaN,
    energy_per_token_j: NaN,
    tokens_per_j: NaN,
    inferences_per_s: NaN,
    energy_per_inference_j: NaN,
    stages: { summarization: { seconds: NaN, energy_j: NaN }, generation: { seconds: NaN, energy_j: NaN } },
    breakdown: [],
    utilization: {},
    scheduled_blocks: 0,
  };
}
