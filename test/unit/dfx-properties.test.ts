import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

const models = ['gpt2', 'gpt2-medium', 'gpt2-xl-dfx'] as const;

async function latency(model: string, devices: number, input: number, output: number, set: string[]): Promise<number> {
  const arch = await loadArch('dfx', { devices, set });
  const r = simulate(arch, buildWorkload(loadModel(model), { input, output, batch: 1 }));
  return r.feasible ? r.latency_s : Infinity;
}

const design = fc.record({
  model: fc.constantFrom(...models),
  devices: fc.constantFrom(1, 2, 4),
  input: fc.integer({ min: 1, max: 200 }),
  output: fc.integer({ min: 1, max: 40 }),
  lanes: fc.constantFrom(4, 8, 16, 32),
  channels: fc.integer({ min: 1, max: 32 }),
  clockMHz: fc.integer({ min: 100, max: 400 }),
});

const base = (d: { lanes: number; channels: number; clockMHz: number }) => [`mpu.lanes=${d.lanes}`, `dma.hbm_channels=${d.channels}`, `clock=${d.clockMHz} MHz`];

describe('DFX monotonicity (property tests)', () => {
  it('more HBM bandwidth is never slower', async () => {
    await fc.assert(
      fc.asyncProperty(design, fc.integer({ min: 1, max: 16 }), async (d, more) => {
        const a = await latency(d.model, d.devices, d.input, d.output, base(d));
        const b = await latency(d.model, d.devices, d.input, d.output, base({ ...d, channels: Math.min(32, d.channels + more) }));
        expect(b).toBeLessThanOrEqual(a * (1 + 1e-12));
        const c = await latency(d.model, d.devices, d.input, d.output, [...base(d), 'dma.hbm_efficiency=1']);
        expect(c).toBeLessThanOrEqual(a * (1 + 1e-12));
      }),
      { numRuns: 40 },
    );
  });

  // With few HBM channels a wider tile streams more zero padding (e.g. a 64 x 32 tile of K^T
  // holding 3 keys), a real effect that can cost a few microseconds; with the DMA at full
  // width the design is compute-bound and more lanes never hurt.
  it('more lanes are never slower when the DMA streams all HBM channels', async () => {
    await fc.assert(
      fc.asyncProperty(design, async (d0) => {
        const d = { ...d0, channels: 32 };
        const a = await latency(d.model, d.devices, d.input, d.output, base(d));
        const b = await latency(d.model, d.devices, d.input, d.output, base({ ...d, lanes: d.lanes * 2 }));
        // Twice the lanes may not fit the board: unbuildable, not slower.
        if (Number.isFinite(b)) expect(b).toBeLessThanOrEqual(a * (1 + 1e-12));
      }),
      { numRuns: 40 },
    );
  });

  it('a faster clock is never slower', async () => {
    await fc.assert(
      fc.asyncProperty(design, fc.integer({ min: 1, max: 200 }), async (d, more) => {
        const a = await latency(d.model, d.devices, d.input, d.output, base(d));
        const b = await latency(d.model, d.devices, d.input, d.output, base({ ...d, clockMHz: d.clockMHz + more }));
        expect(b).toBeLessThanOrEqual(a * (1 + 1e-12));
      }),
      { numRuns: 40 },
    );
  });
});
