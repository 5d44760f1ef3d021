import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../arch/user-error.js';
import { patternRuns } from '../../workloads/layer-plan.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { layerSparsityFrom, metadataBits, nonzerosPerColumn, parsePattern, patternAt, readSparsityArg } from '../../workloads/sparsity.js';
import { type Op, layerSegments, stepOps } from '../../workloads/trace.js';

const bert = (sparsity?: ReturnType<typeof readSparsityArg>) => buildWorkload(loadModel('bert-base'), { input: 128, output: 0, batch: 1 }, { sparsity });
const layerOf = (w: ReturnType<typeof bert>) => stepOps(w, 'summarization', 128, 0, false);
const byName = (ops: readonly Op[], name: string) => ops.find((o) => o.name === name) as Op;

describe('N:M patterns', () => {
  it('parses N:M and rejects what is not one', () => {
    expect(parsePattern('2:4', 'x')).toEqual({ n: 2, m: 4 });
    expect(() => parsePattern('5:4', 'x')).toThrow(UserError);
    expect(() => parsePattern('0:4', 'x')).toThrow(UserError);
    expect(() => parsePattern('2/4', 'x')).toThrow(UserError);
    expect(() => readSparsityArg('half')).toThrow(/--sparsity/);
  });

  it('counts kept weights per column, with a partial trailing group', () => {
    expect(nonzerosPerColumn(768, { n: 2, m: 4 })).toBe(384);
    expect(nonzerosPerColumn(10, { n: 2, m: 4 })).toBe(6); // 2 + 2 + min(2, 2)
    expect(nonzerosPerColumn(9, { n: 2, m: 4 })).toBe(5); // 2 + 2 + min(2, 1)
    expect(nonzerosPerColumn(768, undefined)).toBe(768);
  });

  it('metadata: ceil(log2 M) bits per kept weight or M bits per group; none when N = M', () => {
    expect(metadataBits(768, 10, { n: 2, m: 4 }, 'index')).toBe(384 * 10 * 2);
    expect(metadataBits(768, 10, { n: 2, m: 8 }, 'index')).toBe(192 * 10 * 3);
    expect(metadataBits(768, 10, { n: 2, m: 8 }, 'bitmask')).toBe(96 * 8 * 10);
    expect(metadataBits(768, 10, { n: 4, m: 4 }, 'index')).toBe(0);
  });

  it('FLOPs and weight bytes of a linear op follow the pattern; attention stays dense', () => {
    const dense = layerOf(bert());
    const sparse = layerOf(bert({ n: 1, m: 4 }));
    for (const name of ['qkv', 'attn_proj', 'ffn_1', 'ffn_2']) {
      const d = byName(dense.layer, name);
      const s = byName(sparse.layer, name);
      expect(s.sparsity).toEqual({ n: 1, m: 4 });
      expect(s.flops - d.m * d.n).toBeCloseTo((d.flops - d.m * d.n) / 4, 6);
      expect(s.weightBytes - 2 * d.n).toBeCloseTo((d.weightBytes - 2 * d.n) / 4, 6);
    }
    for (const name of ['attn_scores', 'softmax', 'attn_context']) {
      expect(byName(sparse.layer, name)).toEqual(byName(dense.layer, name));
    }
  });

  it('fewer nonzeros never means more FLOPs or bytes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 16 }), (k, a, m) => {
        const n = Math.min(a, m);
        if (n === 1) return true;
        return nonzerosPerColumn(k, { n: n - 1, m }) <= nonzerosPerColumn(k, { n, m }) && nonzerosPerColumn(k, { n, m }) <= k;
      }),
    );
  });
});

describe('per-layer sparsity files', () => {
  it('resolves layer ranges, op overrides, op defaults and the default N', () => {
    const s = readSparsityArg('test/fixtures/bert-base-inherited.yaml');
    expect(patternAt(s, 0, 'qkv')).toEqual({ n: 6, m: 8 });
    expect(patternAt(s, 5, 'qkv')).toEqual({ n: 4, m: 8 });
    expect(patternAt(s, 5, 'attn_proj')).toEqual({ n: 4, m: 8 });
    expect(patternAt(s, 9, 'ffn_1')).toEqual({ n: 2, m: 8 });
    expect(patternAt(s, 11, 'ffn_1')).toEqual({ n: 1, m: 8 });
    expect(patternAt(s, 11, 'qkv')).toEqual({ n: 4, m: 8 });
  });

  it('groups identical layers into runs whose counts sum to the layer count', () => {
    const s = readSparsityArg('test/fixtures/bert-base-inherited.yaml');
    const runs = patternRuns({ sparsity: s }, 12, ['qkv', 'attn_proj', 'ffn_1', 'ffn_2']);
    expect(runs.map((r) => r.count)).toEqual([4, 4, 3, 1]);
    const segs = layerSegments(layerOf(bert(s)));
    expect(segs.reduce((a, g) => a + g.count, 0)).toBe(12);
    expect(byName(segs[3].layer, 'ffn_2').sparsity).toEqual({ n: 1, m: 8 });
  });

  it('one global pattern keeps a single run (no segments)', () => {
    expect(layerOf(bert({ n: 2, m: 4 })).segments).toBeUndefined();
  });

  it('rejects bad files with the field named', () => {
    expect(() => layerSparsityFrom({ layers: { 0: 2 } }, 'f.yaml')).toThrow(/f.yaml: m/);
    expect(() => layerSparsityFrom({ m: 4, layers: { 0: 5 } }, 'f.yaml')).toThrow(/layers.0/);
    expect(() => layerSparsityFrom({ m: 4, layer: {} }, 'f.yaml')).toThrow(/unknown field/);
    expect(() => bert(layerSparsityFrom({ m: 4, layers: { 12: 2 } }, 'f.yaml'))).toThrow(/12 layers/);
    expect(() => bert(layerSparsityFrom({ m: 4, ops: { mlp: 2 } }, 'f.yaml'))).toThrow(/no linear op "mlp"/);
  });
});
