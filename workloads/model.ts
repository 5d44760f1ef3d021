/** The shape of a transformer, independent of where it came from. */
type ModelKind = 'decoder' | 'encoder';

/** The MLP's element-wise function: GELU (any of its approximations), ReLU, or SiLU gating a second product (SwiGLU). */
export type Activation = 'gelu' | 'relu' | 'silu';

/**
 * How a layer is put together, as a config states it (HuggingFace field
 * names in docs/models.md). Together with the sizes on ModelConfig it
 * determines every operator and every parameter.
 */
export interface BlockShape {
  readonly norm: 'layernorm' | 'rmsnorm';
  /** Whether LayerNorms carry a scale and an offset (false: no parameters, OPT's layer_norm_elementwise_affine). */
  readonly normAffine: boolean;
  /** pre: norm, sublayer, residual add (GPT-2, Llama); post: sublayer, residual add, norm (BERT, OPT-350m). */
  readonly normPlacement: 'pre' | 'post';
  /**
   * sequential: attention, then the MLP on its output. parallel: both read
   * the block input and are added to it, sharing one norm (GPT-J, Phi) or
   * with one norm each (GPT-NeoX use_parallel_residual).
   */
  readonly parallel: 'no' | 'shared_norm' | 'own_norms';
  /** gated: gate and up products, activation(gate) x up, down product (three matrices). */
  readonly mlp: 'plain' | 'gated';
  readonly activation: Activation;
  /** Leading dimensions of each head that rotary embeddings rotate (0 = no rotary embedding). */
  readonly rotaryDim: number;
  /** Rows of the learned position table (0 = none; OPT keeps 2 more than its context). */
  readonly positionRows: number;
  readonly bias: {
    readonly qkv: boolean;
    readonly attnOut: boolean;
    readonly mlp: boolean;
    readonly lmHead: boolean;
  };
  /** Width of the token embedding (OPT's word_embed_proj_dim; = dModel for every other family, no projection). */
  readonly embedDim: number;
  /** A norm after the last layer (absent in post-norm OPT). */
  readonly finalNorm: boolean;
}

export interface ModelConfig {
  /** Preset name or config path. */
  readonly name: string;
  readonly family: string;
  readonly kind: ModelKind;
  readonly layers: number;
  readonly dModel: number;
  readonly heads: number;
  /** Key/value heads (= heads for multi-head attention; fewer for grouped-query or multi-query attention). */
  readonly kvHeads: number;
  readonly headDim: number;
  /** Feed-forward inner width. */
  readonly ffn: number;
  readonly vocab: number;
  readonly maxPositions: number;
  /** Whether the LM head reuses the token-embedding matrix. */
  readonly tiedLmHead: boolean;
  readonly block: BlockShape;
  /** Keys each query attends to at most (a sliding window), when the config sets one that applies. */
  readonly slidingWindow?: number;
}

/** GPT-2's block: pre-LN, sequential, GELU MLP, biases everywhere but the LM head, learned positions. */
export function gpt2Block(dModel: number, positionRows: number): BlockShape {
  return {
    norm: 'layernorm',
    normAffine: true,
    normPlacement: 'pre',
    parallel: 'no',
    mlp: 'plain',
    activation: 'gelu',
    rotaryDim: 0,
    positionRows,
    bias: { qkv: true, attnOut: true, mlp: true, lmHead: false },
    embedDim: dModel,
    finalNorm: true,
  };
}

/** Norms in one layer: one before (or after) each sublayer, one shared by a GPT-J-style parallel block. */
function normsPerLayer(b: BlockShape): number {
  return b.parallel === 'shared_norm' ? 1 : 2;
}

/** Parameters of one norm over `width` features. */
function normParameters(b: BlockShape, width: number): number {
  if (!b.normAffine) return 0;
  return b.norm === 'layernorm' ? 2 * width : width;
}

/** Parameters of one decoder layer (weights and biases of its products and norms). */
function layerParameters(m: ModelConfig): number {
  const b = m.block;
  const d = m.dModel;
  const q = m.heads * m.headDim;
  const kv = m.kvHeads * m.headDim;
  const attention = d * (q + 2 * kv) + (b.bias.qkv ? q + 2 * kv : 0) + q * d + (b.bias.attnOut ? d : 0);
  const mats = b.mlp === 'gated' ? 3 : 2;
  const mlp = mats * d * m.ffn + (b.bias.mlp ? (mats - 1) * m.ffn + d : 0);
  return attention + mlp + normsPerLayer(b) * normParameters(b, d);
}

/** Parameters of the embeddings, the projections around them, the final norm and an untied LM head. */
function outerParameters(m: ModelConfig): number {
  const b = m.block;
  const d = m.dModel;
  const e = b.embedDim;
  const tokens = m.vocab * e;
  const positions = b.positionRows * d;
  const projections = e === d ? 0 : 2 * e * d;
  const finalNorm = b.finalNorm ? normParameters(b, d) : 0;
  const head = m.tiedLmHead ? 0 : m.vocab * e + (b.bias.lmHead ? m.vocab : 0);
  return tokens + positions + projections + finalNorm + head;
}

/** Every parameter: embeddings (a tied LM head counted once), layers, final norm, LM head. */
export function parameterCount(m: ModelConfig): number {
  return outerParameters(m) + m.layers * layerParameters(m);
}

/** The longest sequence (prompt plus answer) the model is simulated on: its context, and within its sliding window when it has one. */
export function longestSequence(m: ModelConfig): number {
  return Math.min(m.maxPositions, m.slidingWindow ?? Number.POSITIVE_INFINITY);
}

/** Bytes of K and V for `positions` tokens of `batch` sequences (every layer, every key/value head). */
export function kvCacheBytes(m: ModelConfig, positions: number, batch: number, bytesPerValue: number): number {
  return 2 * m.layers * m.kvHeads * m.headDim * positions * batch * bytesPerValue;
}

/** The attention heads of a layer. */
export function headShape(m: ModelConfig): { q: number; kv: number; dim: number } {
  return { q: m.heads, kv: m.kvHeads, dim: m.headDim };
}
