/**
 * Iteration costs: exact for single sequences and for sequential templates,
 * interpolated between grid shapes for batches on parallel templates (within
 * a fraction of a percent of simulating the shape itself where costs are
 * smooth, a few percent where they step with tiles), and memoised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { IterationCoster, Usage } from '../../sim/serving/iteration-cost.js';
import { bracket, gridStep } from '../../sim/serving/grid.js';
import { prepared, stepCost } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { StepSpec } from '../../workloads/trace.js';
import { GPT2XL } from './helpers.js';

async function setup(arch: string, devices: number) {
  const a = await loadArch(arch, { devices });
  const w = buildWorkload(loadModel(GPT2XL), { input: 64, output: 64, batch: 1 });
  const x = prepared(a);
  return { x, w, coster: new IterationCoster(x, w) };
}

function costOf(c: IterationCoster, build: (c: IterationCoster) => void): { seconds: number; usage: Usage } {
  const usage = new Usage(c.units.length);
  c.begin();
  build(c);
  return { seconds: c.end(usage), usage };
}

describe('the grid', () => {
  it('has every integer to 64, then 32 points per octave, every power of two on it', () => {
    expect(bracket(17)).toEqual({ lo: 17, hi: 17, frac: 0 });
    expect(bracket(17.5)).toEqual({ lo: 17, hi: 18, frac: 0.5 });
    expect(bracket(64).frac).toBe(0);
    expect(bracket(1024).frac).toBe(0);
    expect(bracket(66)).toEqual({ lo: 66, hi: 66, frac: 0 });
    expect(bracket(130)).toEqual({ lo: 128, hi: 132, frac: 0.5 });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (x) => {
        const b = bracket(x);
        expect(b.lo).toBeLessThanOrEqual(x);
        expect(b.hi).toBeGreaterThanOrEqual(x);
        expect(Number.isInteger(b.lo) && Number.isInteger(b.hi)).toBe(true);
        expect(b.hi - b.lo).toBeLessThanOrEqual(Math.max(1, x / 32));
        expect(b.lo + b.frac * (b.hi - b.lo)).toBeCloseTo(x, 6);
      }),
    );
    expect(gridStep(100)).toBe(2);
  });
});

describe('iteration costs', () => {
  it('a single sequence costs exactly its step (parallel template)', async () => {
    const { x, w, coster } = await setup('a100-40gb', 1);
    for (const ctx of [64, 77, 101]) {
      const spec: StepSpec = { stage: 'generation', seqs: [{ tokens: 1, context: ctx, count: 1 }], emits: true };
      expect(costOf(coster, (c) => c.decode(ctx)).seconds).toBe(stepCost(x, w, spec).seconds);
    }
    const pre: StepSpec = { stage: 'summarization', seqs: [{ tokens: 123, context: 0, count: 1 }], emits: true };
    expect(costOf(coster, (c) => c.prefill(123, 0, true)).seconds).toBe(stepCost(x, w, pre).seconds);
  });

  it('a group of equal sequences costs exactly its step', async () => {
    const { x, w, coster } = await setup('a100-40gb', 1);
    const got = costOf(coster, (c) => {
      for (let i = 0; i < 12; i++) c.decode(333);
      for (let i = 0; i < 3; i++) c.prefill(101, 0, true);
    }).seconds;
    const want = stepCost(x, w, {
      stage: 'generation',
      seqs: [
        { tokens: 1, context: 333, count: 12 },
        { tokens: 101, context: 0, count: 3 },
      ],
      emits: true,
    }).seconds;
    expect(got).toBe(want);
  });

  // Sequences at v - 1 and v + 1 (mean v, interpolated on the grid) against the step of all at v.
  const spread = (n: number, v: number, f: (x: number) => void) => {
    for (let i = 0; i < n; i++) f(i % 2 ? v - 1 : v + 1);
  };

  it('a batch whose sequences differ, on a parallel template, is within 0.5 % of the step at its means', async () => {
    const { x, w, coster } = await setup('a100-40gb', 1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 34, max: 1000 }), (half, ctx) => {
        const got = costOf(coster, (c) => spread(2 * half, ctx, (v) => c.decode(v))).seconds;
        const want = stepCost(x, w, { stage: 'generation', seqs: [{ tokens: 1, context: ctx, count: 2 * half }], emits: true }).seconds;
        expect(Math.abs(got / want - 1)).toBeLessThan(0.005);
      }),
      { numRuns: 40 },
    );
  });

  it("mixed iterations (decodes and prompt chunks) are within 5 % of the step at their means (GPU GEMMs run in whole tiles and waves: their cost steps with the rows, as STA's does)", async () => {
    const { x, w, coster } = await setup('a100-40gb', 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 40, max: 900 }),
        fc.integer({ min: 2, max: 255 }),
        fc.integer({ min: 1, max: 400 }),
        (half, ctx, chunk, pctx) => {
          const got = costOf(coster, (c) => {
            spread(2 * half, ctx, (v) => c.decode(v));
            c.prefill(chunk - 1, pctx + 1, true);
            c.prefill(chunk + 1, pctx - 1, true);
          }).seconds;
          const want = stepCost(x, w, {
            stage: 'generation',
            seqs: [
              { tokens: 1, context: ctx, count: 2 * half },
              { tokens: chunk, context: pctx, count: 2 },
            ],
            emits: true,
          }).seconds;
          expect(Math.abs(got / want - 1)).toBeLessThan(0.05);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a tile-quantised template (STA) stays within 5 % of the step at its means (its cost steps by a few percent per tile)', async () => {
    const a = await loadArch('sta', { devices: 1 });
    const w = buildWorkload(loadModel('gpt2'), { input: 64, output: 64, batch: 1 });
    const x = prepared(a);
    const coster = new IterationCoster(x, w);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 34, max: 900 }), fc.boolean(), (half, v, decode) => {
        const got = costOf(coster, (c) => spread(2 * half, v, (u) => (decode ? c.decode(u) : c.prefill(u, 0, true)))).seconds;
        const want = stepCost(x, w, {
          stage: decode ? 'generation' : 'summarization',
          seqs: [{ tokens: decode ? 1 : v, context: decode ? v : 0, count: 2 * half }],
          emits: true,
        }).seconds;
        expect(Math.abs(got / want - 1)).toBeLessThan(0.05);
      }),
      { numRuns: 60 },
    );
  });

  it('a sequential template (DFX) costs a batch as the sum of its sequences, exactly as the driver does', async () => {
    const { x, w, coster } = await setup('dfx', 4);
    const contexts = [64, 65, 90, 300, 301, 700];
    const got = costOf(coster, (c) => {
      for (const ctx of contexts) c.decode(ctx);
      c.prefill(40, 0, true);
    });
    let want = stepCost(x, w, { stage: 'summarization', seqs: [{ tokens: 40, context: 0, count: 1 }], emits: true }).seconds;
    for (const ctx of contexts) want += stepCost(x, w, { stage: 'generation', seqs: [{ tokens: 1, context: ctx, count: 1 }], emits: true }).seconds;
    expect(got.seconds / want).toBeCloseTo(1, 12);
    const batch = stepCost(x, w, { stage: 'generation', seqs: contexts.map((c) => ({ tokens: 1, context: c, count: 1 })), emits: true });
    const decodes = costOf(coster, (c) => {
      for (const ctx of contexts) c.decode(ctx);
    });
    expect(decodes.seconds / batch.seconds).toBeCloseTo(1, 12);
    expect(decodes.usage.energy_j / batch.energy_j).toBeCloseTo(1, 12);
  });

  it('memoises: pricing again simulates nothing new', async () => {
    const { coster } = await setup('a100-40gb', 1);
    const build = (c: IterationCoster) => {
      for (let i = 0; i < 10; i++) c.decode(70 + i);
      c.prefill(100, 0, true);
    };
    const a = costOf(coster, build);
    const n = coster.simulated;
    expect(n).toBeGreaterThan(0);
    const b = costOf(coster, build);
    expect(coster.simulated).toBe(n);
    expect(b.seconds).toBe(a.seconds);
    expect(b.usage.energy_j).toBe(a.usage.energy_j);
  });
});
