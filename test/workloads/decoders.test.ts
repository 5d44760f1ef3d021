import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { type ModelConfig, kvCacheBytes, parameterCount } from '../../workloads/model.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { weightPrecisionFrom } from '../../workloads/precision-plan.js';
import { layerSparsityFrom } from '../../workloads/sparsity.js';
import { type Op, stepOps } from '../../workloads/trace.js';

const dir = mkdtempSync(join(tmpdir(), 'tasim-decoders-'));
let files = 0;
function configFile(config: object): string {
  const f = join(dir, `config-${files++}.json`);
  writeFileSync(f, JSON.stringify(config));
  return f;
}

function layerOf(m: ModelConfig, tokens = 1, context = 16): readonly Op[] {
  return stepOps(buildWorkload(m, { input: context + tokens, output: 2, batch: 1 }), 'generation', tokens, context, true).layer;
}

describe('published parameter counts, exactly', () => {
  it.each([
    ['llama-2-7b', 6_738_415_616],
    ['llama-3-8b', 8_030_261_248],
    ['llama-3.2-1b', 1_235_814_400],
    ['mistral-7b', 7_241_732_096],
    ['qwen2-0.5b', 494_032_768],
    ['pythia-1.4b', 1_414_647_808],
    ['opt-1.3b', 1_315_758_080],
    ['gpt2', 124_439_808],
    ['gpt2-xl', 1_557_611_200],
  ])('%s has %i parameters', (name, params) => {
    expect(parameterCount(loadModel(name))).toBe(params);
  });

  it("gpt-j-6b: the HuggingFace checkpoint's 6,050,882,784; the model card's 6,053,381,344 counts mesh-transformer-jax's 8 shards", () => {
    const m = loadModel('gpt-j-6b');
    expect(parameterCount(m)).toBe(6_050_882_784);
    // Each of the 8 shards holds its own copy of every LayerNorm (scale, offset) and of the
    // MLP output bias, and its own embedding bias (absent from the HuggingFace checkpoint).
    const shards = 8;
    const d = m.dModel;
    const replicatedPerLayer = 2 * d + d; // ln_1 scale and offset, dense_proj_o bias
    const extra = (shards - 1) * (m.layers * replicatedPerLayer + 2 * d) + shards * d;
    expect(parameterCount(m) + extra).toBe(6_053_381_344);
  });

  it('phi-2 and OPT-350m configs (post-LN, word_embed_proj_dim) count as published', () => {
    const phi2 = {
      model_type: 'phi',
      hidden_size: 2560,
      intermediate_size: 10240,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 32,
      vocab_size: 51200,
      max_position_embeddings: 2048,
      partial_rotary_factor: 0.4,
      hidden_act: 'gelu_new',
      qk_layernorm: false,
      tie_word_embeddings: false,
    };
    expect(parameterCount(loadModel(configFile(phi2)))).toBe(2_779_683_840);
    const opt350 = {
      model_type: 'opt',
      hidden_size: 1024,
      ffn_dim: 4096,
      num_hidden_layers: 24,
      num_attention_heads: 16,
      vocab_size: 50272,
      max_position_embeddings: 2048,
      word_embed_proj_dim: 512,
      do_layer_norm_before: false,
      activation_function: 'relu',
    };
    expect(parameterCount(loadModel(configFile(opt350)))).toBe(331_196_416);
  });
});

describe('the KV cache follows the key/value heads', () => {
  // 2 (K and V) x layers x KV heads x head width x 2 bytes (fp16), one sequence, one token.
  it.each([
    ['llama-2-7b', 2 * 32 * 32 * 128 * 2],
    ['llama-3-8b', 2 * 32 * 8 * 128 * 2],
    ['llama-3.2-1b', 2 * 16 * 8 * 64 * 2],
    ['mistral-7b', 2 * 32 * 8 * 128 * 2],
    ['qwen2-0.5b', 2 * 24 * 2 * 64 * 2],
    ['gpt-j-6b', 2 * 28 * 16 * 256 * 2],
    ['pythia-1.4b', 2 * 24 * 16 * 128 * 2],
    ['opt-1.3b', 2 * 24 * 32 * 64 * 2],
  ])('%s: kv_cache_bytes_per_token = %i and kv_cache_bytes at the peak context', async (name, perToken) => {
    const m = loadModel(name);
    expect(kvCacheBytes(m, 1, 1, 2)).toBe(perToken);
    const r = simulate(await loadArch('a100-80gb'), buildWorkload(m, { input: 24, output: 8, batch: 3 }));
    expect(r.kv_cache_bytes_per_token).toBe(perToken);
    expect(r.kv_cache_bytes).toBe(perToken * 32 * 3);
    expect(r.model_params).toBe(parameterCount(m));
    expect(r.weight_bytes).toBe(parameterCount(m) * 2);
    // Attention reads the cache of each key/value head once for the query heads that share it.
    const scores = layerOf(m).find((o) => o.kind === 'attn_scores');
    expect(scores?.kvReadBytes).toBe(m.layers > 0 ? (perToken / m.layers / 2) * 16 : 0);
  });

  it('the KV precision of the design sets the bytes per value', async () => {
    const w = buildWorkload(loadModel('llama-3.2-1b'), { input: 16, output: 4, batch: 1 });
    const r = simulate(await loadArch('sta', { set: ['precision.activations=int8', 'precision.weights=int8', 'softmax.on_chip=false'] }), w);
    expect(r.kv_cache_bytes_per_token).toBe(2 * 16 * 8 * 64);
  });
});

describe('layers follow the config', () => {
  const kinds = (ops: readonly Op[]) => ops.map((o) => o.kind);

  it('Llama: RMSNorm, rotary over whole heads, grouped-query QKV, SwiGLU with three matrices, no biases', () => {
    const m = loadModel('llama-3-8b');
    const layer = layerOf(m);
    expect(kinds(layer)).toEqual([
      'rmsnorm',
      'linear',
      'rotary',
      'attn_scores',
      'softmax',
      'attn_context',
      'linear',
      'residual',
      'rmsnorm',
      'linear',
      'linear',
      'silu_mul',
      'linear',
      'residual',
    ]);
    const lin = layer.filter((o) => o.kind === 'linear');
    expect(lin.map((o) => [o.name, o.k, o.n, o.bias, o.role.weight])).toEqual([
      ['qkv_proj', 4096, (32 + 2 * 8) * 128, false, 'qkv'],
      ['o_proj', 4096, 4096, false, 'attn_out'],
      ['gate_proj', 4096, 14336, false, 'mlp_gate'],
      ['up_proj', 4096, 14336, false, 'mlp_in'],
      ['down_proj', 14336, 4096, false, 'mlp_out'],
    ]);
    expect(layer.find((o) => o.kind === 'rotary')?.k).toBe((32 + 8) * 128);
    expect(layer.find((o) => o.kind === 'attn_scores')?.role.heads).toEqual({ q: 32, kv: 8, dim: 128 });
  });

  it('Qwen2 biases Q, K and V only; Llama 3.2 ties its LM head', () => {
    const q = layerOf(loadModel('qwen2-0.5b')).filter((o) => o.kind === 'linear');
    expect(q.map((o) => o.bias)).toEqual([true, false, false, false, false]);
    expect(loadModel('llama-3.2-1b').tiedLmHead).toBe(true);
  });

  it('GPT-J: one LayerNorm per layer (parallel block), rotary on 64 of 256 dimensions, LM head with bias', () => {
    const m = loadModel('gpt-j-6b');
    const layer = layerOf(m);
    expect(kinds(layer).filter((k) => k === 'layernorm')).toHaveLength(1);
    expect(layer.find((o) => o.kind === 'rotary')?.k).toBe(32 * 64);
    const post = stepOps(buildWorkload(m, { input: 4, output: 2, batch: 1 }), 'generation', 1, 4, true).post;
    expect(post.map((o) => [o.name, o.bias ?? null])).toEqual([
      ['ln_f', null],
      ['lm_head', true],
    ]);
  });

  it('Pythia (GPT-NeoX): two LayerNorms with use_parallel_residual, rotary_pct 0.25 of 128, GELU', () => {
    const layer = layerOf(loadModel('pythia-1.4b'));
    expect(kinds(layer).filter((k) => k === 'layernorm')).toHaveLength(2);
    expect(layer.find((o) => o.kind === 'rotary')?.k).toBe(32 * 32);
    expect(layer.find((o) => o.kind === 'gelu')?.name).toBe('act');
  });

  it('OPT: learned positions summed with the token row, ReLU; post-LN OPT-350m projects in and out', () => {
    const m = loadModel('opt-1.3b');
    const w = buildWorkload(m, { input: 4, output: 2, batch: 1 });
    const s = stepOps(w, 'generation', 1, 4, true);
    expect(s.pre.map((o) => [o.kind, o.lookups])).toEqual([['embedding', 2]]);
    expect(kinds(s.layer)).toContain('relu');
    const opt350 = loadModel(
      configFile({
        model_type: 'opt',
        hidden_size: 1024,
        ffn_dim: 4096,
        num_hidden_layers: 24,
        num_attention_heads: 16,
        vocab_size: 50272,
        max_position_embeddings: 2048,
        word_embed_proj_dim: 512,
        do_layer_norm_before: false,
      }),
    );
    const t = stepOps(buildWorkload(opt350, { input: 4, output: 2, batch: 1 }), 'generation', 1, 4, true);
    expect(t.pre.map((o) => o.name)).toEqual(['embed_tokens', 'project_in', 'embed_positions', 'embed_add']);
    expect(t.post.map((o) => o.name)).toEqual(['project_out', 'lm_head']);
    expect(kinds(t.layer).slice(0, 1)).toEqual(['linear']);
    expect(kinds(t.layer).slice(-1)).toEqual(['layernorm']);
  });

  it('GPT-2 keeps its operators and names', () => {
    const layer = layerOf(loadModel('gpt2'));
    expect(layer.map((o) => o.name)).toEqual(['ln_1', 'qkv', 'attn_scores', 'softmax', 'attn_context', 'attn_proj', 'residual_1', 'ln_2', 'ffn_1', 'gelu', 'ffn_2', 'residual_2']);
  });
});

describe('unsupported configs are one-line errors naming the field', () => {
  const llama = JSON.parse(readFileSync(join(import.meta.dirname, '../../workloads/presets/llama-3.2-1b.json'), 'utf8')) as Record<string, unknown>;
  it.each([
    [{ ...llama, model_type: 'mixtral' }, /model_type: unsupported model_type "mixtral"/],
    [{ ...llama, hidden_act: 'gelu' }, /hidden_act: "gelu" is not modelled/],
    [{ ...llama, rope_scaling: { rope_type: 'mystery' } }, /rope_scaling.rope_type/],
    [{ ...llama, quantization_config: { quant_method: 'awq' } }, /quantization_config: "awq" is not modelled/],
    [{ ...llama, num_key_value_heads: 5 }, /num_key_value_heads: 5 key\/value heads do not divide 32/],
    [{ ...llama, num_hidden_layers: undefined }, /num_hidden_layers: missing field/],
    [
      {
        model_type: 'phi',
        hidden_size: 64,
        intermediate_size: 128,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        vocab_size: 100,
        max_position_embeddings: 64,
        qk_layernorm: true,
      },
      /qk_layernorm: true is not modelled/,
    ],
    [{ model_type: 'gpt2', n_layer: 2, n_embd: 64, n_head: 4, vocab_size: 100, n_positions: 64, add_cross_attention: true }, /add_cross_attention/],
    [
      { model_type: 'opt', hidden_size: 64, ffn_dim: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 64, activation_function: 'tanh' },
      /activation_function: "tanh" is not modelled/,
    ],
  ])('%#', (config, message) => {
    const f = configFile(config);
    expect(() => loadModel(f)).toThrow(message);
    try {
      loadModel(f);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
      expect((e as Error).name).toBe('UserError');
    }
  });

  it("a request beyond Mistral's sliding window names sliding_window; within it runs", () => {
    const m = loadModel('mistral-7b');
    expect(m.slidingWindow).toBe(4096);
    expect(() => buildWorkload(m, { input: 4000, output: 200, batch: 1 })).toThrow(/sliding_window: 4200 tokens exceed mistral-7b's sliding window of 4096/);
    expect(() => buildWorkload(m, { input: 4000, output: 96, batch: 1 })).not.toThrow();
    expect(loadModel('qwen2-0.5b').slidingWindow).toBeUndefined();
  });
});

describe('compression plans name the family’s operators', () => {
  it('a per-layer plan with Llama names compresses those products; GPT-2 names are refused with the valid ones', async () => {
    const m = loadModel('llama-3.2-1b');
    const plan = weightPrecisionFrom({ default: 'int8', ops: { down_proj: 'int4' }, layers: { 0: 'fp16' } }, 'plan.yaml');
    const w = buildWorkload(m, { input: 8, output: 4, batch: 1 }, { weightPrecision: plan });
    const s = stepOps(w, 'generation', 1, 8, true);
    const last = s.segments?.[s.segments.length - 1]?.layer ?? s.layer;
    expect(last.find((o) => o.name === 'down_proj')?.weightDtype).toBe('int4');
    expect(last.find((o) => o.name === 'gate_proj')?.weightDtype).toBe('int8');
    const r = simulate(await loadArch('dfx', { devices: 2 }), w);
    expect(r.feasible).toBe(true);
    const bad = layerSparsityFrom({ m: 4, ops: { ffn_1: 2 } }, 'nm.yaml');
    expect(() => buildWorkload(m, { input: 8, output: 4, batch: 1 }, { sparsity: bad })).toThrow(/no linear op "ffn_1".*qkv_proj, o_proj, gate_proj, up_proj, down_proj/);
  });
});

describe('heads over devices', () => {
  const req = { input: 16, output: 4, batch: 1 };
  it('qwen2-0.5b (14 query heads, 2 KV heads): 4 DFX devices are an impossible split; 2 and 14 run', async () => {
    const w = buildWorkload(loadModel('qwen2-0.5b'), req);
    const four = simulate(await loadArch('dfx', { devices: 4 }), w);
    expect(four.feasible).toBe(false);
    expect(four.reason).toMatch(/14 query heads in 2 key\/value groups of 7 cannot be split over 4 devices.*use 1, 2, 14 devices/);
    for (const devices of [2, 14]) expect(simulate(await loadArch('dfx', { devices, set: ['board=u55c'] }), w).feasible).toBe(true);
    expect(simulate(await loadArch('a100-80gb', { devices: 4 }), w).reason).toMatch(/14 attention heads cannot be split evenly over 4 GPUs/);
  });

  it('with fewer KV heads than devices each device caches one replicated KV head', async () => {
    const m = loadModel('llama-3-8b');
    const w = buildWorkload(m, { input: 64, output: 64, batch: 8 });
    const eight = simulate(await loadArch('h100-sxm', { devices: 8 }), w);
    const sixteen = simulate(await loadArch('h100-sxm', { devices: 16 }), w);
    const perDeviceCache = (_devices: number, heads: number) => (kvCacheBytes(m, 128, 8, 2) * heads) / m.kvHeads;
    const weights = (devices: number) => eight.weight_bytes / devices + 2 ** 30;
    expect(eight.memory?.used_bytes).toBeCloseTo(weights(8) + perDeviceCache(8, 1), 0);
    expect(sixteen.memory?.used_bytes).toBeCloseTo(weights(16) + perDeviceCache(16, 1), 0);
    expect(sixteen.feasible).toBe(true);
  });

  it('multi-query attention (one KV head) replicates it on every device', async () => {
    const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../../workloads/presets/llama-3.2-1b.json'), 'utf8')) as Record<string, unknown>;
    const m = loadModel(configFile({ ...raw, num_key_value_heads: 1 }));
    const w = buildWorkload(m, { input: 16, output: 4, batch: 1 });
    for (const [ref, devices] of [
      ['dfx', 4],
      ['a100-80gb', 4],
      ['dfx', 1],
    ] as const) {
      const r = simulate(await loadArch(ref, { devices }), w);
      expect(r.feasible).toBe(true);
      expect(r.kv_cache_bytes_per_token).toBe(2 * 16 * 1 * 64 * 2);
      const fixed = r.weight_bytes / devices + (ref === 'dfx' ? 0 : 2 ** 30);
      expect(r.memory?.used_bytes).toBeCloseTo(fixed + r.kv_cache_bytes, 0);
    }
  });

  it('grouped-query attention on DFX streams each KV head once for its query heads', async () => {
    const arch = await loadArch('dfx', { devices: 2 });
    const r = simulate(arch, buildWorkload(loadModel('llama-3.2-1b'), { input: 512, output: 2, batch: 1 }), { detail: true });
    const mha = simulate(arch, buildWorkload({ ...loadModel('llama-3.2-1b'), kvHeads: 32 }, { input: 512, output: 2, batch: 1 }), { detail: true });
    const hbm = (x: typeof r) => x.detail?.ops.filter((o) => o.name === 'attn_scores' && o.stage === 'generation').reduce((s, o) => s + o.offchip_bytes, 0) ?? 0;
    expect(hbm(mha) / hbm(r)).toBeCloseTo(4, 1);
  });

  it('on STA the query heads of a group reuse their K and V from the activation buffer', async () => {
    const arch = await loadArch('sta', { set: ['softmax.on_chip=false'] });
    const req = { input: 64, output: 2, batch: 1 };
    const m = loadModel('llama-3.2-1b');
    const ddr = (x: ReturnType<typeof simulate>) =>
      x.detail?.ops.filter((o) => o.name === 'attn_context' && o.stage === 'generation').reduce((s, o) => s + o.offchip_bytes, 0) ?? 0;
    const gqa = simulate(arch, buildWorkload(m, req), { detail: true });
    const mha = simulate(arch, buildWorkload({ ...m, kvHeads: 32 }, req), { detail: true });
    const queries = 32 * 64 * 2 * 16; // heads x head width x bytes x layers: each head still reads its query
    expect((ddr(mha) - queries) / (ddr(gqa) - queries)).toBeCloseTo(4, 6);
  });
});

describe('a config on disk is the preset', () => {
  it.each([
    ['llama-3.2-1b', 'dfx', 2],
    ['qwen2-0.5b', 'a100-80gb', 2],
    ['pythia-1.4b', 'sta', 1],
  ] as const)('%s from its config.json on %s x%i gives exactly the preset result', async (name, arch, devices) => {
    const raw = JSON.parse(readFileSync(join(import.meta.dirname, `../../workloads/presets/${name}.json`), 'utf8')) as Record<string, unknown>;
    delete raw._source;
    const file = configFile(raw);
    const a = await loadArch(arch, { devices });
    const req = { input: 32, output: 8, batch: 2 };
    const preset = simulate(a, buildWorkload(loadModel(name), req));
    const disk = simulate(a, buildWorkload(loadModel(file), req));
    expect(disk.model).toBe(file);
    expect({ ...disk, model: name }).toEqual(preset);
  });
});

describe('every template runs every family', () => {
  const opt350 = {
    model_type: 'opt',
    hidden_size: 1024,
    ffn_dim: 4096,
    num_hidden_layers: 24,
    num_attention_heads: 16,
    vocab_size: 50272,
    max_position_embeddings: 2048,
    word_embed_proj_dim: 512,
    do_layer_norm_before: false,
  };
  const phi2 = {
    model_type: 'phi',
    hidden_size: 2560,
    intermediate_size: 10240,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    vocab_size: 51200,
    max_position_embeddings: 2048,
    partial_rotary_factor: 0.4,
  };
  const ARCHS = [
    ['dfx', { devices: 2 }],
    ['dfx-nm', { devices: 2, set: ['precision.weights=int8'] }],
    ['sta', { set: ['softmax.on_chip=false'] }],
    ['a100-80gb', { devices: 2 }],
    ['fabnet-vcu128', {}],
  ] as const;
  it.each(['opt-1.3b', 'pythia-1.4b', 'llama-3.2-1b', 'qwen2-0.5b', 'opt-350m', 'phi-2'])('%s runs on dfx, dfx-nm, sta, gpu and fabnet', async (name) => {
    const model = name === 'opt-350m' ? loadModel(configFile(opt350)) : name === 'phi-2' ? loadModel(configFile(phi2)) : loadModel(name);
    const w = buildWorkload(model, { input: 16, output: 4, batch: 2 });
    for (const [ref, opts] of ARCHS) {
      const r = simulate(await loadArch(ref, opts), w);
      if (name === 'phi-2' && ref === 'sta') {
        // 5.6 GB of FP16 weights: more than the ZCU102's DDR.
        expect(r.reason).toMatch(/exceed the 4.29 GB of DDR/);
        continue;
      }
      expect(r.feasible, `${ref}: ${r.reason}`).toBe(true);
      expect(r.latency_s).toBeGreaterThan(0);
      expect(r.ttft_s).toBeLessThan(r.latency_s);
      expect(r.breakdown.reduce((s, b) => s + b.seconds, 0)).toBeCloseTo(r.latency_s, 9);
    }
  });
});
