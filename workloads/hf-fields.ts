/**
 * What every HuggingFace decoder reader shares: parsing with one-line errors,
 * activation names, and refusing the config fields that would change the
 * computation in a way tasim does not model (cross-attention, quantised
 * checkpoints, unknown rotary scalings, QK norms ...). A field that does not
 * change the cost (dropout, initialisation, token ids, rotary base and
 * frequency scaling, norm epsilon) is read by nobody on purpose.
 */
import type { z } from 'zod';
import { firstIssue } from '../arch/schema-issue.js';
import { UserError } from '../arch/user-error.js';
import type { Activation, BlockShape, ModelConfig } from './model.js';
import { shape } from './model-bounds.js';

/** The shape fields HuggingFace configs name alike (BERT, Llama, Mistral, Qwen2, Phi, GPT-NeoX). */
export const hfShapeFields = {
  hidden_size: shape.dModel,
  intermediate_size: shape.ffn,
  num_hidden_layers: shape.layers,
  num_attention_heads: shape.heads,
  vocab_size: shape.vocab,
  max_position_embeddings: shape.positions,
};

/** A decoder config's sizes under HuggingFace's common names. */
interface HfDecoderShape {
  readonly hidden_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly vocab_size: number;
  readonly max_position_embeddings: number;
  readonly tie_word_embeddings: boolean;
}

/** A decoder's name and sizes from the fields HuggingFace names alike; the heads and FFN width as the reader found them. */
export function decoderSizes(name: string, family: string, c: HfDecoderShape, h: { kvHeads: number; headDim: number; ffn: number }): Omit<ModelConfig, 'block' | 'slidingWindow'> {
  return {
    name,
    family,
    kind: 'decoder',
    layers: c.num_hidden_layers,
    dModel: c.hidden_size,
    heads: c.num_attention_heads,
    kvHeads: h.kvHeads,
    headDim: h.headDim,
    ffn: h.ffn,
    vocab: c.vocab_size,
    maxPositions: c.max_position_embeddings,
    tiedLmHead: c.tie_word_embeddings,
  };
}

/** The block HuggingFace decoders start from (affine LayerNorm before each sublayer, sequential, plain MLP, no learned positions, a final norm): readers add the activation, rotary width and biases, and override what differs. */
export function preNormBlock(d: number): Omit<BlockShape, 'activation' | 'rotaryDim' | 'bias'> {
  return { norm: 'layernorm', normAffine: true, normPlacement: 'pre', parallel: 'no', mlp: 'plain', positionRows: 0, embedDim: d, finalNorm: true };
}

export function parseConfig<T extends z.ZodType>(schema: T, raw: unknown, input: string, fix: string): z.output<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const i = firstIssue(r.error, raw);
  throw new UserError({ input, field: i.path, problem: i.problem, fix: i.fix ?? fix });
}

/** A decoder config parsed, with the fields tasim does not model refused. */
export function parseDecoder<T extends z.ZodType<Record<string, unknown>>>(schema: T, raw: unknown, input: string, fix: string): z.output<T> {
  const c = parseConfig(schema, raw, input, fix);
  refuseUnmodelled(c, input);
  return c;
}

/** A field value tasim does not model: a one-line error naming it. */
export function unmodelled(input: string, field: string, value: unknown, why: string, fix: string): never {
  throw new UserError({ input, field, problem: `${JSON.stringify(value)} is not modelled (${why})`, fix });
}

const GELU = ['gelu', 'gelu_new', 'gelu_fast', 'gelu_pytorch_tanh', 'gelu_python', 'gelu_accurate', 'quick_gelu'];

/** The activation of a plain (two-matrix) MLP. */
export function plainActivation(name: string, input: string, field: string): Activation {
  if (GELU.includes(name)) return 'gelu';
  if (name === 'relu') return 'relu';
  return unmodelled(input, field, name, 'plain MLPs are modelled with GELU or ReLU', `use one of: ${[...GELU, 'relu'].join(', ')}`);
}

/** The activation gating a three-matrix MLP: SiLU (SwiGLU) only. */
export function gatedActivation(name: string, input: string, field: string): Activation {
  if (name === 'silu' || name === 'swish') return 'silu';
  return unmodelled(input, field, name, 'gated MLPs are modelled as SwiGLU', 'use "silu"');
}

/** Rotary scalings only change the rotation frequencies, not the work. */
const ROPE_TYPES = ['default', 'linear', 'dynamic', 'yarn', 'longrope', 'su', 'llama3'];

/** Fields of any decoder config that would change the computation beyond what tasim models. */
export function refuseUnmodelled(raw: Record<string, unknown>, input: string): void {
  if (raw.is_encoder_decoder === true) unmodelled(input, 'is_encoder_decoder', true, 'tasim models decoder-only and encoder-only stacks', 'give a decoder-only config');
  if (raw.add_cross_attention === true) unmodelled(input, 'add_cross_attention', true, 'decoder layers without cross-attention only', 'remove it or set it to false');
  if (raw.quantization_config !== undefined && raw.quantization_config !== null) {
    unmodelled(
      input,
      'quantization_config',
      (raw.quantization_config as { quant_method?: unknown }).quant_method ?? 'present',
      'the design sets the weight precision',
      'remove it and use --set precision.weights=int8|int4 or --weight-precision',
    );
  }
  const rs = raw.rope_scaling;
  if (rs !== undefined && rs !== null) {
    if (typeof rs !== 'object') unmodelled(input, 'rope_scaling', rs, 'expected a mapping', 'write {"rope_type": ...} or null');
    const t = (rs as Record<string, unknown>).rope_type ?? (rs as Record<string, unknown>).type;
    if (typeof t !== 'string' || !ROPE_TYPES.includes(t)) unmodelled(input, 'rope_scaling.rope_type', t, 'unknown rotary scaling', `use one of: ${ROPE_TYPES.join(', ')}`);
  }
}

/** Query heads must form whole groups per key/value head. */
function checkHeads(input: string, heads: number, kvHeads: number, kvField: string): void {
  if (kvHeads > heads || heads % kvHeads !== 0) {
    throw new UserError({ input, field: kvField, problem: `${kvHeads} key/value heads do not divide ${heads} query heads into equal groups`, fix: `choose a divisor of ${heads}` });
  }
}

/** Key/value heads (default: one per query head), checked to form whole groups, and the head width, under HuggingFace's common names. */
export function decoderHeads(
  input: string,
  c: { readonly hidden_size: number; readonly num_attention_heads: number },
  kvHeads?: number | null,
  statedHeadDim?: number | null,
): { kvHeads: number; headDim: number } {
  const heads = c.num_attention_heads;
  const kv = kvHeads ?? heads;
  checkHeads(input, heads, kv, 'num_key_value_heads');
  return { kvHeads: kv, headDim: headWidth(input, c.hidden_size, heads, statedHeadDim, { width: 'hidden_size', heads: 'num_attention_heads' }) };
}

/** The head width: stated (head_dim), or the model width over the heads, which must divide it. */
export function headWidth(
  input: string,
  width: number,
  heads: number,
  stated: number | null | undefined,
  fields: { width: string; heads: string },
  fix = `choose a head count dividing ${width}, or state head_dim`,
): number {
  if (stated) return stated;
  if (width % heads !== 0) throw new UserError({ input, field: fields.heads, problem: `${heads} heads do not divide ${fields.width} = ${width}`, fix });
  return width / heads;
}

/** Leading dimensions of a head that a partial rotary embedding rotates (HuggingFace truncates). */
export function rotaryDims(headDim: number, fraction: number, input: string, field: string): number {
  if (!(fraction > 0 && fraction <= 1)) unmodelled(input, field, fraction, 'a fraction of the head width is rotated', 'use a value in (0, 1]');
  return Math.floor(headDim * fraction);
}
