import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Arch, loadArch } from '../../arch/load.js';
import type { GpuArch } from '../../arch/schema/gpu.js';
import { kvCacheBytes, parameterCount } from '../../workloads/model.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { Workload } from '../../workloads/trace.js';

const GPUS = ['v100', 'a100-40gb', 'a100-80gb', 'h100-sxm', 'rtx2080ti', 't4'] as const;
const STACKS = ['roofline', 'fastertransformer', 'fastertransformer-triton', 'huggingface', 'tensorflow', 'megatron'] as const;
const MODELS = ['gpt2', 'gpt2-medium', 'gpt2-large'] as const;

const archCache = new Map<string, Promise<Arch>>();
function arch(ref: string, set: string[], devices?: number): Promise<Arch> {
  const key = JSON.stringify([ref, set, devices]);
  let a = archCache.get(key);
  if (!a) {
    a = loadArch(ref, { set, devices });
    archCache.set(key, a);
  }
  return a;
}
const workload = (model: string, input: number, output: number, batch = 1) => buildWorkload(loadModel(model), { input, output, batch });

const config = fc.record({
  gpu: fc.constantFrom(...GPUS),
  stack: fc.constantFrom(...STACKS),
  model: fc.constantFrom(...MODELS),
  input: fc.integer({ min: 1, max: 96 }),
  output: fc.integer({ min: 1, max: 24 }),
  batch: fc.integer({ min: 1, max: 8 }),
});

describe('GPU model properties', () => {
  it('more bandwidth or more compute is never slower', async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }), async (c, bwScale, flopScale) => {
        const base = (await arch(c.gpu, [`stack=${c.stack}`])).spec as GpuArch;
        const w = workload(c.model, c.input, c.output, c.batch);
        const r0 = simulate(await arch(c.gpu, [`stack=${c.stack}`]), w);
        const faster = await loadArch(c.gpu, {
          set: [
            `stack=${c.stack}`,
            `memory.bandwidth=${base.memory.bandwidth * bwScale} B/s`,
            `compute.fp16_tensor=${base.compute.fp16_tensor * flopScale} FLOP/s`,
            `compute.fp32=${base.compute.fp32 * flopScale} FLOP/s`,
          ],
        });
        const r1 = simulate(faster, w);
        expect(r1.latency_s).toBeLessThanOrEqual(r0.latency_s * (1 + 1e-9));
      }),
      { numRuns: 25 },
    );
  });

  it('latency grows with output length', async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.integer({ min: 1, max: 16 }), async (c, more) => {
        const a = await arch(c.gpu, [`stack=${c.stack}`]);
        const short = simulate(a, workload(c.model, c.input, c.output, c.batch));
        const long = simulate(a, workload(c.model, c.input, c.output + more, c.batch));
        expect(long.latency_s).toBeGreaterThan(short.latency_s);
        expect(long.energy_j).toBeGreaterThan(short.energy_j);
      }),
      { numRuns: 25 },
    );
  });

  it('a larger batch never finishes sooner, and a batch k times larger takes at most k times as long', async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 4 }), async (c, more, k) => {
        const a = await arch(c.gpu, [`stack=${c.stack}`]);
        const base = simulate(a, workload(c.model, c.input, c.output, c.batch));
        expect(simulate(a, workload(c.model, c.input, c.output, c.batch + more)).latency_s).toBeGreaterThanOrEqual(base.latency_s * (1 - 1e-9));
        const times = simulate(a, workload(c.model, c.input, c.output, c.batch * k));
        if (times.feasible) expect(times.latency_s).toBeLessThanOrEqual(k * base.latency_s * (1 + 1e-9));
      }),
      { numRuns: 25 },
    );
  });

  it('2-way tensor parallelism is never more than 2x faster', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const w = workload(c.model, c.input, c.output, c.batch);
        const one = simulate(await arch(c.gpu, [`stack=${c.stack}`], 1), w);
        const two = simulate(await arch(c.gpu, [`stack=${c.stack}`], 2), w);
        expect(one.latency_s / two.latency_s).toBeLessThanOrEqual(2 + 1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it('a model that does not fit is infeasible, with the reason; one that fits runs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('t4', 'rtx2080ti', 'v100', 'a100-40gb'),
        fc.constantFrom('gpt2-xl-dfx', 'gpt-13b'),
        fc.constantFrom(1, 2, 4),
        fc.integer({ min: 1, max: 1024 }),
        async (gpu, model, devices, batch) => {
          const a = await arch(gpu, [], devices);
          const w = workload(model, 64, 2, batch);
          // Per GPU: its share of the FP16 weights and of the KV cache at the full context, plus the runtime's reserve.
          const g = a.spec as GpuArch;
          const need = (parameterCount(w.model) * 2) / devices + kvCacheBytes(w.model, 66, batch, 2) / devices + g.memory.reserved;
          const fits = need <= g.memory.capacity;
          const r = simulate(a, w);
          expect(r.feasible).toBe(fits);
          if (!fits) expect(r.reason).toMatch(/exceed/);
          else expect(r.latency_s).toBeGreaterThan(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is never faster than the roofline stack', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const w = workload(c.model, c.input, c.output, c.batch);
        const roof = simulate(await arch(c.gpu, ['stack=roofline']), w);
        const real = simulate(await arch(c.gpu, [`stack=${c.stack}`]), w);
        expect(real.latency_s).toBeGreaterThanOrEqual(roof.latency_s * (1 - 1e-9));
      }),
      { numRuns: 20 },
    );
  });
});

/** The same workload with every weight matrix 2:4 sparse (the N:M trace support lives elsewhere; this wraps ops directly). */
function sparse24(w: Workload): Workload {
  return {
    ...w,
    ops(spec) {
      const s = w.ops(spec);
      return { ...s, layer: s.layer.map((o) => (o.kind === 'linear' ? { ...o, sparsity: { n: 2, m: 4 } } : o)) };
    },
  };
}

describe('2:4 sparsity end to end', () => {
  it('speeds up a batched prefill on A100 modestly and batch-1 decode not at all (it is slower: gpu.md §7)', async () => {
    const a = await arch('a100-40gb', ['stack=fastertransformer']);
    const prefill = workload('gpt2-large', 512, 1, 4);
    const dense = simulate(a, prefill).stages.summarization.seconds;
    const sparse = simulate(a, sparse24(prefill)).stages.summarization.seconds;
    expect(dense / sparse).toBeGreaterThan(1.02);
    expect(dense / sparse).toBeLessThan(1.3 + 1e-9);
    const decode = workload('gpt2-large', 8, 32, 1);
    expect(simulate(a, sparse24(decode)).stages.generation.seconds).toBeGreaterThanOrEqual(simulate(a, decode).stages.generation.seconds);
  });
});
