/**
 * BERT-style encoders (post-LN, bidirectional attention, GELU FFN): one
 * forward pass over the whole sequence, no generation (`--output 0`).
 */
import { z } from 'zod';
import { type ModelConfig, gpt2Block, headShape } from './model.js';
import { headWidth, hfShapeFields, parseConfig } from './hf-fields.js';
import type { Request } from './request.js';
import { cachedByShape, sharedByModel } from './step-shapes.js';
import { type CompressionPlan, type LayerPatterns, buildSegments, patternRuns } from './layer-plan.js';
import { type DType, type Op, type OpRole, type Phase, type StepOps, type StepSpec, type Workload, stepRows } from './trace.js';
import { attention, elementwise, embedding, linear } from './transformer-ops.js';

const bertConfig = z.looseObject({ model_type: z.literal('bert'), ...hfShapeFields });

/** Encoders split the width over their heads (a config stating head_dim is not read). */
export function encoderHeadWidth(c: { hidden_size: number; num_attention_heads: number }, input: string): number {
  return headWidth(input, c.hidden_size, c.num_attention_heads, undefined, { width: 'hidden_size', heads: 'num_attention_heads' }, 'choose a head count that divides hidden_size');
}

export function bertFromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const c = parseConfig(
    bertConfig,
    raw,
    input,
    'a BERT config needs hidden_size, num_hidden_layers, num_attention_heads, intermediate_size, vocab_size and max_position_embeddings',
  );
  encoderHeadWidth(c, input);
  return encoderShape(c, name, 'bert');
}

/** The ModelConfig of a HuggingFace-style encoder config (BERT field names). */
export function encoderShape(
  c: { num_hidden_layers: number; hidden_size: number; num_attention_heads: number; intermediate_size: number; vocab_size: number; max_position_embeddings: number },
  name: string,
  family: string,
): ModelConfig {
  return {
    name,
    family,
    kind: 'encoder',
    layers: c.num_hidden_layers,
    dModel: c.hidden_size,
    heads: c.num_attention_heads,
    kvHeads: c.num_attention_heads,
    headDim: c.hidden_size / c.num_attention_heads,
    ffn: c.intermediate_size,
    vocab: c.vocab_size,
    maxPositions: c.max_position_embeddings,
    tiedLmHead: true,
    // Counted as GPT-2 counts its parameters (the embedding LayerNorm stands in for a final norm).
    block: { ...gpt2Block(c.hidden_size, c.max_position_embeddings), normPlacement: 'post' },
  };
}

/** The weight products of a BERT layer, by the names bertLayer gives them. */
const BERT_WEIGHT_OPS = ['qkv', 'attn_proj', 'ffn_1', 'ffn_2'];

/** A post-LN encoder layer over the step's sequences (bidirectional attention). */
export function bertLayer(m: ModelConfig, spec: StepSpec, dtype: DType, sp: LayerPatterns = {}): Op[] {
  const rows = stepRows(spec);
  const d = m.dModel;
  const heads = headShape(m);
  const lin = (name: string, category: string, role: OpRole, k: number, n: number) => linear({ name, category, role, rows, k, n, dtype, sparsity: sp[name] });
  return [
    lin('qkv', 'qkv_projection', { shard: 'column', weight: 'qkv', kv: 'write', heads }, d, 3 * d),
    ...spec.seqs.flatMap((g) => attention(g, heads, dtype, false)),
    lin('attn_proj', 'qkv_projection', { shard: 'row', weight: 'attn_out' }, d, d),
    elementwise('residual_1', 'residual', 'norm_residual', rows, d, dtype),
    elementwise('ln_1', 'layernorm', 'norm_residual', rows, d, dtype),
    lin('ffn_1', 'ffn', { shard: 'column', weight: 'mlp_in' }, d, m.ffn),
    elementwise('gelu', 'gelu', 'ffn', rows, m.ffn, dtype),
    lin('ffn_2', 'ffn', { shard: 'row', weight: 'mlp_out' }, m.ffn, d),
    elementwise('residual_2', 'residual', 'norm_residual', rows, d, dtype),
    elementwise('ln_2', 'layernorm', 'norm_residual', rows, d, dtype),
  ];
}

export function bertWorkload(model: ModelConfig, request: Request, dtype: DType = 'fp16', plan: CompressionPlan = {}): Workload {
  const runs = patternRuns(plan, model.layers, BERT_WEIGHT_OPS);
  const phases: Phase[] = [{ stage: 'summarization', steps: 1, tokensPerStep: request.input, firstContext: 0, emits: 'none' }];
  const build = (spec: StepSpec): StepOps => ({
    spec,
    pre: [embedding(stepRows(spec), model.dModel, dtype)],
    ...buildSegments(runs, (sp) => bertLayer(model, spec, dtype, sp)),
    layers: model.layers,
    post: [],
  });
  // A compression plan is the workload's own; without one, the ops are the model's.
  const ops = plan.sparsity || plan.weightPrecision ? cachedByShape(build) : sharedByModel(model, dtype, () => cachedByShape(build));
  return { model, request, phases, ops };
}
