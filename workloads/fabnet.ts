/**
 * FABNet-style encoders: FBfly layers mix tokens with a 2-D FFT (FNet) and
 * use butterfly-factorised FFNs; optionally the top `attention_layers`
 * layers are ABfly layers that keep softmax attention and a dense FFN.
 * One forward pass over the sequence (`--output 0`, `--input` = length).
 *
 * The trace holds the FBfly layer as the repeated `layer` and the ABfly
 * layers, which sit on top, in `post`.
 */
import { z } from 'zod';
import { UserError } from '../arch/user-error.js';
import { bertLayer, encoderHeadWidth, encoderShape } from './bert.js';
import { hfShapeFields, parseConfig } from './hf-fields.js';
import { butterflyLinear, fourierMixing } from './butterfly-ops.js';
import type { ModelConfig } from './model.js';
import type { Request } from './request.js';
import { cachedByShape, sharedByModel } from './step-shapes.js';
import { type DType, type Op, type Phase, type StepOps, type StepSpec, type Workload, stepRows } from './trace.js';
import { elementwise } from './transformer-ops.js';

export interface FabnetModel extends ModelConfig {
  /** Top layers that keep softmax attention and a dense FFN (ABfly). */
  readonly attentionLayers: number;
}

export function isFabnetModel(m: ModelConfig): m is FabnetModel {
  return m.family === 'fabnet' && typeof (m as Partial<FabnetModel>).attentionLayers === 'number';
}

const fabnetConfig = z.looseObject({
  model_type: z.literal('fabnet'),
  ...hfShapeFields,
  attention_layers: z.number().int().nonnegative().default(0),
});

export function fabnetFromConfig(raw: unknown, name: string, input: string): FabnetModel {
  const c = parseConfig(
    fabnetConfig,
    raw,
    input,
    'a FABNet config needs hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, max_position_embeddings, vocab_size (positive integers) and optionally attention_layers (0 = all FBfly)',
  );
  encoderHeadWidth(c, input);
  if (c.attention_layers > c.num_hidden_layers) {
    throw new UserError({
      input,
      field: 'attention_layers',
      problem: `${c.attention_layers} ABfly layers exceed the ${c.num_hidden_layers} layers`,
      fix: `use 0..${c.num_hidden_layers}`,
    });
  }
  return { ...encoderShape(c, name, 'fabnet'), attentionLayers: c.attention_layers };
}

/** FBfly: Fourier mixing, add & norm, butterfly FFN, add & norm (post-LN, as FNet). */
function fbflyLayer(m: ModelConfig, spec: StepSpec, dtype: DType): Op[] {
  const rows = stepRows(spec);
  const d = m.dModel;
  return [
    ...spec.seqs.flatMap((g) => fourierMixing(g.tokens, d, g.count, dtype)),
    elementwise('residual_1', 'residual', 'norm', rows, d, dtype),
    elementwise('ln_1', 'layernorm', 'norm', rows, d, dtype),
    butterflyLinear('ffn_1', 'butterfly', rows, d, m.ffn, dtype, true, { shard: 'replicated', weight: 'mlp_in' }),
    elementwise('gelu', 'gelu', 'butterfly', rows, m.ffn, dtype),
    butterflyLinear('ffn_2', 'butterfly', rows, m.ffn, d, dtype, true, { shard: 'replicated', weight: 'mlp_out' }),
    elementwise('residual_2', 'residual', 'norm', rows, d, dtype),
    elementwise('ln_2', 'layernorm', 'norm', rows, d, dtype),
  ];
}

/** ABfly: a BERT encoder layer (softmax attention, dense FFN); norms counted as 'norm'. */
function abflyLayer(m: ModelConfig, spec: StepSpec, dtype: DType): Op[] {
  return bertLayer(m, spec, dtype).map((o) => (o.category === 'norm_residual' ? { ...o, category: 'norm' } : o));
}

export function fabnetWorkload(model: FabnetModel, request: Request, dtype: DType = 'fp16'): Workload {
  const phases: Phase[] = [{ stage: 'summarization', steps: 1, tokensPerStep: request.input, firstContext: 0, emits: 'none' }];
  const k = model.attentionLayers;
  const build = (spec: StepSpec): StepOps => {
    const top: Op[] = [];
    for (let i = 0; i < k; i++) top.push(...abflyLayer(model, spec, dtype));
    return {
      spec,
      // Token embedding is a host-side table lookup; the accelerator starts from embedded tokens.
      pre: [],
      layer: fbflyLayer(model, spec, dtype),
      layers: model.layers - k,
      post: top,
    };
  };
  return { model, request, phases, ops: sharedByModel(model, dtype, () => cachedByShape(build)) };
}
