import { stepOps } from '../../workloads/trace.js';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { GpuArch } from '../../arch/schema/gpu.js';
import { isUserError } from '../../arch/user-error.js';
import { allGather, allReduce, gemmSeconds, kernelSeconds, memoryEfficiency, sparseSpeedup } from '../../sim/gpu/costs.js';
import { deviceWork, kernelEntry, lowerStep } from '../../sim/gpu/lower.js';
import { gpuParams } from '../../sim/gpu/params.js';
import { simulate } from '../../sim/simulate.js';
import { linear } from '../../workloads/transformer-ops.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { Op } from '../../workloads/trace.js';

const gpu = async (ref: string, set: string[] = [], devices?: number) => (await loadArch(ref, { set, devices })).spec as GpuArch;
const run = async (ref: string, model: string, input: number, output: number, set: string[] = [], devices?: number, batch = 1) =>
  simulate(await loadArch(ref, { set, devices }), buildWorkload(loadModel(model), { input, output, batch }));

describe('GPU presets', () => {
  it('load every preset with its datasheet figures in SI units', async () => {
    const v = await gpu('v100');
    expect(v.compute.fp16_tensor).toBe(125e12);
    expect(v.memory.bandwidth).toBe(900e9);
    expect(v.power.tdp).toBe(300);
    for (const ref of ['a100-40gb', 'a100-80gb', 'h100-sxm', 'rtx2080ti', 't4']) {
      const a = await gpu(ref);
      expect(a.template).toBe('gpu');
      expect(Object.keys(a.stacks).sort()).toEqual([
        'fastertransformer',
        'fastertransformer-triton',
        'huggingface',
        'megatron',
        'roofline',
        'tensorflow',
        'tensorrt',
        'tensorrt-llm',
        'vllm',
      ]);
    }
    expect((await gpu('a100-80gb')).memory.bandwidth).toBe(2039e9);
    expect((await gpu('rtx2080ti')).compute.fp16_tensor).toBe(53.8e12);
  });

  it('keeps the provenance of every stack constant', async () => {
    const a = await loadArch('v100');
    expect(a.provenance['stacks.megatron.fixed.host_per_op'].kind).toBe('fitted');
    expect(a.provenance['stacks.fastertransformer.fixed.host_per_kernel'].kind).toBe('source');
    expect(a.provenance['stacks.fastertransformer.memory_efficiency[2].efficiency'].kind).toBe('fitted');
    expect(a.provenance['stacks.fastertransformer.gemm.efficiency'].kind).toBe('fitted');
    expect(a.provenance['stacks.fastertransformer.gemm.tiles'].kind).toBe('source');
    expect(a.provenance['memory.l2_bandwidth'].kind).toBe('assumption');
    expect(a.provenance['power.idle'].kind).toBe('fitted');
    expect((await loadArch('v100-dfx')).provenance.host_scale.kind).toBe('fitted');
  });

  it('rejects an unknown stack, and --stack on a non-GPU arch, naming the field and the fix', async () => {
    await expect(loadArch('v100', { set: ['stack=deepspeed-mii'] })).rejects.toThrow(
      /stack.*roofline, fastertransformer, fastertransformer-triton, tensorrt, tensorrt-llm, huggingface, tensorflow, megatron/,
    );
    const e = await loadArch('dfx', { devices: 4, stack: 'megatron' }).catch((x: unknown) => x);
    expect(isUserError(e)).toBe(true);
    expect(String(e)).toMatch(/--stack.*not a GPU/);
  });
});

const MLP_IN = { shard: 'column', weight: 'mlp_in' } as const;

describe('kernel costs', () => {
  it('runs GEMMs in whole waves of CTA tiles: one tile more than the SMs costs a second wave, small per-GPU shapes waste the GPU', async () => {
    const p = gpuParams(await gpu('a100-80gb', ['stack=fastertransformer']));
    const g = (m: number, n: number, k: number) => ({ m, n, k, count: 1, operandBytes: 2, bias: false });
    const eff = (m: number, n: number, k: number) => (2 * m * n * k) / (gemmSeconds(p, g(m, n, k)) * p.tensorFlops);
    const full = p.stack.gemm.efficiency;
    // 108 tiles of 128 x 128 fill the A100's 108 SMs once; 109 do not.
    expect(eff(128 * 108, 128, 4096)).toBeCloseTo(full, 6);
    expect(eff(128 * 109, 128, 4096)).toBeLessThan(0.75 * full);
    // Large GEMMs reach the full efficiency, never more; a decode GEMM split 8 ways reaches less than the whole one.
    for (const [m, n, k] of [
      [8192, 8192, 8192],
      [256, 18432, 6144],
      [1, 4096, 4096],
      [77, 300, 129],
    ])
      expect(eff(m, n, k)).toBeLessThanOrEqual(full + 1e-12);
    expect(eff(8192, 8192, 8192)).toBeGreaterThan(0.99 * full);
    expect(eff(256, 18432 / 8, 6144)).toBeLessThan(0.85 * eff(256, 18432, 6144));
    // More work is never faster.
    for (const [m, n, k] of [
      [1, 2304, 6144],
      [100, 768, 3072],
      [4096, 2304, 768],
    ]) {
      const t = gemmSeconds(p, g(m, n, k));
      expect(gemmSeconds(p, g(m + 1, n, k))).toBeGreaterThanOrEqual(t);
      expect(gemmSeconds(p, g(m, n + 64, k))).toBeGreaterThanOrEqual(t);
      expect(gemmSeconds(p, g(m, n, k + 64))).toBeGreaterThanOrEqual(t);
      expect(gemmSeconds(p, g(2 * m, n, k))).toBeLessThanOrEqual(2 * t * (1 + 1e-12));
    }
    // Tiles too small for L2 to feed run below the SM's rate: the 64 x 64 tile's operands need more than L2 gives an A100 SM.
    const l2PerSm = p.l2Bandwidth / p.sms;
    expect(l2PerSm * 32).toBeLessThan(p.tensorFlops / p.sms);
  });

  it('keeps the memory-efficiency and 2:4 speedup curves non-decreasing', async () => {
    const s = gpuParams(await gpu('a100-40gb', ['stack=fastertransformer']));
    for (let b = 1024; b < 1e10; b *= 2) expect(memoryEfficiency(s, 2 * b)).toBeGreaterThanOrEqual(memoryEfficiency(s, b));
    const p = gpuParams(await gpu('a100-80gb'));
    for (let r = 1; r < 1e5; r *= 2) expect(sparseSpeedup(p, 2 * r)).toBeGreaterThanOrEqual(sparseSpeedup(p, r));
  });

  it('runs Megatron decode GEMMs at its decode efficiency, their time growing with every sequence', async () => {
    const p = gpuParams(await gpu('a100-80gb', ['stack=megatron']));
    const g = (m: number) => ({ m, n: 4608, k: 12288, count: 1, operandBytes: 2, bias: false });
    const decodeEff = p.stack.gemm.decode_efficiency ?? 0;
    expect(gemmSeconds(p, g(8), true)).toBeCloseTo((2 * 8 * 4608 * 12288) / (p.tensorFlops * decodeEff), 12);
    expect(gemmSeconds(p, g(16), true)).toBeCloseTo(2 * gemmSeconds(p, g(8), true), 12);
    // A prefill GEMM of the same shape is tiled.
    expect(gemmSeconds(p, g(8), false)).toBeLessThan(gemmSeconds(p, g(8), true));
  });

  it('never beats the roofline, and equals it for the roofline stack', async () => {
    for (const stack of ['roofline', 'fastertransformer', 'megatron']) {
      const p = gpuParams(await gpu('a100-40gb', [`stack=${stack}`]));
      for (const rows of [1, 8, 64, 512]) {
        const o = linear({ name: 'ffn_1', category: 'ffn', role: MLP_IN, rows, k: 5120, n: 20480, dtype: 'fp16' });
        const w = deviceWork(p, o);
        const roof = Math.max(w.tensorFlops / p.tensorFlops, w.bytes / p.bandwidth);
        const t = kernelSeconds(p, { ...w, kernels: 1 });
        expect(t).toBeGreaterThanOrEqual(roof * (1 - 1e-12));
        if (stack === 'roofline') expect(t).toBeCloseTo(roof, 12);
      }
    }
  });

  it('splits linear layers over tensor-parallel devices and adds two all-reduces per layer', async () => {
    const p1 = gpuParams(await gpu('v100', [], 1));
    const p4 = gpuParams(await gpu('v100', [], 4));
    const o = linear({ name: 'qkv', category: 'qkv_projection', role: { shard: 'column', weight: 'qkv' }, rows: 1, k: 1536, n: 4608, dtype: 'fp16' });
    expect(deviceWork(p4, o).tensorFlops).toBeCloseTo(deviceWork(p1, o).tensorFlops / 4);
    const w = buildWorkload(loadModel('gpt2-xl-dfx'), { input: 8, output: 2, batch: 1 });
    const layer = lowerStep(p4, stepOps(w, 'generation', 1, 8, true)).segments[0]?.block;
    expect(layer?.ops.filter((x) => x.category === 'sync').map((x) => x.name)).toEqual(['allreduce_attn_proj', 'allreduce_ffn_2']);
    expect(lowerStep(p1, stepOps(w, 'generation', 1, 8, true)).segments[0]?.block.ops.some((x) => x.category === 'sync')).toBe(false);
  });

  it('ring collectives cost 2(k-1) and k-1 latency steps plus their bytes', async () => {
    const p = gpuParams(await gpu('a100-40gb', [], 4));
    const ar = allReduce(p, 1e6);
    expect(ar.sent).toBeCloseTo(1.5e6);
    const fixed = p.stack.fixed.collective;
    const bw = p.linkBandwidth * p.stack.link_efficiency;
    expect(ar.seconds).toBeCloseTo(fixed + 6 * p.linkLatency + 1.5e6 / bw, 12);
    expect(allGather(p, 1e6).seconds).toBeCloseTo(fixed + 3 * p.linkLatency + 3e6 / bw, 12);
    expect(allReduce(gpuParams(await gpu('a100-40gb')), 1e6).seconds).toBe(0);
  });

  it('fuses FasterTransformer decode attention into one kernel but not the prefill', async () => {
    const p = gpuParams(await gpu('a100-40gb', ['stack=fastertransformer']));
    const w = buildWorkload(loadModel('gpt2'), { input: 16, output: 4, batch: 1 });
    const decode = stepOps(w, 'generation', 1, 16, true).layer;
    const prefill = stepOps(w, 'summarization', 16, 0, true).layer;
    const att = (ops: readonly Op[], d: boolean) => ops.filter((o) => o.category === 'attention').map((o) => kernelEntry(p, o, d).kernels);
    expect(att(decode, true)).toEqual([1, 0, 0]);
    expect(att(prefill, false)).toEqual([2, 1, 2]);
  });

  it('runs a fused encoder (tensorrt) with one attention kernel per layer', async () => {
    const p = gpuParams(await gpu('a100-80gb', ['stack=tensorrt']));
    const w = buildWorkload(loadModel('bert-base'), { input: 128, output: 0, batch: 1 });
    const layer = stepOps(w, 'summarization', 128, 0, false).layer;
    expect(layer.filter((o) => o.category === 'attention').map((o) => kernelEntry(p, o, false).kernels)).toEqual([1, 0, 0]);
  });
});

describe('2:4 sparse tensor cores', () => {
  const sparseOp = (rows: number): Op => ({ ...linear({ name: 'ffn_1', category: 'ffn', role: MLP_IN, rows, k: 4096, n: 16384, dtype: 'fp16' }), sparsity: { n: 2, m: 4 } });
  const dense = (rows: number): Op => linear({ name: 'ffn_1', category: 'ffn', role: MLP_IN, rows, k: 4096, n: 16384, dtype: 'fp16' });
  const time = (p: ReturnType<typeof gpuParams>, o: Op) => kernelSeconds(p, { ...deviceWork(p, o), kernels: 1 });

  it('give a modest speedup on large GEMMs on A100/H100, never the 2x peak, and a slowdown on small ones', async () => {
    for (const ref of ['a100-40gb', 'h100-sxm']) {
      const p = gpuParams(await gpu(ref));
      const s = time(p, dense(16384)) / time(p, sparseOp(16384));
      expect(s).toBeGreaterThan(1.05);
      expect(s).toBeLessThan(2);
      expect(time(p, sparseOp(128))).toBeGreaterThanOrEqual(time(p, dense(128)) * 0.999);
    }
  });

  it('give nothing for batch-1 GEMV (the sparse kernel is slower), nothing on V100/T4, and nothing for other N:M ratios', async () => {
    const a100 = gpuParams(await gpu('a100-40gb'));
    // gpu.md §7: GEMV and batch-1 decode see no speedup from 2:4, or a slowdown.
    expect(time(a100, sparseOp(1))).toBeGreaterThanOrEqual(time(a100, dense(1)));
    for (const ref of ['v100', 't4', 'rtx2080ti']) {
      const p = gpuParams(await gpu(ref));
      expect(time(p, sparseOp(4096))).toBe(time(p, dense(4096)));
    }
    const other: Op = { ...dense(4096), sparsity: { n: 1, m: 4 } };
    expect(time(a100, other)).toBe(time(a100, dense(4096)));
  });
});

describe('GPU simulation', () => {
  it('reports stages, breakdown, utilisation, no FPGA resources, and the stack', async () => {
    const r = await run('v100', 'gpt2-medium', 32, 8, ['stack=megatron']);
    expect(r.feasible).toBe(true);
    expect(r.resources).toBeNull();
    expect(r.stack).toBe('megatron');
    expect(r.latency_s).toBeCloseTo(r.stages.summarization.seconds + r.stages.generation.seconds, 9);
    expect(r.ttft_s).toBe(r.stages.summarization.seconds);
    expect(r.tokens_per_s).toBeCloseTo(8 / r.latency_s, 9);
    expect(Object.keys(r.utilization)).toEqual(['host', 'gpu', 'link']);
    const sum = r.breakdown.reduce((a, b) => a + b.seconds, 0);
    expect(sum).toBeCloseTo(r.latency_s, 6);
  });

  it('keeps power between idle and TDP per device', async () => {
    for (const stack of ['roofline', 'fastertransformer', 'megatron']) {
      const a = await gpu('a100-40gb', [`stack=${stack}`], 2);
      const r = await run('a100-40gb', 'gpt2-large', 128, 16, [`stack=${stack}`], 2, 8);
      const perDevice = r.avg_power_w / r.devices;
      expect(perDevice).toBeGreaterThanOrEqual(a.power.idle);
      expect(perDevice).toBeLessThanOrEqual(a.power.tdp);
    }
  });

  it('is infeasible, with the reason, when weights and KV cache do not fit', async () => {
    const r = await run('t4', 'gpt-13b', 64, 64);
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/weights .* KV cache .* exceed/);
    const kv = await run('v100', 'gpt2-xl', 512, 512, [], 1, 4096);
    expect(kv.feasible).toBe(false);
    expect((await run('a100-40gb', 'gpt-13b', 64, 64, [], 2)).feasible).toBe(true);
    expect((await run('v100', 'gpt2-xl', 8, 8, [], 3)).reason).toMatch(/heads cannot be split/);
  });

  it('fast and exact modes agree', async () => {
    const a = await loadArch('a100-40gb', { set: ['stack=fastertransformer'], devices: 2 });
    const w = buildWorkload(loadModel('gpt2-large'), { input: 64, output: 16, batch: 2 });
    const f = simulate(a, w);
    const e = simulate(a, w, { exact: true });
    expect(f.latency_s).toBeCloseTo(e.latency_s, 12);
    expect(f.energy_j).toBeCloseTo(e.energy_j, 9);
  });
});

describe('N:M workloads on GPUs (through the real trace)', () => {
  const run = async (sparsity?: { n: number; m: number }, batch = 1) => {
    const { loadArch } = await import('../../arch/load.js');
    const { simulate } = await import('../../sim/simulate.js');
    const { buildWorkload, loadModel } = await import('../../workloads/models.js');
    const arch = await loadArch('a100-40gb');
    return simulate(arch, buildWorkload(loadModel('gpt2-xl'), { input: 512, output: 16, batch }, sparsity ? { sparsity } : {}));
  };

  it('2:4 speeds up a large prefill modestly, not the batch-1 decode; other patterns run dense', async () => {
    const dense = await run(undefined, 8);
    const s24 = await run({ n: 2, m: 4 }, 8);
    const s14 = await run({ n: 1, m: 4 }, 8);
    const prefill = dense.ttft_s / s24.ttft_s;
    expect(prefill).toBeGreaterThan(1.02);
    expect(prefill).toBeLessThan(1.4);
    const decode = (r: typeof dense) => r.latency_s - r.ttft_s;
    expect(decode(s24)).toBeGreaterThanOrEqual(decode(dense) * 0.999);
    expect(s14.latency_s).toBeCloseTo(dense.latency_s, 9);
  });
});
