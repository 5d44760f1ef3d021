/** Reading a HuggingFace GPT-2 `config.json` (or a tasim preset in that format), and JSON files. */
import { z } from 'zod';
import { INPUT_LIMITS, readJsonInput } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';
import { type ModelConfig, gpt2Block } from './model.js';
import { shape } from './model-bounds.js';
import { headWidth, parseConfig, plainActivation, refuseUnmodelled } from './hf-fields.js';

const gpt2Config = z.looseObject({
  model_type: z.string().optional(),
  n_layer: shape.layers,
  n_embd: shape.dModel,
  n_head: shape.heads,
  n_inner: shape.ffn.nullable().optional(),
  vocab_size: shape.vocab,
  n_positions: shape.positions.optional(),
  n_ctx: shape.positions.optional(),
  activation_function: z.string().default('gelu_new'),
  tie_word_embeddings: z.boolean().default(true),
});

/** A model config file as plain data, through the input boundary. */
export function readJsonFile(file: string): unknown {
  return readJsonInput(file, { what: 'model config (config.json)', fix: 'check the --model path', maxBytes: INPUT_LIMITS.jsonBytes });
}

export function gpt2FromHfConfig(raw: unknown, name: string, input: string): ModelConfig {
  const c = parseConfig(gpt2Config, raw, input, 'a GPT-2 config needs n_layer, n_embd, n_head, vocab_size and n_positions (positive integers)');
  if (c.model_type && c.model_type !== 'gpt2') {
    throw new UserError({ input, field: 'model_type', problem: `"${c.model_type}" is not a GPT-2 config`, fix: 'give a GPT-2 config.json (model_type "gpt2") or a preset name' });
  }
  const headDim = headWidth(
    input,
    c.n_embd,
    c.n_head,
    undefined,
    { width: 'n_embd', heads: 'n_head' },
    `choose n_head dividing ${c.n_embd} (e.g. ${divisorNear(c.n_embd, c.n_head)})`,
  );
  const maxPositions = c.n_positions ?? c.n_ctx;
  if (!maxPositions) throw new UserError({ input, field: 'n_positions', problem: 'missing field', fix: 'add n_positions (the context length, 1024 for GPT-2)' });
  refuseUnmodelled(c, input);
  const activation = plainActivation(c.activation_function, input, 'activation_function');
  return {
    name,
    family: 'gpt2',
    kind: 'decoder',
    layers: c.n_layer,
    dModel: c.n_embd,
    heads: c.n_head,
    kvHeads: c.n_head,
    headDim,
    ffn: c.n_inner ?? 4 * c.n_embd,
    vocab: c.vocab_size,
    maxPositions,
    tiedLmHead: c.tie_word_embeddings,
    block: { ...gpt2Block(c.n_embd, maxPositions), activation },
  };
}

function divisorNear(n: number, h: number): number {
  for (let delta = 1; delta < h; delta++) {
    if (n % (h - delta) === 0) return h - delta;
    if (n % (h + delta) === 0) return h + delta;
  }
  return 1;
}
