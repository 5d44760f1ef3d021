/**
 * Queueing theory where it applies: fifo service of fixed-size requests with
 * Poisson arrivals is an M/D/1 queue, whose mean time in system is
 * D (1 + rho / (2 (1 - rho))) with D the service time (tasim simulate's
 * latency of one request). 20,000 requests, rho = 0.5 and 0.7.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { GPT2XL, a100, aloneLatency, dfx4, fixedStream, served } from './helpers.js';

const md1 = (d: number, rho: number) => d * (1 + rho / (2 * (1 - rho)));

describe('fifo with Poisson arrivals and fixed sizes is an M/D/1 queue', () => {
  for (const rho of [0.5, 0.7]) {
    it(`4 x U280 DFX, gpt2-xl 64:64, rho = ${rho}: mean latency within 5 % of D(1 + rho/(2(1 - rho)))`, async () => {
      const arch = await dfx4();
      const d = aloneLatency(arch, GPT2XL);
      const r = served(arch, fixedStream(rho / d, 20_000), 'fifo');
      expect(r.completed).toBe(20_000);
      expect(Math.abs((r.latency_s.mean as number) / md1(d, rho) - 1)).toBeLessThan(0.05);
      // Utilisation is the offered load.
      expect(r.busy_fraction).toBeGreaterThan(rho * 0.95);
      expect(r.busy_fraction).toBeLessThan(rho * 1.05);
      // Once started, every request takes exactly what it takes alone: latency - TTFT is simulate's latency - TTFT.
      const alone = simulate(arch, buildWorkload(loadModel(GPT2XL), { input: 64, output: 64, batch: 1 }));
      expect((r.latency_s.mean as number) - (r.ttft_s.mean as number)).toBeCloseTo(alone.latency_s - alone.ttft_s, 9);
      expect(r.latency_s.p50 as number).toBeGreaterThanOrEqual(d * (1 - 1e-12));
    });
  }

  it('1 x A100, rho = 0.5 and 0.7: the same within 5 %', async () => {
    const arch = await a100();
    const d = aloneLatency(arch, GPT2XL);
    for (const rho of [0.5, 0.7]) {
      const r = served(arch, fixedStream(rho / d, 20_000, 64, 64, 2), 'fifo');
      expect(Math.abs((r.latency_s.mean as number) / md1(d, rho) - 1)).toBeLessThan(0.05);
    }
  });
});
