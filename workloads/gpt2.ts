/**
 * GPT-2 text generation as an operator trace: summarization over the input,
 * then one step per generated token with a growing KV cache. Pre-LN decoder
 * layers (LN, QKV, attention, projection, residual, LN, FFN, residual).
 */
import { type ModelConfig, headShape } from './model.js';
import type { Request } from './request.js';
import { type CompressionPlan, type LayerPatterns, buildSegments, patternRuns } from './layer-plan.js';
import { type DType, type Op, type OpRole, type Phase, type StepOps, type StepSpec, type Workload, stepRows, stepSequences } from './trace.js';
import { attention, elementwise, embedding, linear } from './transformer-ops.js';

/** A pre-LN decoder layer over the step's sequences, each attending causally to its own cache. */
export function gpt2Layer(m: ModelConfig, spec: StepSpec, dtype: DType, sp: LayerPatterns = {}): Op[] {
  const rows = stepRows(spec);
  const d = m.dModel;
  const heads = headShape(m);
  const lin = (name: string, category: string, role: OpRole, k: number, n: number) => linear({ name, category, role, rows, k, n, dtype, sparsity: sp[name] });
  return [
    elementwise('ln_1', 'layernorm', 'norm_residual', rows, d, dtype),
    lin('qkv', 'qkv_projection', { shard: 'column', weight: 'qkv', kv: 'write', heads }, d, (heads.q + 2 * heads.kv) * heads.dim),
    ...spec.seqs.flatMap((g) => attention(g, heads, dtype, true)),
    lin('attn_proj', 'qkv_projection', { shard: 'row', weight: 'attn_out' }, d, d),
    elementwise('residual_1', 'residual', 'norm_residual', rows, d, dtype),
    elementwise('ln_2', 'layernorm', 'norm_residual', rows, d, dtype),
    lin('ffn_1', 'ffn', { shard: 'column', weight: 'mlp_in' }, d, m.ffn),
    elementwise('gelu', 'gelu', 'ffn', rows, m.ffn, dtype),
    lin('ffn_2', 'ffn', { shard: 'row', weight: 'mlp_out' }, m.ffn, d),
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
    ops(spec: StepSpec): StepOps {
      // Only the last position's logits are needed to pick each sequence's next token.
      const seqs = stepSequences(spec);
      const post: Op[] = spec.emits
        ? [
            elementwise('ln_f', 'layernorm', 'norm_residual', seqs, model.dModel, dtype),
            linear({ name: 'lm_head', category: 'lm_head', role: { shard: 'column', weight: 'lm_head' }, rows: seqs, k: model.dModel, n: model.vocab, dtype, bias: false }),
          ]
        : [];
      return {
        spec,
        pre: [embedding(stepRows(spec), model.dModel, dtype)],
        ...buildSegments(runs, (sp) => gpt2Layer(model, spec, dtype, sp)),
        layers: model.layers,
        post,
      };
    },
  };
}
