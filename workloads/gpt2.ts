/**
 * GPT-2 text generation as an operator trace: summarization over the input,
 * then one step per generated token with a growing KV cache. Pre-LN decoder
 * layers (LN, QKV, attention, projection, residual, LN, FFN, residual).
 */
import type { ModelConfig } from './model.js';
import type { Request } from './request.js';
import { type CompressionPlan, type LayerPatterns, buildSegments, patternRuns } from './layer-plan.js';
import type { DType, Op, Phase, Stage, StepOps, Workload } from './trace.js';
import { attention, elementwise, embedding, linear } from './transformer-ops.js';

export function gpt2Layer(m: ModelConfig, tokens: number, context: number, batch: number, dtype: DType, sp: LayerPatterns = {}): Op[] {
  const rows = tokens * batch;
  const d = m.dModel;
  return [
    elementwise('ln_1', 'layernorm', 'norm_residual', rows, d, dtype),
    linear('qkv', 'qkv_projection', rows, d, 3 * d, dtype, true, sp.qkv),
    ...attention(tokens, context, m.heads, m.headDim, batch, dtype, true),
    linear('attn_proj', 'qkv_projection', rows, d, d, dtype, true, sp.attn_proj),
    elementwise('residual_1', 'residual', 'norm_residual', rows, d, dtype),
    elementwise('ln_2', 'layernorm', 'norm_residual', rows, d, dtype),
    linear('ffn_1', 'ffn', rows, d, m.ffn, dtype, true, sp.ffn_1),
    elementwise('gelu', 'gelu', 'ffn', rows, m.ffn, dtype),
    linear('ffn_2', 'ffn', rows, m.ffn, d, dtype, true, sp.ffn_2),
    elementwise('residual_2', 'residual', 'norm_residual', rows, d, dtype),
  ];
}

export function gpt2Workload(model: ModelConfig, request: Request, dtype: DType = 'fp16', plan: CompressionPlan = {}): Workload {
  const runs = patternRuns(plan, model.layers);
  const phases: Phase[] = [{ stage: 'summarization', steps: 1, tokensPerStep: request.input, firstContext: 0, emits: request.output > 0 ? 'last' : 'none' }];
  if (request.output > 1) phases.push({ stage: 'generation', steps: request.output - 1, tokensPerStep: 1, firstContext: request.input, emits: 'all' });
  return {
    model,
    request,
    phases,
    step(stage: Stage, tokens: number, context: number, emitsToken: boolean): StepOps {
      const b = request.batch;
      // Only the last position's logits are needed to pick the next token.
      const post: Op[] = emitsToken
        ? [elementwise('ln_f', 'layernorm', 'norm_residual', b, model.dModel, dtype), linear('lm_head', 'lm_head', b, model.dModel, model.vocab, dtype, false)]
        : [];
      return {
        stage,
        tokens,
        context,
        batch: b,
        emitsToken,
        pre: [embedding(tokens * b, model.dModel, dtype)],
        ...buildSegments(runs, (sp) => gpt2Layer(model, tokens, context, b, dtype, sp)),
        layers: model.layers,
        post,
      };
    },
  };
}
