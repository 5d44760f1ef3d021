/**
 * BERT-style encoders (post-LN, bidirectional attention, GELU FFN): one
 * forward pass over the whole sequence, no generation (`--output 0`).
 */
import { z } from 'zod';
import { firstIssue } from '../arch/schema-issue.js';
import { UserError } from '../arch/user-error.js';
import type { ModelConfig } from './model.js';
import { shape } from './model-bounds.js';
import type { Request } from './request.js';
import { type CompressionPlan, type LayerPatterns, buildSegments, patternRuns } from './layer-plan.js';
import type { DType, Op, Phase, Stage, StepOps, Workload } from './trace.js';
import { attention, elementwise, embedding, linear } from './transformer-ops.js';

/** The shape fields of a HuggingFace-style encoder config (BERT names), shared by FABNet's. */
export const encoderConfigFields = {
  hidden_size: shape.dModel,
  num_hidden_layers: shape.layers,
  num_attention_heads: shape.heads,
  intermediate_size: shape.ffn,
  vocab_size: shape.vocab,
  max_position_embeddings: shape.positions,
};
const bertConfig = z.looseObject({ model_type: z.literal('bert'), ...encoderConfigFields });

export function bertFromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const r = bertConfig.safeParse(raw);
  if (!r.success) {
    const i = firstIssue(r.error, raw);
    throw new UserError({ input, field: i.path, problem: i.problem, fix: i.fix ?? 'a BERT config needs hidden_size, num_hidden_layers, num_attention_heads, intermediate_size, vocab_size and max_position_embeddings' });
  }
  const c = r.data;
  if (c.hidden_size % c.num_attention_heads !== 0) {
    throw new UserError({ input, field: 'num_attention_heads', problem: `${c.num_attention_heads} heads do not divide hidden_size = ${c.hidden_size}`, fix: 'choose a head count that divides hidden_size' });
  }
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
    headDim: c.hidden_size / c.num_attention_heads,
    ffn: c.intermediate_size,
    vocab: c.vocab_size,
    maxPositions: c.max_position_embeddings,
    tiedLmHead: true,
  };
}

export function bertLayer(m: ModelConfig, tokens: number, batch: number, dtype: DType, sp: LayerPatterns = {}): Op[] {
  const rows = tokens * batch;
  const d = m.dModel;
  return [
    linear('qkv', 'qkv_projection', rows, d, 3 * d, dtype, true, sp.qkv),
    ...attention(tokens, 0, m.heads, m.headDim, batch, dtype, false),
    linear('attn_proj', 'qkv_projection', rows, d, d, dtype, true, sp.attn_proj),
    elementwise('residual_1', 'residual', 'norm_residual', rows, d, dtype),
    elementwise('ln_1', 'layernorm', 'norm_residual', rows, d, dtype),
    linear('ffn_1', 'ffn', rows, d, m.ffn, dtype, true, sp.ffn_1),
    elementwise('gelu', 'gelu', 'ffn', rows, m.ffn, dtype),
    linear('ffn_2', 'ffn', rows, m.ffn, d, dtype, true, sp.ffn_2),
    elementwise('residual_2', 'residual', 'norm_residual', rows, d, dtype),
    elementwise('ln_2', 'layernorm', 'norm_residual', rows, d, dtype),
  ];
}

export function bertWorkload(model: ModelConfig, request: Request, dtype: DType = 'fp16', plan: CompressionPlan = {}): Workload {
  const runs = patternRuns(plan, model.layers);
  const phases: Phase[] = [{ stage: 'summarization', steps: 1, tokensPerStep: request.input, firstContext: 0, emits: 'none' }];
  return {
    model,
    request,
    phases,
    step(stage: Stage, tokens: number, context: number, emitsToken: boolean): StepOps {
      return {
        stage,
        tokens,
        context,
        batch: request.batch,
        emitsToken,
        pre: [embedding(tokens * request.batch, model.dModel, dtype)],
        ...buildSegments(runs, (sp) => bertLayer(model, tokens, request.batch, dtype, sp)),
        layers: model.layers,
        post: [],
      };
    },
  };
}
