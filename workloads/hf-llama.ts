/**
 * Llama-style decoders (HuggingFace model_type llama, mistral, qwen2): pre-
 * RMSNorm, rotary embeddings on the whole head, SwiGLU MLPs, grouped-query
 * attention. They differ in defaults and biases: Qwen2 always has Q/K/V
 * biases; Mistral's sliding window applies unless null.
 */
import { z } from 'zod';
import type { ModelConfig } from './model.js';
import { shape } from './model-bounds.js';
import { decoderHeads, decoderSizes, gatedActivation, hfShapeFields, parseDecoder, preNormBlock } from './hf-fields.js';

const fields = {
  ...hfShapeFields,
  num_key_value_heads: shape.heads.nullable().optional(),
  head_dim: shape.dModel.nullable().optional(),
  hidden_act: z.string().default('silu'),
  tie_word_embeddings: z.boolean().default(false),
};
const llama = z.looseObject({ ...fields, attention_bias: z.boolean().default(false), mlp_bias: z.boolean().default(false) });
// MistralConfig defaults: 8 key/value heads and a 4096-token window when the fields are absent.
const mistral = z.looseObject({ ...fields, num_key_value_heads: shape.heads.nullable().default(8), sliding_window: shape.positions.nullable().default(4096) });
const qwen2 = z.looseObject({
  ...fields,
  num_key_value_heads: shape.heads.nullable().default(32),
  use_sliding_window: z.boolean().default(false),
  sliding_window: shape.positions.nullable().default(4096),
});

type Family = 'llama' | 'mistral' | 'qwen2';
const FIX = 'a Llama-style config needs hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, vocab_size and max_position_embeddings (positive integers)';

function read(family: Family, raw: unknown, name: string, input: string): ModelConfig {
  const schema = family === 'llama' ? llama : family === 'mistral' ? mistral : qwen2;
  const c = parseDecoder(schema, raw, input, FIX);
  const { kvHeads, headDim } = decoderHeads(input, c, c.num_key_value_heads, c.head_dim);
  const l = c as z.output<typeof llama>;
  const attnBias = family === 'llama' && l.attention_bias;
  let window: number | undefined;
  if (family === 'mistral') window = (c as z.output<typeof mistral>).sliding_window ?? undefined;
  if (family === 'qwen2') {
    const q = c as z.output<typeof qwen2>;
    window = q.use_sliding_window ? (q.sliding_window ?? undefined) : undefined;
  }
  return {
    ...decoderSizes(name, family, c, { kvHeads, headDim, ffn: c.intermediate_size }),
    block: {
      ...preNormBlock(c.hidden_size),
      norm: 'rmsnorm',
      mlp: 'gated',
      activation: gatedActivation(c.hidden_act, input, 'hidden_act'),
      rotaryDim: headDim,
      // Qwen2 biases Q, K and V but not the output projection; Llama's attention_bias covers all four.
      bias: { qkv: attnBias || family === 'qwen2', attnOut: attnBias, mlp: family === 'llama' && l.mlp_bias, lmHead: false },
    },
    ...(window !== undefined && window < c.max_position_embeddings ? { slidingWindow: window } : {}),
  };
}

export const llamaFromHfConfig = (raw: unknown, name: string, input: string) => read('llama', raw, name, input);
export const mistralFromHfConfig = (raw: unknown, name: string, input: string) => read('mistral', raw, name, input);
export const qwen2FromHfConfig = (raw: unknown, name: string, input: string) => read('qwen2', raw, name, input);
