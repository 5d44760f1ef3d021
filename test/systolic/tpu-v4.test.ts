/**
 * Sanity of the tpu-v4 preset against public TPU v4 figures. The project's
 * reference set records no TPU v4 inference latency or throughput (for GPT-2,
 * BERT or anything else), so nothing here validates a simulated time: these
 * are bands that a wrong mechanism or a wrong unit would break. Figures:
 * - peak bf16 275 TFLOP/s per chip: Cloud TPU v4 documentation [D];
 * - measured power 90 / 170 / 192 W per chip (min / mean / max): Cloud TPU v4
 *   documentation [M, recalled]; the minimum is the preset's static power
 *   (calibration), the maximum is used here only (validation);
 * - die < 600 mm²: Jouppi et al. ISCA 2023 [M, recalled]; the preset's die budget.
 */
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { AreaUse } from '../../sim/result.js';
import { run } from '../sim/nm-helpers.js';

const PEAK_BF16_FLOPS = 275e12;
const POWER_W = { min: 90, max: 192 };

describe('tpu-v4 against public TPU v4 figures (sanity bands)', () => {
  it('the arrays and the clock reproduce the published 275 TFLOP/s bf16 peak', async () => {
    const r = await run({ arch: 'tpu-v4', model: 'gpt2', input: 8, output: 1 });
    expect(Math.abs((r.detail?.peak.flops_per_s ?? 0) / PEAK_BF16_FLOPS - 1)).toBeLessThan(0.002);
  });

  it.each([
    ['compute-bound prefill', 'bert-large', 512, 0, 8],
    ['long prompt, short answer', 'gpt2-medium', 512, 16, 4],
    ['batch-1 decode, HBM-bound', 'gpt2-medium', 16, 64, 1],
    ['batched decode', 'gpt2', 128, 64, 32],
  ] as const)('%s: average power within the measured range of one chip', async (_what, model, input, output, batch) => {
    const r = await run({ arch: 'tpu-v4', model, input, output, batch });
    expect(r.avg_power_w).toBeGreaterThanOrEqual(POWER_W.min);
    expect(r.avg_power_w).toBeLessThanOrEqual(POWER_W.max);
  });

  it('the assumed component areas add up to a die under the published bound', async () => {
    const r = await run({ arch: 'tpu-v4', model: 'gpt2', input: 8, output: 1 });
    const a = r.resources as AreaUse;
    expect(a.area_mm2).toBeLessThan(600);
    expect(a.area_mm2).toBeGreaterThan(0.4 * 600);
    expect((await loadArch('tpu-v4')).provenance['area.max_die_mm2'].kind).toBe('source');
  });
});
