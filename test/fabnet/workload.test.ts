import { stepOps } from '../../workloads/trace.js';
import { describe, expect, it } from 'vitest';
import { butterfliesPerTransform, butterflyCount, butterflyLinear, fftAxis, fourierMixing, padPow2 } from '../../workloads/butterfly-ops.js';
import { isFabnetModel } from '../../workloads/fabnet.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

describe('butterfly ops', () => {
  it('pads sizes to powers of two', () => {
    expect([1, 2, 3, 768, 1024, 3072, 2000, 4000].map(padPow2)).toEqual([1, 2, 4, 1024, 1024, 4096, 2048, 4096]);
  });

  it('a square butterfly layer is log2 n stages of n/2 blocks with 4 coefficients each', () => {
    const o = butterflyLinear('b', 'butterfly', 3, 1024, 1024, 'fp16', false);
    expect(o.transform).toMatchObject({ length: 1024, transforms: 3, groups: 1, kept: 1024 });
    expect(butterflyCount(o.transform!)).toBe(3 * 512 * 10);
    expect(o.weightBytes).toBe(512 * 10 * 4 * 2);
    expect(o.flops).toBe(6 * 3 * 512 * 10);
  });

  it('a wider output stacks butterflies; a narrower one truncates one butterfly (FABNet-Base padding)', () => {
    const up = butterflyLinear('ffn_1', 'butterfly', 1, 768, 3072, 'fp16');
    expect(up.transform).toMatchObject({ length: 1024, transforms: 4, groups: 4, kept: 1024 });
    const down = butterflyLinear('ffn_2', 'butterfly', 1, 3072, 768, 'fp16');
    expect(down.transform).toMatchObject({ length: 4096, transforms: 1, groups: 1, kept: 1024 });
    // Per token: 4 x 512 x 10 + 2048 x 12 butterflies.
    expect(butterflyCount(up.transform!) + butterflyCount(down.transform!)).toBe(20480 + 24576);
  });

  it('FFT ops carry complex flops and no weights', () => {
    const f = fftAxis('f', 'fft', 7, 256, 'fp16', false, true);
    expect(f.flops).toBe(10 * 7 * butterfliesPerTransform(256));
    expect(f.weightBytes).toBe(0);
    expect(() => fftAxis('f', 'fft', 1, 100, 'fp16', false, false)).toThrow();
  });

  it('Fourier mixing is a 2-D FFT: sequence axis then hidden axis, both padded', () => {
    const [seq, hid] = fourierMixing(1000, 768, 2, 'fp16');
    expect(seq.transform).toMatchObject({ length: 1024, transforms: 1024 * 2, inputComplex: false, outputComplex: true, axis: 'tokens' });
    expect(hid.transform).toMatchObject({ length: 1024, transforms: 1000 * 2, inputComplex: true, outputComplex: false, axis: 'features' });
  });
});

describe('FABNet models', () => {
  it('loads every FABNet and LRA preset as an all-FBfly encoder', () => {
    for (const name of ['fabnet-base', 'fabnet-large', 'lra-listops', 'lra-text', 'lra-retrieval', 'lra-image', 'lra-pathfinder']) {
      const m = loadModel(name);
      expect(m.kind).toBe('encoder');
      expect(isFabnetModel(m) && m.attentionLayers).toBe(0);
      const w = buildWorkload(m, { input: Math.min(1024, m.maxPositions), output: 0, batch: 1 });
      const s = stepOps(w, 'summarization', w.phases[0].tokensPerStep, 0, false);
      expect(s.layers).toBe(m.layers);
      expect(s.layer.map((o) => o.category)).toEqual(['fft', 'fft', 'norm', 'norm', 'butterfly', 'butterfly', 'butterfly', 'norm', 'norm']);
    }
  });

  it('rejects generation from an encoder', () => {
    expect(() => buildWorkload(loadModel('fabnet-base'), { input: 128, output: 4, batch: 1 })).toThrow(/encoder/);
  });

  it('puts the top k ABfly layers (softmax attention, dense FFN) after the FBfly layers', async () => {
    const { fabnetFromConfig, fabnetWorkload } = await import('../../workloads/fabnet.js');
    const m = fabnetFromConfig(
      {
        model_type: 'fabnet',
        hidden_size: 256,
        intermediate_size: 512,
        num_hidden_layers: 4,
        num_attention_heads: 8,
        attention_layers: 1,
        max_position_embeddings: 1024,
        vocab_size: 10,
      },
      'hybrid',
      'test',
    );
    const s = stepOps(fabnetWorkload(m, { input: 128, output: 0, batch: 1 }), 'summarization', 128, 0, false);
    expect(s.layers).toBe(3);
    expect(s.post.map((o) => o.kind)).toContain('attn_scores');
    expect(s.post.filter((o) => o.kind === 'linear').map((o) => o.name)).toEqual(['qkv', 'attn_proj', 'ffn_1', 'ffn_2']);
    expect(() =>
      fabnetFromConfig(
        {
          model_type: 'fabnet',
          hidden_size: 256,
          intermediate_size: 512,
          num_hidden_layers: 2,
          num_attention_heads: 8,
          attention_layers: 3,
          max_position_embeddings: 1024,
          vocab_size: 10,
        },
        'bad',
        'test',
      ),
    ).toThrow(/attention_layers/);
  });

  it('gpt2-bfly is GPT-2 with butterfly FFNs', () => {
    const w = buildWorkload(loadModel('gpt2-bfly'), { input: 16, output: 4, batch: 1 });
    const s = stepOps(w, 'generation', 1, 16, true);
    const ffn = s.layer.filter((o) => o.name === 'ffn_1' || o.name === 'ffn_2');
    expect(ffn.map((o) => o.kind)).toEqual(['butterfly', 'butterfly']);
    expect(s.layer.find((o) => o.name === 'qkv')?.kind).toBe('linear');
    const dense = stepOps(buildWorkload(loadModel('gpt2'), { input: 16, output: 4, batch: 1 }), 'generation', 1, 16, true);
    const w1 = (ops: typeof s.layer) => ops.reduce((a, o) => a + o.weightBytes, 0);
    expect(w1(s.layer)).toBeLessThan(0.5 * w1(dense.layer));
  });
});
