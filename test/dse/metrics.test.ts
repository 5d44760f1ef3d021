import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixMetrics } from '../../dse/metrics.js';
import type { SimResult } from '../../sim/result.js';

function result(latency: number, energy: number, output: number, batch = 1): SimResult {
  return {
    latency_s: latency,
    ttft_s: latency / 2,
    energy_j: energy,
    output_tokens: output,
    batch,
    devices: 2,
    cost_usd: 100,
    resources: { kind: 'fpga', dsp: 10, lut: 20, ff: 30, bram: 4, uram: 1, fits: true, used_fraction: { dsp: 0.1, lut: 0.2, ff: 0.3, bram: 0.4, uram: 0.5 } },
  } as unknown as SimResult;
}

describe('metrics over a request mix', () => {
  it("of a single request are that request's figures", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.double({ min: 1e-3, max: 100, noNaN: true }), fc.integer({ min: 1, max: 512 }), (lat, e, out) => {
        const m = mixMetrics([result(lat, e, out)], [1]);
        expect(m.latency_s).toBeCloseTo(lat, 12);
        expect(m.tokens_per_s).toBeCloseTo(out / lat, 9);
        expect(m.energy_per_token_j).toBeCloseTo(e / out, 12);
        expect(m.avg_power_w).toBeCloseTo(e / lat, 9);
      }),
    );
  });

  it('are run-wide ratios, not means of ratios', () => {
    const m = mixMetrics([result(1, 10, 10), result(3, 50, 90)], [0.5, 0.5]);
    expect(m.latency_s).toBe(2);
    expect(m.latency_max_s).toBe(3);
    expect(m.tokens_per_s).toBe(25); // 50 tokens in 2 s per request on average
    expect(m.energy_per_token_j).toBe(0.6); // 30 J for 50 tokens
    expect(m.tokens_per_j).toBeCloseTo(50 / 30, 12);
    expect(m.dsp).toBe(10);
    expect(m.cost_usd).toBe(100);
  });

  it('give an encoder mix (no output tokens) inferences, not tokens', () => {
    const m = mixMetrics([result(1, 10, 0)], [1]);
    expect(m.energy_per_token_j).toBeNull();
    expect(m.tokens_per_s).toBeNull();
    expect(m.tokens_per_j).toBeNull();
    expect(m.requests_per_s).toBe(1);
    expect(m.inferences_per_s).toBe(1);
    expect(m.energy_per_inference_j).toBe(10);
  });
});
