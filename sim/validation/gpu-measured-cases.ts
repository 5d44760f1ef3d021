/**
 * The measured GPU rows (sim/validation/gpu-measured.json, from NVIDIA's
 * FasterTransformer guides) as runs of the GPU template, each with its role.
 * The split, stated once (docs/gpu.md lists the fitted constants):
 *   fastertransformer (the C++ runs of the GPT guide): calibrate on GPT-20B at TP 1 and 8 (85 rows, all five
 *     request shapes, batch 1-256); validate on GPT-20B at TP 2 and 4 and on GPT-6.7B (and the 13B rows of gpu-cases.ts).
 *   fastertransformer-triton (the FT columns of the GPT-89B/175B tables, served by Triton): calibrate on
 *     GPT-89B, validate on GPT-175B.
 *   megatron (the Megatron columns of the same tables): calibrate on GPT-89B, validate on GPT-175B (and the DFX rows).
 *   tensorflow (the openai/gpt-2 code): calibrate on the rows of 128 tokens, validate on those of 1024.
 *   tensorrt (fused encoder, FasterTransformer BERT with fused MHA): calibrate on sequence 32 and 384, validate on 128;
 *     the 2:4 speedup curve: calibrate on batch 1 and 32, validate on batch 8.
 * Reference (shown, no tolerance), each with its reason: pipeline-parallel rows (not modelled), multi-node
 * Megatron-530B (hierarchical all-reduce over InfiniBand not modelled), EFF-FT (padding removal, not modelled),
 * FT-OP (FasterTransformer inside TensorFlow) and FT-CPP v3.1 (an older release of the decoder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';
import type { DType } from '../../workloads/trace.js';
import type { CaseRole } from './case.js';

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
  config: GpuRunConfig;
  role: CaseRole;
  /** Why a row is reference only. */
  why?: string;
  /** Batch class for error tables. */
  batchClass: 'batch 1' | 'batch 2-4' | 'batch >= 8';
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
};

/** Across nodes a ring all-reduce runs at each GPU's InfiniBand port: 8 x 200 Gb/s per 8-GPU node (the rows' notes). */
const INFINIBAND = ['interconnect.bandwidth=25GB/s', 'interconnect.latency=5us'];
/** The DGX-1 of the v3.1 rows: 16 GB V100s (the notes' assumption). */
const DGX1_V100 = ['memory.capacity=16GiB'];

/** The large-model tables whose FasterTransformer column is FasterTransformer served by Triton (the rows' notes). */
const TRITON_TABLES = new Set(['GPT-89B', 'GPT-175B', 'Megatron-530B']);

function batchClass(b: number): MeasuredRun['batchClass'] {
  return b === 1 ? 'batch 1' : b < 8 ? 'batch 2-4' : 'batch >= 8';
}

function roleOf(r: MeasuredRow): { role: CaseRole; why?: string } {
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

function configOf(r: MeasuredRow): GpuRunConfig {
  const v100 = r.gpu.startsWith('v100');
  const set = [...(v100 ? DGX1_V100 : []), ...(r.tensor_parallel > 8 ? INFINIBAND : [])];
  const stack = r.model === 'BERT-base' ? 'tensorrt' : r.stack === 'fastertransformer' && TRITON_TABLES.has(r.model) ? 'fastertransformer-triton' : r.stack;
  // v3.1 GPT-2 rows start from one token and stop at Seq_len tokens: Seq_len - 1 are generated.
  const gpt2v31 = r.model === 'GPT-2 124M';
  return {
    arch: v100 ? 'v100' : 'a100-80gb',
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

let runs: MeasuredRun[] | undefined;
export function measuredRuns(): MeasuredRun[] {
  runs ??= measuredRows().map((row) => ({ row, config: configOf(row), ...roleOf(row), batchClass: batchClass(row.batch) }));
  return runs;
}
