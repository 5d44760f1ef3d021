/**
 * GPT-J (HuggingFace model_type gptj): a parallel block (attention and MLP
 * both read the one LayerNorm's output and add to the input), partial rotary
 * embeddings (rotary_dim), no attention biases, an untied LM head with bias.
 */
import { z } from 'zod';
import { UserError } from '../arch/user-error.js';
import type { ModelConfig } from './model.js';
import { shape } from './model-bounds.js';
import { headWidth, parseDecoder, plainActivation, preNormBlock } from './hf-fields.js';

const gptj = z.looseObject({
  n_embd: shape.dModel,
  n_layer: shape.layers,
  n_head: shape.heads,
  n_inner: shape.ffn.nullable().optional(),
  n_positions: shape.positions,
  vocab_size: shape.vocab,
  rotary_dim: shape.dModel.nullable().default(64),
  activation_function: z.string().default('gelu_new'),
  tie_word_embeddings: z.boolean().default(false),
});

export function gptjFromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const c = parseDecoder(gptj, raw, input, 'a GPT-J config needs n_embd, n_layer, n_head, n_positions and vocab_size (positive integers)');
  const headDim = headWidth(input, c.n_embd, c.n_head, undefined, { width: 'n_embd', heads: 'n_head' });
  const rotaryDim = c.rotary_dim ?? headDim;
  if (rotaryDim > headDim)
    throw new UserError({ input, field: 'rotary_dim', problem: `${rotaryDim} exceeds the head width ${headDim}`, fix: `use at most ${headDim} (or null for the whole head)` });
  return {
    name,
    family: 'gptj',
    kind: 'decoder',
    layers: c.n_layer,
    dModel: c.n_embd,
    heads: c.n_head,
    kvHeads: c.n_head,
    headDim,
    ffn: c.n_inner ?? 4 * c.n_embd,
    vocab: c.vocab_size,
    maxPositions: c.n_positions,
    tiedLmHead: c.tie_word_embeddings,
    block: {
      ...preNormBlock(c.n_embd),
      parallel: 'shared_norm',
      activation: plainActivation(c.activation_function, input, 'activation_function'),
      rotaryDim,
      bias: { qkv: false, attnOut: false, mlp: true, lmHead: true },
    },
  };
}
