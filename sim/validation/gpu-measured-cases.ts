/**
 * The measured GPU rows (sim/validation/gpu-measured.json, from NVIDIA's
 * FasterTransformer and TensorRT-LLM guides) as runs of the GPU template, each with its role.
 * The split, stated once (docs/gpu.md lists the fitted constants):
 *   fastertransformer (the C++ runs of the GPT guide): calibrate on GPT-20B at TP 1 and 8 (85 rows, all five
 *     request shapes, batch 1-256); validate on GPT-20B at TP 2 and 4 and on GPT-6.7B (and the 13B rows of gpu-cases.ts).
 *   fastertransformer-triton (the FT columns of the GPT-89B/175B tables, served by Triton): calibrate on
 *     GPT-89B, validate on GPT-175B.
 *   megatron (the Megatron columns of the same tables): calibrate on GPT-89B, validate on GPT-175B (and the DFX rows).
 *   tensorflow (the openai/gpt-2 code): calibrate on the rows of 128 tokens, validate on those of 1024.
 *   tensorrt (fused encoder, FasterTransformer BERT with fused MHA): calibrate on sequence 32 and 384, validate on 128;
 *     the 2:4 speedup curve: calibrate on batch 1 and 32, validate on batch 8.
 *   tensorrt-llm (performance.md, FP16 on A100): calibrate on the first-token latencies at batch 1 (GPT-J 6B and
 *     LLaMA 7B on one GPU, LLaMA 70B on four; 128 and 2048 input tokens: 6 rows); validate on the peak-throughput
 *     rows of the same models (batch 52-1280, TP 1-4, 128 and 2048 tokens in and out: 11 rows).
 * Reference (shown, no tolerance), each with its reason: pipeline-parallel rows (not modelled), multi-node
 * Megatron-530B (hierarchical all-reduce over InfiniBand not modelled), EFF-FT (padding removal, not modelled),
 * FT-OP (FasterTransformer inside TensorFlow) and FT-CPP v3.1 (an older release of the decoder); TensorRT-LLM's
 * FP8 rows (H100, L40S: no FP8 in the GPU template) and Falcon 180B (its config family is not read): not simulated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';
import type { DType } from '../../workloads/trace.js';
import type { BatchClass, CaseRole } from './case.js';

interface MeasuredRow {
  id: string;
  source: string;
  gpu: string;
  stack: string;
  stack_variant?: string;
  precision: string;
  model: string;
  tensor_parallel: number;
  pipeline_parallel?: number;
  batch: number;
  input_tokens: number;
  output_tokens: number;
  /** latency_ms (end to end), ttft_ms (first token), throughput_tokens_per_s (output tokens per second) or its _per_gpu form. */
  metric: string;
  value: number;
  sparsity: string;
  notes: string;
}

/** How tasim runs a measured configuration. */
export interface GpuRunConfig {
  arch: string;
  stack: string;
  /** Model preset name or config path (relative paths resolve against the project root). */
  model: string;
  devices: number;
  batch: number;
  input: number;
  output: number;
  set: string[];
  dtype: DType;
  sparsity?: '2:4';
}

export interface MeasuredRun {
  row: MeasuredRow;
  /** Absent for a reference row tasim cannot run (its reason in `why`). */
  config?: GpuRunConfig;
  role: CaseRole;
  /** Why a row is reference only. */
  why?: string;
  /** Batch class for error tables. */
  batchClass: BatchClass;
  /** The end-to-end latency in ms the row states or implies (a throughput row: its batch's output tokens at that rate). */
  latencyMs: number;
}

/** A row tasim runs. */
export type RunnableRun = MeasuredRun & { config: GpuRunConfig };

/** Seconds of a simulated run the row's metric reads. */
export interface SimulatedTimes {
  latency_s: number;
  ttft_s: number;
}

let rows: MeasuredRow[] | undefined;
function measuredRows(): MeasuredRow[] {
  rows ??= (JSON.parse(readFileSync(join(projectRoot(), 'sim', 'validation', 'gpu-measured.json'), 'utf8')) as { rows: MeasuredRow[] }).rows;
  return rows;
}

const MODELS: Record<string, string> = {
  'GPT-6.7B': 'sim/validation/gpu-models/gpt-6.7b.json',
  'GPT-20B': 'sim/validation/gpu-models/gpt-20b.json',
  'GPT-89B': 'sim/validation/gpu-models/gpt-89b.json',
  'GPT-175B': 'sim/validation/gpu-models/gpt-175b.json',
  'Megatron-530B': 'sim/validation/gpu-models/megatron-530b.json',
  'GPT-2 124M': 'gpt2',
  'BERT-base': 'bert-base',
  'GPT-J 6B': 'sim/validation/gpu-models/gpt-j-6b-4k.json',
  // TensorRT-LLM's LLaMA 7B rows build the Llama-2-7b shape (the row's shape source).
  'LLaMA 7B': 'llama-2-7b',
  'LLaMA 70B': 'sim/validation/gpu-models/llama-2-70b.json',
};

/**
 * The preset of each GPU the rows name. TensorRT-LLM's "A100" is taken as the 80 GB SXM4: its throughput rows
 * hold more than 40 GB per GPU (LLaMA 70B at TP 4, batch 1280 of 256 tokens: 35 GB of weights and 27 GB of cache each).
 */
const ARCHS: Record<string, string> = { 'a100-80gb-sxm': 'a100-80gb', a100: 'a100-80gb', 'v100-sxm2-16gb': 'v100', 'h100-sxm': 'h100-sxm' };

/** Across nodes a ring all-reduce runs at each GPU's InfiniBand port: 8 x 200 Gb/s per 8-GPU node (the rows' notes). */
const INFINIBAND = ['interconnect.bandwidth=25GB/s', 'interconnect.latency=5us'];
/** The DGX-1 of the v3.1 rows: 16 GB V100s (the notes' assumption). */
const DGX1_V100 = ['memory.capacity=16GiB'];

/** The large-model tables whose FasterTransformer column is FasterTransformer served by Triton (the rows' notes). */
const TRITON_TABLES = new Set(['GPT-89B', 'GPT-175B', 'Megatron-530B']);

function batchClass(b: number): BatchClass {
  return b === 1 ? 'batch 1' : b < 8 ? 'batch 2-4' : 'batch >= 8';
}

/** Why tasim cannot run a row at all, if it cannot. */
function notRunnable(r: MeasuredRow): string | undefined {
  if (r.precision === 'fp8') return 'FP8 weights, activations and KV cache: the GPU template prices FP16 tensor math and tasim has no FP8 type';
  if (r.model === 'Falcon 180B') return 'Falcon (model_type falcon, its new decoder architecture) is not a family the config reader takes';
  return undefined;
}

function tensorrtLlmRole(r: MeasuredRow): { role: CaseRole } {
  return { role: r.metric === 'ttft_ms' ? 'calibration' : 'validation' };
}

function roleOf(r: MeasuredRow): { role: CaseRole; why?: string } {
  const skip = notRunnable(r);
  if (skip) return { role: 'reference', why: skip };
  if (r.stack === 'tensorrt-llm') return tensorrtLlmRole(r);
  if ((r.pipeline_parallel ?? 1) > 1) return { role: 'reference', why: 'pipeline parallelism is not modelled' };
  if (r.stack_variant?.startsWith('EFF-FT')) return { role: 'reference', why: 'EFF-FT removes padding with kernels of its own, not modelled' };
  if (r.stack_variant?.startsWith('FT-OP')) return { role: 'reference', why: 'FasterTransformer inside TensorFlow: the TensorFlow glue is not modelled' };
  if (r.model === 'BERT-base') {
    if (r.sparsity === '2:4') return { role: r.batch === 8 ? 'validation' : 'calibration' };
    return { role: r.input_tokens === 128 ? 'validation' : 'calibration' };
  }
  if (r.stack === 'tensorflow') return { role: r.output_tokens === 128 ? 'calibration' : 'validation' };
  if (r.model === 'GPT-2 124M')
    return { role: 'reference', why: 'FasterTransformer v3.1 (2020): an older release of the decoder on V100, not the v5 GPT the fastertransformer stack describes' };
  if (r.model === 'GPT-89B' || r.model === 'GPT-175B') return { role: r.model === 'GPT-89B' ? 'calibration' : 'validation' };
  if (r.tensor_parallel > 8)
    return { role: 'reference', why: "across nodes NCCL's hierarchical all-reduce over 8 InfiniBand rails is not modelled (tasim's ring runs at one rail)" };
  const calibration = r.model === 'GPT-20B' && (r.tensor_parallel === 1 || r.tensor_parallel === 8);
  return { role: calibration ? 'calibration' : 'validation' };
}

function configOf(r: MeasuredRow): GpuRunConfig | undefined {
  if (notRunnable(r)) return undefined;
  const v100 = r.gpu.startsWith('v100');
  const set = [...(v100 ? DGX1_V100 : []), ...(r.tensor_parallel > 8 ? INFINIBAND : [])];
  const stack = r.model === 'BERT-base' ? 'tensorrt' : r.stack === 'fastertransformer' && TRITON_TABLES.has(r.model) ? 'fastertransformer-triton' : r.stack;
  // v3.1 GPT-2 rows start from one token and stop at Seq_len tokens: Seq_len - 1 are generated.
  const gpt2v31 = r.model === 'GPT-2 124M';
  return {
    arch: ARCHS[r.gpu],
    stack,
    model: MODELS[r.model],
    devices: r.tensor_parallel,
    batch: r.batch,
    input: r.input_tokens,
    output: gpt2v31 ? r.output_tokens - 1 : r.output_tokens,
    set,
    // The openai/gpt-2 TensorFlow code runs in FP32 (its default; the source states FP16 only for FasterTransformer).
    dtype: r.stack === 'tensorflow' ? 'fp32' : 'fp16',
    ...(r.sparsity === '2:4' ? { sparsity: '2:4' as const } : {}),
  };
}

/**
 * TensorRT-LLM's A100 peak-throughput table heads its column "out tok/s" where the H100 table says "out tok/s/GPU";
 * its tensor-parallel rows are read per GPU as well. Read as totals, GPT-J 6B on two GPUs at batch 120 (128:2048)
 * would give 1096 tokens/s per GPU, against LLaMA 7B's 1928 on one GPU at batch 60 (same request, a model of the
 * same size); per GPU, the two agree. At TP 1 both readings are the same.
 */
function readPerGpu(r: MeasuredRow): boolean {
  return r.metric.endsWith('_per_gpu') || (r.stack === 'tensorrt-llm' && r.gpu === 'a100' && r.metric.startsWith('throughput'));
}

/** Output tokens per second of the whole run, or per GPU. */
function perSecond(r: MeasuredRow, latencyS: number): number {
  const tokens = r.batch * r.output_tokens;
  const gpus = readPerGpu(r) ? r.tensor_parallel * (r.pipeline_parallel ?? 1) : 1;
  return tokens / latencyS / gpus;
}

/** The latency in ms a row states or implies: a throughput row's batch produces its output tokens at that rate. */
function impliedLatencyMs(r: MeasuredRow): number {
  if (!r.metric.startsWith('throughput')) return r.value;
  return (perSecond(r, 1) / r.value) * 1e3;
}

/** A simulated run in the unit of the row's metric. */
export function inRowMetric(run: MeasuredRun, t: SimulatedTimes): number {
  if (run.row.metric.startsWith('throughput')) return perSecond(run.row, t.latency_s);
  return latencySeconds(run)(t) * 1e3;
}

/** The simulated seconds a row's latency (`latencyMs`) compares with: the time to first token for a first-token row, else the end-to-end latency. */
export function latencySeconds(run: MeasuredRun): (t: SimulatedTimes) => number {
  return run.row.metric === 'ttft_ms' ? (t) => t.ttft_s : (t) => t.latency_s;
}

let runs: MeasuredRun[] | undefined;
export function measuredRuns(): MeasuredRun[] {
  runs ??= measuredRows().map((row) => {
    const config = configOf(row);
    return { row, ...(config ? { config } : {}), ...roleOf(row), batchClass: batchClass(row.batch), latencyMs: impliedLatencyMs(row) };
  });
  return runs;
}

/** The rows tasim runs (every calibration and validation row, and the reference rows it can run). */
export function runnableRuns(): RunnableRun[] {
  return measuredRuns().filter((r): r is RunnableRun => r.config !== undefined);
}
