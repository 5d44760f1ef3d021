/**
 * The policies against each other and against simulate: static at batch 1
 * is fifo; one request alone is `tasim simulate`; continuous batching holds
 * a higher rate than fifo within the same SLO on an A100; replicas scale
 * throughput until the router saturates; a small KV cache preempts.
 */
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { GPT2XL, a100, aloneLatency, deployment, dfx4, fixedStream, served } from './helpers.js';
import { generateStream } from '../../workloads/arrivals.js';

const SLO = [{ metric: 'ttft', stat: 'p99', limit_s: 0.2 }] as const;

describe('serving policies', () => {
  it('static at B = 1 equals fifo, request by request (DFX and A100, lengths drawn from distributions)', async () => {
    for (const arch of [await dfx4(), await a100()]) {
      const stream = generateStream({
        arrivals: { kind: 'poisson' },
        rate_rps: 0.6 / aloneLatency(arch, GPT2XL),
        requests: 400,
        shapes: { kind: 'lengths', input: { kind: 'uniform', min: 8, max: 200 }, output: { kind: 'lognormal', mean: 40, cv: 0.7 } },
        seed: 3,
      });
      const fifo = served(arch, stream, 'fifo', { detail: true });
      const stat = served(arch, stream, 'static', { batch: 1, detail: true });
      for (const k of ['ttft_s', 'tpot_s', 'itl_s', 'latency_s'] as const) expect(stat[k]).toEqual(fifo[k]);
      for (const k of ['throughput_rps', 'tokens_per_s', 'energy_j', 'busy_fraction', 'duration_s'] as const) expect(stat[k] / fifo[k]).toBeCloseTo(1, 12);
      expect(stat.detail?.cdf).toEqual(fifo.detail?.cdf);
    }
  });

  it('one request alone: every policy gives tasim simulate latency, TTFT and energy', async () => {
    for (const arch of [await dfx4(), await a100(), await loadArch('v100', { devices: 4, stack: 'megatron' })]) {
      const alone = simulate(arch, buildWorkload(loadModel(GPT2XL), { input: 100, output: 37, batch: 1 }));
      for (const policy of ['fifo', 'static', 'continuous', 'chunked'] as const) {
        const r = served(arch, fixedStream(1, 1, 100, 37), policy, policy === 'chunked' ? { tokenBudget: 4096 } : {});
        expect(r.latency_s.mean).toBeCloseTo(alone.latency_s, 12);
        expect(r.ttft_s.mean).toBeCloseTo(alone.ttft_s, 12);
        expect(r.energy_j / alone.energy_j).toBeCloseTo(1, 12);
        expect(r.tokens_per_s).toBeCloseTo(alone.tokens_per_s, 6);
      }
    }
  });

  it('one request alone = simulate on FABNet, STA and encoders (every policy the model takes)', async () => {
    const cases = [
      { arch: await loadArch('fabnet-vcu128'), model: 'fabnet-base', input: 512, output: 0 },
      { arch: await a100(), model: 'bert-base', input: 128, output: 0 },
      { arch: await loadArch('sta'), model: 'gpt2-medium', input: 64, output: 9 },
    ];
    for (const c of cases) {
      const alone = simulate(c.arch, buildWorkload(loadModel(c.model), { input: c.input, output: c.output, batch: 1 }));
      const policies = c.output > 0 ? (['fifo', 'static', 'continuous', 'chunked'] as const) : (['fifo', 'static', 'continuous'] as const);
      for (const policy of policies) {
        const r = served(c.arch, fixedStream(1, 1, c.input, c.output), policy, policy === 'chunked' ? { tokenBudget: 4096 } : {}, c.model);
        expect(r.latency_s.mean, `${c.model} ${policy}`).toBeCloseTo(alone.latency_s, 12);
        expect(r.ttft_s.mean, `${c.model} ${policy}`).toBeCloseTo(alone.ttft_s, 12);
        expect(r.energy_j / alone.energy_j, `${c.model} ${policy}`).toBeCloseTo(1, 12);
        expect(r.tokens_per_s, `${c.model} ${policy}`).toBeCloseTo(alone.tokens_per_s, 6);
      }
    }
  });

  it('continuous on an A100 sustains a higher rate than fifo within p99 TTFT 200 ms', async () => {
    const arch = await a100();
    const stream = fixedStream(1, 2000);
    const fifo = deployment(arch, stream, 'fifo', { slo: SLO }).capacity(stream);
    const cont = deployment(arch, stream, 'continuous', { slo: SLO }).capacity(stream);
    expect(fifo.max_rate_rps).toBeGreaterThan(0);
    expect(cont.max_rate_rps).toBeGreaterThan(10 * fifo.max_rate_rps);
    // The search brackets the answer: the rate found meets the SLO; 1 % more does not, or is the saturation throughput.
    for (const c of [fifo, cont]) {
      expect(c.probes.find((p) => p.rate_rps === c.max_rate_rps)?.meets_slo).toBe(true);
      expect(c.probes.some((p) => !p.meets_slo && p.rate_rps <= c.max_rate_rps * 1.011) || c.saturation_rps <= c.max_rate_rps * 1.011).toBe(true);
      expect(c.max_rate_rps).toBeLessThan(c.saturation_rps);
    }
    // One at a time, saturation is one request per simulate latency.
    expect(fifo.saturation_rps * aloneLatency(arch, GPT2XL)).toBeCloseTo(1, 3);
  });

  it('replicas scale throughput linearly under overload until the router saturates', async () => {
    const arch = await a100();
    const d = aloneLatency(arch, GPT2XL);
    // Offered at 8 x one replica's fifo capacity: every replica stays busy.
    const stream = fixedStream(8 / d, 1600);
    const one = served(arch, stream, 'fifo', { replicas: 1 }).throughput_rps;
    for (const n of [2, 4]) {
      const r = served(arch, stream, 'fifo', { replicas: n });
      expect(r.throughput_rps / (n * one)).toBeGreaterThan(0.97);
      expect(r.throughput_rps / (n * one)).toBeLessThan(1.03);
      expect(r.busy_fraction).toBeGreaterThan(0.97);
    }
    // A router that needs 0.1 s per request caps the deployment at 10 req/s however many replicas there are.
    const capped = served(arch, stream, 'fifo', { replicas: 8, routerTime_s: 0.1 });
    expect(capped.throughput_rps).toBeLessThan(10 * 1.001);
    expect(capped.throughput_rps).toBeGreaterThan(9.5);
  });

  it('the router sends each request to the least-loaded replica', async () => {
    const arch = await a100();
    // Two requests at once on two replicas: both start at once, so both see the alone TTFT.
    const stream = fixedStream(1e6, 2);
    const r = served(arch, stream, 'fifo', { replicas: 2 });
    const alone = simulate(arch, buildWorkload(loadModel(GPT2XL), { input: 64, output: 64, batch: 1 }));
    expect((r.ttft_s.p99 as number) - alone.ttft_s).toBeLessThan(1e-5);
  });

  it('a KV cache too small for the load preempts, and every request still completes', async () => {
    // About 4.1 GB of the 40 GiB left for the cache once 2.9 GB of weights and a 36 GB reserve are taken.
    const arch = await loadArch('a100-40gb', { devices: 1, set: ['memory.reserved=36GB'] });
    const stream = fixedStream(60, 300, 64, 256);
    for (const policy of ['continuous', 'chunked'] as const) {
      const r = served(arch, stream, policy);
      expect(r.preempted).toBeGreaterThan(0);
      expect(r.completed).toBe(300);
      const kvBytes = (r.kv_cache.tokens as number) * r.kv_cache.bytes_per_token;
      expect(kvBytes).toBeLessThan(4.2e9);
      expect(kvBytes).toBeGreaterThan(3.9e9);
    }
  });

  it('requests longer than the context or the whole cache are dropped and counted', async () => {
    const arch = await a100();
    const stream = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 1,
      requests: 200,
      shapes: { kind: 'lengths', input: { kind: 'uniform', min: 1, max: 1000 }, output: { kind: 'fixed', tokens: 100 } },
      seed: 1,
    });
    const r = served(arch, stream, 'continuous');
    const long = stream.requests.filter((q) => q.input + q.output > 1024).length;
    expect(long).toBeGreaterThan(0);
    expect(r.dropped).toBe(long);
    expect(r.completed).toBe(200 - long);
  });

  it("a deployment refuses options its policy does not take, in the caller's names", async () => {
    const arch = await a100();
    const stream = fixedStream(1, 4);
    expect(() => deployment(arch, stream, 'fifo', { batch: 4 })).toThrow('--batch: 4: fifo serves one request at a time');
    expect(() => deployment(arch, stream, 'continuous', { tokenBudget: 256 })).toThrow('--token-budget: 256: only chunked prefill has a token budget');
    const names = { batch: 'batch', tokenBudget: 'token_budget', policy: (p: string) => `policy: ${p}` };
    expect(() => deployment(arch, stream, 'static', { tokenBudget: 256, names })).toThrow(
      'token_budget: 256: only chunked prefill has a token budget (the policy is static). Fix: drop token_budget, or use policy: chunked',
    );
  });

  it("requests longer than the model's sliding window are dropped and counted, and the run finishes (mistral-7b, window 4096)", async () => {
    const arch = await loadArch('a100-80gb', { devices: 1 });
    const stream = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 1,
      requests: 40,
      shapes: { kind: 'lengths', input: { kind: 'uniform', min: 100, max: 5000 }, output: { kind: 'fixed', tokens: 8 } },
      seed: 1,
    });
    const r = served(arch, stream, 'continuous', {}, 'mistral-7b');
    const long = stream.requests.filter((q) => q.input + q.output > 4096).length;
    expect(long).toBeGreaterThan(0);
    expect(r.dropped).toBe(long);
    expect(r.completed).toBe(40 - long);
  });

  it('chunked prefill keeps the gaps between tokens shorter than continuous batching at the same load', async () => {
    const arch = await a100();
    const stream = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 20,
      requests: 1500,
      shapes: { kind: 'lengths', input: { kind: 'uniform', min: 300, max: 700 }, output: { kind: 'fixed', tokens: 64 } },
      seed: 1,
    });
    const cont = served(arch, stream, 'continuous');
    const chunk = served(arch, stream, 'chunked');
    expect(chunk.itl_s.p99 as number).toBeLessThan(cont.itl_s.p99 as number);
  });

  it('the model is simulated once per distinct shape, never per iteration', async () => {
    const arch = await a100();
    const r = served(arch, fixedStream(30, 3000), 'continuous');
    expect(r.iterations).toBeGreaterThan(5_000);
    expect(r.simulated_steps).toBeLessThan(r.iterations / 10);
  });
});
