/**
 * Model presets and files, and the request check: one entry point that turns
 * `--model` + `--input/--output/--batch` into a Workload.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../arch/project-root.js';
import { UserError } from '../arch/user-error.js';
import { gpt2Workload } from './gpt2.js';
import { gpt2FromHfConfig, readJsonFile } from './hf-config.js';
import type { ModelConfig } from './model.js';
import type { Request } from './request.js';
import type { DType, Workload } from './trace.js';

export function modelPresetNames(): string[] {
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
  if (!isPath && !existsSync(file)) {
    throw new UserError({ input: '--model', field: ref, problem: 'unknown model preset', fix: `use one of: ${modelPresetNames().join(', ')}, or a HuggingFace config.json path` });
  }
  const raw = readJsonFile(file);
  const model = gpt2FromHfConfig(raw, ref, isPath ? file : `model preset ${ref}`);
  cache.set(ref, model);
  return model;
}

export function checkRequest(model: ModelConfig, r: Request): void {
  const int = (v: number) => Number.isInteger(v);
  if (!int(r.input) || r.input < 1) throw new UserError({ input: '--input', field: String(r.input), problem: 'input tokens must be a whole number >= 1', fix: 'e.g. --input 64' });
  if (!int(r.output) || r.output < 0) throw new UserError({ input: '--output', field: String(r.output), problem: 'output tokens must be a whole number >= 0', fix: 'e.g. --output 64 (0 for an encoder-only run)' });
  if (!int(r.batch) || r.batch < 1) throw new UserError({ input: '--batch', field: String(r.batch), problem: 'batch must be a whole number >= 1', fix: 'e.g. --batch 1' });
  if (model.kind === 'decoder' && r.input + r.output > model.maxPositions) {
    throw new UserError({
      input: '--input/--output',
      field: `${r.input}+${r.output}`,
      problem: `${r.input + r.output} tokens exceed ${model.name}'s context of ${model.maxPositions} positions`,
      fix: `keep input + output <= ${model.maxPositions}`,
    });
  }
  if (model.kind === 'encoder' && r.input > model.maxPositions) {
    throw new UserError({ input: '--input', field: String(r.input), problem: `sequence of ${r.input} exceeds ${model.name}'s ${model.maxPositions} positions`, fix: `use --input <= ${model.maxPositions}` });
  }
}

export interface WorkloadOptions {
  dtype?: DType;
}

export function buildWorkload(model: ModelConfig, request: Request, opts: WorkloadOptions = {}): Workload {
  checkRequest(model, request);
  switch (model.family) {
    case 'gpt2':
      return gpt2Workload(model, request, opts.dtype ?? 'fp16');
    default:
      throw new UserError({ input: '--model', field: model.name, problem: `no workload generator for family ${model.family}` });
  }
}
