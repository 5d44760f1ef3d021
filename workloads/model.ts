/** The shape of a transformer, independent of where it came from. */
export type ModelKind = 'decoder' | 'encoder';

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
}

/** Parameters, counted as GPT-2 counts them (embeddings, layers, final norm). */
export function parameterCount(m: ModelConfig): number {
  const d = m.dModel;
  const perLayer = 4 * d * d + 4 * d + 2 * d * m.ffn + m.ffn + d + 4 * d;
  const embeddings = m.vocab * d + m.maxPositions * d;
  const head = m.tiedLmHead ? 0 : m.vocab * d;
  return embeddings + m.layers * perLayer + 2 * d + head;
}

/** Bytes of K and V for `positions` tokens of `batch` sequences (every layer, every key/value head). */
export function kvCacheBytes(m: ModelConfig, positions: number, batch: number, bytesPerValue: number): number {
  return 2 * m.layers * m.kvHeads * m.headDim * positions * batch * bytesPerValue;
}

/** The attention heads of a layer. */
export function headShape(m: ModelConfig): { q: number; kv: number; dim: number } {
  return { q: m.heads, kv: m.kvHeads, dim: m.headDim };
}
