/**
 * The fast mode against scheduling everything: ranges of contexts costed
 * in closed form (sim/ranges.ts) against every distinct pass scheduled, and
 * both against --exact (every layer of every pass), on random DFX designs,
 * models and requests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { SimResult } from '../../sim/result.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

function expectTimesEqual(a: SimResult, b: SimResult, rel: number, what: string): void {
  expect(a.feasible, what).toBe(b.feasible);
  if (!a.feasible) return;
  for (const k of ['latency_s', 'ttft_s'] as const) expect(close(a[k], b[k], rel), `${what} ${k}: ${a[k]} vs ${b[k]}`).toBe(true);
  for (const s of ['summarization', 'generation'] as const) expect(close(a.stages[s].seconds, b.stages[s].seconds, rel), `${what} ${s}`).toBe(true);
  for (const row of b.breakdown) {
    const mine = a.breakdown.find((r) => r.category === row.category);
    expect(Math.abs((mine?.seconds ?? 0) - row.seconds), `${what} ${row.category}`).toBeLessThanOrEqual(rel * b.latency_s);
  }
}

const design = fc.record({
  lanes: fc.constantFrom(4, 8, 16, 32),
  d: fc.constantFrom(16, 32, 64, 128),
  devices: fc.constantFrom(1, 2, 4),
  clock: fc.constantFrom(150, 200, 250, 300),
  channels: fc.constantFrom(8, 16, 32),
  depth: fc.constantFrom(512, 2048),
  everyToken: fc.boolean(),
  vpu: fc.constantFrom(64, 256),
});
const request = fc.record({
  model: fc.constantFrom('gpt2', 'llama-3.2-1b', 'qwen2-0.5b'),
  input: fc.integer({ min: 1, max: 200 }),
  output: fc.integer({ min: 0, max: 90 }),
  batch: fc.constantFrom(1, 1, 2),
});

type Design = { lanes: number; d: number; devices: number; clock: number; channels: number; depth: number; everyToken: boolean; vpu?: number };

async function run(d: Design, r: { model: string; input: number; output: number; batch: number }, opts: { exact?: boolean; closedForm?: boolean }): Promise<SimResult> {
  const set = [
    `mpu.lanes=${d.lanes}`,
    `mpu.d=${d.d}`,
    `mpu.zigzag_cols=${d.d}`,
    `clock=${d.clock}MHz`,
    `dma.hbm_channels=${d.channels}`,
    `dma.weight_buffer_depth=${d.depth}`,
    `control.summarization_lm_head=${d.everyToken ? 'every_token' : 'last_token'}`,
    `vpu.width=${d.vpu ?? 64}`,
  ];
  const arch = await loadArch('dfx', { devices: d.devices, set });
  return simulate(arch, buildWorkload(loadModel(r.model), { input: r.input, output: r.output, batch: r.batch }), opts);
}

describe('closed-form ranges of contexts', () => {
  it('give what scheduling every distinct pass gives (1e-9), and --exact times (1e-9) and energy (1e-4)', async () => {
    await fc.assert(
      fc.asyncProperty(design, request, async (d, r) => {
        const fast = await run(d, r, {});
        const passes = await run(d, r, { closedForm: false });
        expectTimesEqual(fast, passes, 1e-9, 'fast vs every pass');
        if (fast.feasible) expect(close(fast.energy_j, passes.energy_j, 1e-9), `energy ${fast.energy_j} vs ${passes.energy_j}`).toBe(true);
        const exact = await run(d, r, { exact: true });
        expectTimesEqual(fast, exact, 1e-9, 'fast vs exact');
        // Passes of one key share the first one's event counts (the others' attention reads up to lanes - 1 more keys).
        if (fast.feasible) expect(close(fast.energy_j, exact.energy_j, 1e-4), `energy vs exact ${fast.energy_j} vs ${exact.energy_j}`).toBe(true);
      }),
      { numRuns: 60, seed: 16 },
    );
  });

  it('schedule fewer blocks where passes lie on long lines (whole tiles per context, wide vector unit)', async () => {
    const d = { lanes: 4, d: 128, devices: 2, clock: 200, channels: 8, depth: 2048, everyToken: true };
    const r = { model: 'gpt2', input: 256, output: 32, batch: 1 };
    const arch = await loadArch('dfx', {
      devices: d.devices,
      set: [`mpu.lanes=${d.lanes}`, `mpu.d=${d.d}`, `mpu.zigzag_cols=${d.d}`, `dma.hbm_channels=${d.channels}`, 'vpu.width=256'],
    });
    const w = () => buildWorkload(loadModel(r.model), r);
    const fast = simulate(arch, w());
    const passes = simulate(arch, w(), { closedForm: false });
    expect(fast.scheduled_blocks).toBeLessThan(0.75 * passes.scheduled_blocks);
    expectTimesEqual(fast, passes, 1e-9, 'fast vs every pass');
    expect(close(fast.energy_j, passes.energy_j, 1e-9)).toBe(true);
  });
});
