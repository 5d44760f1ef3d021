/**
 * Any decoder-only transformer as an operator trace: summarization over the
 * input, then one step per generated token with a growing KV cache. The
 * layer follows the model's BlockShape (norm kind and placement, parallel
 * attention + MLP, plain or gated MLP, rotary or learned positions, biases),
 * so GPT-2, OPT, GPT-J, GPT-NeoX, Llama, Mistral, Qwen2 and Phi share one
 * builder. A parallel block lists its ops in sequence: every template runs
 * one op at a time per device (or stream), so what a parallel block changes
 * in cost is its norm count, not the order.
 */
import { type ModelConfig, headShape } from './model.js';
import { type OpNames, opNames } from './op-names.js';
import type { Request } from './request.js';
import { type CompressionPlan, type LayerPatterns, buildSegments, patternRuns } from './layer-plan.js';
import { type DType, type Op, type OpRole, type Phase, type StepOps, type StepSpec, type Workload, stepRows, stepSequences } from './trace.js';
import { cachedByShape, sharedByModel } from './step-shapes.js';
import { attention, elementwise, embedding, linear, rotary } from './transformer-ops.js';

/** Names of a layer's weight products in order (what a compression plan may name). */
function weightOpNames(m: ModelConfig): string[] {
  const n = opNames(m.family);
  return [n.qkv, n.attnOut, ...(m.block.mlp === 'gated' ? [n.mlpGate] : []), n.mlpIn, n.mlpOut];
}

/** One decoder layer over the step's sequences, each attending causally to its own cache. */
function decoderLayer(m: ModelConfig, spec: StepSpec, dtype: DType, sp: LayerPatterns = {}): Op[] {
  const b = m.block;
  const n = opNames(m.family);
  const rows = stepRows(spec);
  const d = m.dModel;
  const heads = headShape(m);
  const lin = (name: string, category: string, role: OpRole, k: number, width: number, bias: boolean) =>
    linear({ name, category, role, rows, k, n: width, dtype, bias, sparsity: sp[name] });
  const norm = (name: string) => elementwise(name, b.norm, 'norm_residual', rows, d, dtype, b.normAffine);
  const residual = (name: string) => elementwise(name, 'residual', 'norm_residual', rows, d, dtype);
  const pre = b.normPlacement === 'pre';

  const attn: Op[] = [
    lin(n.qkv, 'qkv_projection', { shard: 'column', weight: 'qkv', kv: 'write', heads }, d, (heads.q + 2 * heads.kv) * heads.dim, b.bias.qkv),
    ...(b.rotaryDim > 0 ? [rotary(n.rotary, rows, heads, b.rotaryDim, dtype)] : []),
    ...spec.seqs.flatMap((g) => attention(g, heads, dtype, true)),
    lin(n.attnOut, 'qkv_projection', { shard: 'row', weight: 'attn_out' }, heads.q * heads.dim, d, b.bias.attnOut),
  ];
  const gated = b.mlp === 'gated';
  const mlp: Op[] = [
    ...(gated ? [lin(n.mlpGate, 'ffn', { shard: 'column', weight: 'mlp_gate' }, d, m.ffn, b.bias.mlp)] : []),
    lin(n.mlpIn, 'ffn', { shard: 'column', weight: 'mlp_in' }, d, m.ffn, b.bias.mlp),
    elementwise(n.activation, gated ? 'silu_mul' : b.activation === 'relu' ? 'relu' : 'gelu', 'ffn', rows, m.ffn, dtype),
    lin(n.mlpOut, 'ffn', { shard: 'row', weight: 'mlp_out' }, m.ffn, d, b.bias.mlp),
  ];
  if (!pre) return [...attn, residual(n.residual1), norm(n.norm1), ...mlp, residual(n.residual2), norm(n.norm2)];
  const norm2 = b.parallel === 'shared_norm' ? [] : [norm(n.norm2)];
  return [norm(n.norm1), ...attn, residual(n.residual1), ...norm2, ...mlp, residual(n.residual2)];
}

/** Embedding lookups (and OPT's projection to the model width) of a step's token rows. */
function preOps(m: ModelConfig, n: OpNames, rows: number, dtype: DType): Op[] {
  const b = m.block;
  const learned = b.positionRows > 0;
  if (b.embedDim === m.dModel) return [embedding(rows, m.dModel, dtype, learned ? 2 : 1, n.embedding)];
  return [
    embedding(rows, b.embedDim, dtype, 1, n.embedding),
    linear({ name: n.projectIn, category: 'embedding', role: { shard: 'replicated', weight: 'embed_proj' }, rows, k: b.embedDim, n: m.dModel, dtype, bias: false }),
    ...(learned ? [embedding(rows, m.dModel, dtype, 1, n.positions), elementwise(n.embedAdd, 'residual', 'embedding', rows, m.dModel, dtype)] : []),
  ];
}

/** Final norm, projection back to the embedding width, and the LM head, for the rows that emit a token. */
function postOps(m: ModelConfig, n: OpNames, seqs: number, dtype: DType): Op[] {
  const b = m.block;
  const e = b.embedDim;
  return [
    ...(b.finalNorm ? [elementwise(n.finalNorm, b.norm, 'norm_residual', seqs, m.dModel, dtype, b.normAffine)] : []),
    ...(e !== m.dModel
      ? [linear({ name: n.projectOut, category: 'lm_head', role: { shard: 'replicated', weight: 'embed_proj' }, rows: seqs, k: m.dModel, n: e, dtype, bias: false })]
      : []),
    linear({ name: n.lmHead, category: 'lm_head', role: { shard: 'column', weight: 'lm_head' }, rows: seqs, k: e, n: m.vocab, dtype, bias: b.bias.lmHead }),
  ];
}

function stepOpsOf(model: ModelConfig, dtype: DType, plan: CompressionPlan): (spec: StepSpec) => StepOps {
  const make = () => {
    const runs = patternRuns(plan, model.layers, weightOpNames(model));
    const names = opNames(model.family);
    const build = (spec: StepSpec): StepOps => ({
      spec,
      pre: preOps(model, names, stepRows(spec), dtype),
      ...buildSegments(runs, (sp) => decoderLayer(model, spec, dtype, sp)),
      layers: model.layers,
      // Only the last position's logits are needed to pick each sequence's next token.
      post: spec.emits ? postOps(model, names, stepSequences(spec), dtype) : [],
    });
    const heads = headShape(model);
    return cachedByShape(build, (spec) => attention(spec.seqs[0], heads, dtype, true));
  };
  // A compression plan is the workload's own; without one, the ops are the model's.
  return plan.sparsity || plan.weightPrecision ? make() : sharedByModel(model, dtype, make);
}

export function decoderWorkload(model: ModelConfig, request: Request, dtype: DType = 'fp16', plan: CompressionPlan = {}): Workload {
  const ops = stepOpsOf(model, dtype, plan);
  const phases: Phase[] = [{ stage: 'summarization', steps: 1, tokensPerStep: request.input, firstContext: 0, emits: request.output > 0 ? 'last' : 'none' }];
  if (request.output > 1) phases.push({ stage: 'generation', steps: request.output - 1, tokensPerStep: 1, firstContext: request.input, emits: 'all' });
  return { model, request, phases, ops };
}
