/**
 * GPT-NeoX and Pythia (HuggingFace model_type gpt_neox): partial rotary
 * embeddings (rotary_pct of each head), a parallel block with a LayerNorm
 * each for attention and MLP when use_parallel_residual (else sequential),
 * biases on every product, an untied LM head (embed_out) without bias.
 */
import { z } from 'zod';
import type { ModelConfig } from './model.js';
import { decoderHeads, decoderSizes, hfShapeFields, parseDecoder, plainActivation, preNormBlock, rotaryDims } from './hf-fields.js';

const neox = z.looseObject({
  ...hfShapeFields,
  rotary_pct: z.number().default(0.25),
  use_parallel_residual: z.boolean().default(true),
  attention_bias: z.boolean().default(true),
  hidden_act: z.string().default('gelu'),
  tie_word_embeddings: z.boolean().default(false),
});

export function neoxFromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const c = parseDecoder(
    neox,
    raw,
    input,
    'a GPT-NeoX config needs hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, vocab_size and max_position_embeddings (positive integers)',
  );
  const { kvHeads, headDim } = decoderHeads(input, c);
  return {
    ...decoderSizes(name, 'gpt_neox', c, { kvHeads, headDim, ffn: c.intermediate_size }),
    block: {
      ...preNormBlock(c.hidden_size),
      parallel: c.use_parallel_residual ? 'own_norms' : 'no',
      activation: plainActivation(c.hidden_act, input, 'hidden_act'),
      rotaryDim: rotaryDims(headDim, c.rotary_pct, input, 'rotary_pct'),
      bias: { qkv: c.attention_bias, attnOut: c.attention_bias, mlp: true, lmHead: false },
    },
  };
}
