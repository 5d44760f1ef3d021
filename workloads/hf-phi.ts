/**
 * Phi-1, Phi-1.5 and Phi-2 (HuggingFace model_type phi): a GPT-J-style
 * parallel block (one LayerNorm shared by attention and MLP), partial rotary
 * embeddings (partial_rotary_factor), biases on every product and on the
 * untied LM head.
 */
import { z } from 'zod';
import type { ModelConfig } from './model.js';
import { shape } from './model-bounds.js';
import { decoderHeads, decoderSizes, hfShapeFields, parseDecoder, plainActivation, preNormBlock, rotaryDims, unmodelled } from './hf-fields.js';

const phi = z.looseObject({
  ...hfShapeFields,
  num_key_value_heads: shape.heads.nullable().optional(),
  partial_rotary_factor: z.number().default(0.5),
  hidden_act: z.string().default('gelu_new'),
  qk_layernorm: z.boolean().default(false),
  tie_word_embeddings: z.boolean().default(false),
});

export function phiFromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const c = parseDecoder(
    phi,
    raw,
    input,
    'a Phi config needs hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, vocab_size and max_position_embeddings (positive integers)',
  );
  if (c.qk_layernorm) unmodelled(input, 'qk_layernorm', true, 'no LayerNorm on queries and keys is modelled', 'set it to false');
  const { kvHeads, headDim } = decoderHeads(input, c, c.num_key_value_heads);
  return {
    ...decoderSizes(name, 'phi', c, { kvHeads, headDim, ffn: c.intermediate_size }),
    block: {
      ...preNormBlock(c.hidden_size),
      parallel: 'shared_norm',
      activation: plainActivation(c.hidden_act, input, 'hidden_act'),
      rotaryDim: rotaryDims(headDim, c.partial_rotary_factor, input, 'partial_rotary_factor'),
      bias: { qkv: true, attnOut: true, mlp: true, lmHead: true },
    },
  };
}
