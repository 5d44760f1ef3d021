import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { FabnetArch } from '../../arch/schema/fabnet.js';
import { transformPasses } from '../../sim/fabnet/costs.js';
import { fabnetParams } from '../../sim/fabnet/params.js';
import { simulate } from '../../sim/simulate.js';
import { butterfliesPerTransform, butterflyCount, butterflyLinear, fftAxis } from '../../workloads/butterfly-ops.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

const log2n = fc.integer({ min: 1, max: 14 });

describe('butterfly counts (closed form)', () => {
  it('an n-point transform costs n/2 * log2 n butterflies, in both modes and on the engines', async () => {
    const arch = await loadArch('fabnet-vcu128', { set: ['long_transforms=tile'] });
    const p = fabnetParams(arch.spec as FabnetArch);
    fc.assert(
      fc.property(log2n, fc.integer({ min: 1, max: 300 }), (k, rows) => {
        const n = 2 ** k;
        const closed = rows * (n / 2) * k;
        const fft = fftAxis('f', 'fft', rows, n, 'fp16', true, true);
        const bfly = butterflyLinear('b', 'butterfly', rows, n, n, 'fp16', false);
        expect(butterfliesPerTransform(n)).toBe((n / 2) * k);
        expect(butterflyCount(fft.transform!)).toBe(closed);
        expect(butterflyCount(bfly.transform!)).toBe(closed);
        // FFT and butterfly modes do the same number of butterflies and multiplies; tiling keeps the count.
        for (const [op, mode] of [
          [fft, false],
          [bfly, true],
        ] as const) {
          const passes = transformPasses(p, op.transform!, mode)!;
          expect(passes.reduce((a, c) => a + c.butterflies, 0)).toBe(closed);
          expect(passes.reduce((a, c) => a + c.multiplies, 0)).toBe(4 * closed);
        }
        // Flops differ only by the work per butterfly (complex vs real 2 x 2).
        expect(fft.flops / 10).toBe(bfly.flops / 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('monotonicity', () => {
  const models = { base: loadModel('fabnet-base'), large: loadModel('fabnet-large') };
  const latency = async (set: string[], seq: number, arch = 'fabnet-vcu128', model: keyof typeof models = 'large') => {
    const a = await loadArch(arch, { set });
    const r = simulate(a, buildWorkload(models[model], { input: seq, output: 0, batch: 1 }));
    expect(r.feasible).toBe(true);
    return r.latency_s;
  };

  it('fewer BEs are never faster (either board, any stream width, any sequence)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('fabnet-vcu128', 'fabnet-zynq7045'),
        fc.constantFrom<'base' | 'large'>('base', 'large'),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(64, 128, 512, 1024, 2048),
        fc.constantFrom(128, 300, 1024, 2048, 4096),
        async (arch, model, e0, extra0, width, seq) => {
          // The Zynq 7045 fits at most 20 BEs (its LUTs).
          const [e, extra] = arch === 'fabnet-zynq7045' ? [1 + (e0 % 19), 1 + (extra0 % (20 - 1 - (e0 % 19)))] : [e0, extra0];
          const w = `streams.input.width=${width}bit`;
          const fewer = await latency([`engines=${e}`, w], seq, arch, model);
          const more = await latency([`engines=${e + extra}`, w], seq, arch, model);
          expect(fewer).toBeGreaterThanOrEqual(more * (1 - 1e-12));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('more input, coefficient or output bandwidth is never slower', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8, max: 160 }),
        fc.constantFrom('input', 'coefficient', 'output'),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(128, 1024),
        async (e, stream, w, extra, seq) => {
          const base = [`engines=${e}`];
          const narrow = await latency([...base, `streams.${stream}.width=${w * 32}bit`], seq);
          const wide = await latency([...base, `streams.${stream}.width=${(w + extra) * 32}bit`], seq);
          expect(wide).toBeLessThanOrEqual(narrow * (1 + 1e-12));
        },
      ),
      { numRuns: 40 },
    );
  });
});
