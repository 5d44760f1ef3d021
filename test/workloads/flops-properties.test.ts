import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterCount } from '../../workloads/model.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { layerSegments, opTotals, stepOps } from '../../workloads/trace.js';

const DECODERS = ['gpt2-medium', 'opt-1.3b', 'gpt-j-6b', 'pythia-1.4b', 'llama-2-7b', 'llama-3-8b', 'llama-3.2-1b', 'mistral-7b', 'qwen2-0.5b'] as const;

describe('decode FLOPs per token are about 2 x parameters', () => {
  it('within the attention term (and the lookup tables, which are read, not multiplied)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DECODERS), fc.double({ min: 0, max: 1, noNaN: true }), (name, at) => {
        const m = loadModel(name);
        const context = 1 + Math.floor(at * (Math.min(m.maxPositions, m.slidingWindow ?? Infinity, 8192) - 3));
        const w = buildWorkload(m, { input: context, output: 2, batch: 1 });
        const s = stepOps(w, 'generation', 1, context, true);
        const ops = [...s.pre, ...layerSegments(s).flatMap((g) => Array.from({ length: g.count }, () => g.layer).flat()), ...s.post];
        const total = opTotals(ops).flops;
        const attention = opTotals(ops.filter((o) => o.category === 'attention')).flops;
        // Scores and context: 2 x 2 x head width x keys per query head and layer (the textbook term).
        const keys = context + 1;
        expect(attention).toBeGreaterThanOrEqual(4 * m.layers * m.heads * m.headDim * keys);
        const params = parameterCount(m);
        const tables = (m.tiedLmHead ? 0 : m.vocab * m.block.embedDim) + m.block.positionRows * m.dModel;
        const rest = total - attention;
        // Every multiplied weight is 2 FLOPs; biases, norms and activations add well under 1 %.
        expect(rest).toBeGreaterThanOrEqual(2 * (params - tables) * 0.999);
        expect(rest).toBeLessThanOrEqual(2 * (params - tables) * 1.01);
        expect(Math.abs(total - 2 * params)).toBeLessThanOrEqual(attention + 2 * tables + 0.01 * 2 * params);
      }),
      { numRuns: 60 },
    );
  });
});
