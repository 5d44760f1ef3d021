/**
 * What each decoder family calls its operators: the HuggingFace module names
 * where one module is one operator (a compression plan names its linear ops
 * by these), vLLM's fused names where tasim fuses several modules (Q, K and V
 * are one product, `qkv_proj`). Lowerings never read names (roles say what
 * an operator is for); reports and plans do.
 */
export interface OpNames {
  readonly embedding: string;
  /** OPT's projections between word_embed_proj_dim and the model width. */
  readonly projectIn: string;
  readonly positions: string;
  readonly embedAdd: string;
  readonly norm1: string;
  readonly qkv: string;
  readonly rotary: string;
  readonly attnOut: string;
  readonly residual1: string;
  readonly norm2: string;
  readonly mlpGate: string;
  readonly mlpIn: string;
  readonly activation: string;
  readonly mlpOut: string;
  readonly residual2: string;
  readonly finalNorm: string;
  readonly projectOut: string;
  readonly lmHead: string;
}

const LLAMA: OpNames = {
  embedding: 'embed_tokens',
  projectIn: 'project_in',
  positions: 'embed_positions',
  embedAdd: 'embed_add',
  norm1: 'input_layernorm',
  qkv: 'qkv_proj',
  rotary: 'rotary_emb',
  attnOut: 'o_proj',
  residual1: 'residual_1',
  norm2: 'post_attention_layernorm',
  mlpGate: 'gate_proj',
  mlpIn: 'up_proj',
  activation: 'act_fn',
  mlpOut: 'down_proj',
  residual2: 'residual_2',
  finalNorm: 'norm',
  projectOut: 'project_out',
  lmHead: 'lm_head',
};

const FAMILY: Record<string, Partial<OpNames>> = {
  // tasim's historical GPT-2 names (kept: plans and reports use them).
  gpt2: { embedding: 'embedding', norm1: 'ln_1', qkv: 'qkv', attnOut: 'attn_proj', norm2: 'ln_2', mlpIn: 'ffn_1', activation: 'gelu', mlpOut: 'ffn_2', finalNorm: 'ln_f' },
  opt: {
    norm1: 'self_attn_layer_norm',
    attnOut: 'out_proj',
    norm2: 'final_layer_norm',
    mlpIn: 'fc1',
    activation: 'activation_fn',
    mlpOut: 'fc2',
    finalNorm: 'decoder.final_layer_norm',
  },
  gptj: { embedding: 'wte', norm1: 'ln_1', attnOut: 'out_proj', mlpIn: 'fc_in', activation: 'act', mlpOut: 'fc_out', finalNorm: 'ln_f' },
  gpt_neox: {
    embedding: 'embed_in',
    qkv: 'query_key_value',
    attnOut: 'dense',
    mlpIn: 'dense_h_to_4h',
    activation: 'act',
    mlpOut: 'dense_4h_to_h',
    finalNorm: 'final_layer_norm',
    lmHead: 'embed_out',
  },
  phi: { attnOut: 'dense', mlpIn: 'fc1', activation: 'activation_fn', mlpOut: 'fc2', finalNorm: 'final_layernorm' },
};
FAMILY.gpt2_butterfly = FAMILY.gpt2;

export function opNames(family: string): OpNames {
  return { ...LLAMA, ...FAMILY[family] };
}
