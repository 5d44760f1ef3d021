/**
 * Model presets and files, and the request check: one entry point that turns
 * `--model` + `--input/--output/--batch` into a Workload. Model files are
 * dispatched on their `model_type` (HuggingFace convention); each family
 * registers a config reader and a workload generator below.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../arch/project-root.js';
import { ownValue } from '../arch/safe-keys.js';
import { UserError } from '../arch/user-error.js';
import { bertFromHfConfig, bertWorkload } from './bert.js';
import { fabnetFromConfig, fabnetWorkload, isFabnetModel } from './fabnet.js';
import { gpt2ButterflyFromConfig, gpt2ButterflyWorkload } from './gpt2-butterfly.js';
import { decoderWorkload } from './decoder.js';
import { gpt2FromHfConfig, readJsonFile } from './hf-config.js';
import { gptjFromHfConfig } from './hf-gptj.js';
import { llamaFromHfConfig, mistralFromHfConfig, qwen2FromHfConfig } from './hf-llama.js';
import { neoxFromHfConfig } from './hf-neox.js';
import { optFromHfConfig } from './hf-opt.js';
import { phiFromHfConfig } from './hf-phi.js';
import { longestSequence, type ModelConfig } from './model.js';
import { REQUEST_BOUNDS } from './model-bounds.js';
import type { Request } from './request.js';
import type { WeightPrecisionPlan } from './precision-plan.js';
import type { SparsitySpec } from './sparsity.js';
import type { DType, Workload } from './trace.js';

export interface WorkloadOptions {
  dtype?: DType;
  /** N:M sparsity of the layers' weight matrices: one pattern, or per layer (see sparsity.ts). */
  sparsity?: SparsitySpec;
  /** Per-layer weight precision (mixed-precision plans); uncovered ops keep the design's precision. */
  weightPrecision?: WeightPrecisionPlan;
}

/** Reads a config file's JSON into a ModelConfig (name = preset or path; input = what to name in errors). */
type ConfigReader = (raw: unknown, name: string, input: string) => ModelConfig;
type WorkloadBuilder = (model: ModelConfig, request: Request, opts: WorkloadOptions) => Workload;

const READERS: Record<string, ConfigReader> = {
  gpt2: gpt2FromHfConfig,
  opt: optFromHfConfig,
  gptj: gptjFromHfConfig,
  gpt_neox: neoxFromHfConfig,
  llama: llamaFromHfConfig,
  mistral: mistralFromHfConfig,
  qwen2: qwen2FromHfConfig,
  phi: phiFromHfConfig,
  bert: bertFromHfConfig,
  fabnet: fabnetFromConfig,
  gpt2_butterfly: gpt2ButterflyFromConfig,
};

const decoder: WorkloadBuilder = (m, r, o) => decoderWorkload(m, r, o.dtype ?? 'fp16', o);

const BUILDERS: Record<string, WorkloadBuilder> = {
  gpt2: decoder,
  opt: decoder,
  gptj: decoder,
  gpt_neox: decoder,
  llama: decoder,
  mistral: decoder,
  qwen2: decoder,
  phi: decoder,
  bert: (m, r, o) => bertWorkload(m, r, o.dtype ?? 'fp16', o),
  fabnet: (m, r, o) => {
    if (!isFabnetModel(m)) throw new Error(`${m.name}: family fabnet without a FABNet config`);
    return fabnetWorkload(m, r, o.dtype ?? 'fp16');
  },
  gpt2_butterfly: (m, r, o) => gpt2ButterflyWorkload(m, r, o.dtype ?? 'fp16', o),
};

function modelPresetNames(): string[] {
  return readdirSync(join(projectRoot(), 'workloads', 'presets'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

const cache = new Map<string, ModelConfig>();

export function loadModel(ref: string): ModelConfig {
  const hit = cache.get(ref);
  if (hit) return hit;
  const isPath = /[\\/]/.test(ref) || ref.endsWith('.json');
  const file = isPath ? ref : join(projectRoot(), 'workloads', 'presets', `${ref}.json`);
  if (!isPath && (ref.startsWith('.') || !existsSync(file))) {
    throw new UserError({ input: '--model', field: ref, problem: 'unknown model preset', fix: `use one of: ${modelPresetNames().join(', ')}, or a HuggingFace config.json path` });
  }
  const raw = readJsonFile(file);
  const input = isPath ? file : `model preset ${ref}`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UserError({ input, problem: 'a model config must be a JSON object', fix: 'give a HuggingFace config.json ({"model_type": "gpt2", "n_layer": 12, ...})' });
  const t = Object.hasOwn(raw, 'model_type') ? (raw as { model_type: unknown }).model_type : 'gpt2';
  const type = typeof t === 'string' ? t : JSON.stringify(t);
  const reader = ownValue(READERS, type);
  if (!reader)
    throw new UserError({ input, field: 'model_type', problem: `unsupported model_type ${JSON.stringify(type)}`, fix: `use one of: ${Object.keys(READERS).join(', ')}` });
  const model = reader(raw, ref, input);
  cache.set(ref, model);
  return model;
}

export function checkRequest(model: ModelConfig, r: Request): void {
  const int = (v: number) => Number.isInteger(v);
  if (!int(r.input) || r.input < 1) throw new UserError({ input: '--input', field: String(r.input), problem: 'input tokens must be a whole number >= 1', fix: 'e.g. --input 64' });
  if (!int(r.output) || r.output < 0)
    throw new UserError({ input: '--output', field: String(r.output), problem: 'output tokens must be a whole number >= 0', fix: 'e.g. --output 64 (0 for an encoder-only run)' });
  if (!int(r.batch) || r.batch < 1) throw new UserError({ input: '--batch', field: String(r.batch), problem: 'batch must be a whole number >= 1', fix: 'e.g. --batch 1' });
  if (r.input + r.output > REQUEST_BOUNDS.tokens && r.input + r.output <= model.maxPositions)
    throw new UserError({
      input: '--input/--output',
      field: `${r.input}+${r.output}`,
      problem: `one request is at most ${REQUEST_BOUNDS.tokens} tokens in all`,
      fix: `keep input + output <= ${REQUEST_BOUNDS.tokens} (docs/limits.md)`,
    });
  if (r.output > REQUEST_BOUNDS.output)
    throw new UserError({
      input: '--output',
      field: String(r.output),
      problem: `one request generates at most ${REQUEST_BOUNDS.output} tokens`,
      fix: `use --output ${REQUEST_BOUNDS.output} or less (docs/limits.md)`,
    });
  if (r.batch > REQUEST_BOUNDS.batch)
    throw new UserError({
      input: '--batch',
      field: String(r.batch),
      problem: `more than ${REQUEST_BOUNDS.batch} sequences at once`,
      fix: `use --batch ${REQUEST_BOUNDS.batch} or less (docs/limits.md)`,
    });
  if (model.kind === 'encoder' && r.output > 0) {
    throw new UserError({
      input: '--output',
      field: String(r.output),
      problem: `${model.name} is an encoder and generates no tokens`,
      fix: 'use --output 0 (--input is the sequence length)',
    });
  }
  if (r.input + r.output <= longestSequence(model)) return;
  if (r.input + r.output > model.maxPositions) {
    throw new UserError({
      input: '--input/--output',
      field: `${r.input}+${r.output}`,
      problem: `${r.input + r.output} tokens exceed ${model.name}'s context of ${model.maxPositions} positions`,
      fix: `keep input + output <= ${model.maxPositions}`,
    });
  }
  const window = longestSequence(model);
  throw new UserError({
    input: '--input/--output',
    field: 'sliding_window',
    problem: `${r.input + r.output} tokens exceed ${model.name}'s sliding window of ${window} (attention over a window is not modelled, only contexts within it)`,
    fix: `keep input + output <= ${window}`,
  });
}

/**
 * `--exact` simulates every layer of every pass one by one: refuse a run that
 * would take minutes (the default mode reuses identical layers and gives the same results).
 */
export function checkExactWork(model: ModelConfig, r: Request): void {
  const passes = model.layers * (r.input + r.output);
  if (passes > REQUEST_BOUNDS.exactLayerPasses) {
    throw new UserError({
      input: '--exact',
      field: `${model.layers} layers x ${r.input + r.output} tokens`,
      problem: `${passes} layer passes to simulate one by one, more than ${REQUEST_BOUNDS.exactLayerPasses}`,
      fix: 'drop --exact (the default mode gives the same results by reusing identical layers), or shorten the request',
    });
  }
}

export function buildWorkload(model: ModelConfig, request: Request, opts: WorkloadOptions = {}): Workload {
  checkRequest(model, request);
  const build = ownValue(BUILDERS, model.family);
  if (!build)
    throw new UserError({
      input: '--model',
      field: model.name,
      problem: `no workload generator for family ${model.family}`,
      fix: `use a model of family ${Object.keys(BUILDERS).join(', ')}`,
    });
  const w = build(model, request, opts);
  return { model: w.model, request: w.request, phases: w.phases, ops: w.ops, compression: { sparsity: !!opts.sparsity, weightPrecision: !!opts.weightPrecision } };
}
