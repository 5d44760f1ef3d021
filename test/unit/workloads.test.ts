import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parameterCount } from '../../workloads/model.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { opTotals, steps } from '../../workloads/trace.js';

describe('GPT-2 models', () => {
  it.each([
    ['gpt2', 124_439_808],
    ['gpt2-medium', 354_823_168],
    ['gpt2-large', 774_030_080],
    ['gpt2-xl', 1_557_611_200],
  ])('%s has the published parameter count', (name, params) => {
    expect(parameterCount(loadModel(name))).toBe(params);
  });

  it('gpt2-xl-dfx has the DFX shape', () => {
    const m = loadModel('gpt2-xl-dfx');
    expect([m.layers, m.dModel, m.heads, m.headDim, m.ffn]).toEqual([48, 1536, 24, 64, 6144]);
  });

  it('loads any HuggingFace GPT-2 config.json, and names bad fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-model-'));
    const ok = join(dir, 'config.json');
    writeFileSync(ok, JSON.stringify({ model_type: 'gpt2', n_layer: 6, n_embd: 512, n_head: 8, vocab_size: 1000, n_positions: 256, n_inner: null }));
    const m = loadModel(ok);
    expect([m.layers, m.dModel, m.heads, m.ffn, m.maxPositions]).toEqual([6, 512, 8, 2048, 256]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ model_type: 'gpt2', n_layer: 6, n_embd: 500, n_head: 8, vocab_size: 1000, n_positions: 256 }));
    expect(() => loadModel(bad)).toThrow(/n_head: 8 heads do not divide n_embd = 500/);
    const missing = join(dir, 'missing.json');
    writeFileSync(missing, JSON.stringify({ model_type: 'gpt2', n_embd: 512, n_head: 8, vocab_size: 1000, n_positions: 256 }));
    expect(() => loadModel(missing)).toThrow(/n_layer: missing field/);
    expect(() => loadModel('gpt3')).toThrow(/unknown model preset.*gpt2-xl-dfx/);
  });

  it('refuses requests beyond the context or malformed', () => {
    const m = loadModel('gpt2');
    expect(() => buildWorkload(m, { input: 1000, output: 25, batch: 1 })).toThrow(/1025 tokens exceed gpt2's context of 1024/);
    expect(() => buildWorkload(m, { input: 0, output: 5, batch: 1 })).toThrow(/--input/);
    expect(() => buildWorkload(m, { input: 5, output: 5, batch: 0 })).toThrow(/--batch/);
  });

  it('builds summarization then one step per further token with a growing KV cache', () => {
    const w = buildWorkload(loadModel('gpt2'), { input: 32, output: 4, batch: 2 });
    const specs = [...steps(w)];
    expect(specs.map((s) => [s.stage, s.seqs[0].tokens, s.seqs[0].context, s.emits, s.seqs[0].count])).toEqual([
      ['summarization', 32, 0, true, 2],
      ['generation', 1, 32, true, 2],
      ['generation', 1, 33, true, 2],
      ['generation', 1, 34, true, 2],
    ]);
    const gen = w.ops(specs[2]);
    const scores = gen.layer.find((o) => o.kind === 'attn_scores');
    expect(scores?.n).toBe(34);
    expect(scores?.count).toBe(12 * 2);
    expect(scores?.kvReadBytes).toBe(33 * 64 * 24 * 2);
    // Weights of one layer at fp16: 12 d^2 + 13 d parameters minus the LayerNorm vectors counted apart.
    const d = 768;
    const linearBytes = gen.layer.filter((o) => o.kind === 'linear').reduce((s, o) => s + o.weightBytes, 0);
    expect(linearBytes).toBe((12 * d * d + 9 * d) * 2);
    expect(opTotals(gen.layer).flops).toBeGreaterThan(2 * 2 * 12 * d * d);
  });

  it('builds an encoder pass for BERT with --output 0 only', () => {
    const m = loadModel('bert-base');
    const w = buildWorkload(m, { input: 128, output: 0, batch: 1 });
    expect(w.phases).toHaveLength(1);
    expect(() => buildWorkload(m, { input: 128, output: 4, batch: 1 })).toThrow(/encoder/);
  });
});
