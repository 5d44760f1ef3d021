/**
 * OPT (HuggingFace model_type opt): learned positions with OPT's offset of
 * two rows, ReLU MLPs, biases everywhere, tied LM head; pre-LN (1.3B and up)
 * or post-LN (350M, do_layer_norm_before false, no final norm); the 350M
 * model embeds tokens at word_embed_proj_dim and projects to the width.
 */
import { z } from 'zod';
import type { ModelConfig } from './model.js';
import { shape } from './model-bounds.js';
import { decoderHeads, decoderSizes, parseDecoder, plainActivation, preNormBlock } from './hf-fields.js';

const opt = z.looseObject({
  hidden_size: shape.dModel,
  ffn_dim: shape.ffn,
  num_hidden_layers: shape.layers,
  num_attention_heads: shape.heads,
  vocab_size: shape.vocab,
  max_position_embeddings: shape.positions,
  word_embed_proj_dim: shape.dModel.nullable().optional(),
  activation_function: z.string().default('relu'),
  do_layer_norm_before: z.boolean().default(true),
  _remove_final_layer_norm: z.boolean().default(false),
  enable_bias: z.boolean().default(true),
  layer_norm_elementwise_affine: z.boolean().default(true),
  tie_word_embeddings: z.boolean().default(true),
});

/** OPTLearnedPositionalEmbedding keeps two rows before the first position. */
const POSITION_OFFSET = 2;

export function optFromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const c = parseDecoder(
    opt,
    raw,
    input,
    'an OPT config needs hidden_size, ffn_dim, num_hidden_layers, num_attention_heads, vocab_size and max_position_embeddings (positive integers)',
  );
  const { kvHeads, headDim } = decoderHeads(input, c);
  const bias = c.enable_bias;
  return {
    ...decoderSizes(name, 'opt', c, { kvHeads, headDim, ffn: c.ffn_dim }),
    block: {
      ...preNormBlock(c.hidden_size),
      normAffine: c.layer_norm_elementwise_affine,
      normPlacement: c.do_layer_norm_before ? 'pre' : 'post',
      activation: plainActivation(c.activation_function, input, 'activation_function'),
      rotaryDim: 0,
      positionRows: c.max_position_embeddings + POSITION_OFFSET,
      bias: { qkv: bias, attnOut: bias, mlp: bias, lmHead: false },
      embedDim: c.word_embed_proj_dim ?? c.hidden_size,
      finalNorm: c.do_layer_norm_before && !c._remove_final_layer_norm,
    },
  };
}
