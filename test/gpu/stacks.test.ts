/**
 * The kernel inventories of the serving engines (tensorrt-llm, vllm): every operator of a modern
 * decoder finds an entry of its own kind, the kernels per layer are the engines', and no entry is
 * shadowed by an earlier one.
 */
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { GpuArch, KernelEntry } from '../../arch/schema/gpu.js';
import { kernelEntry } from '../../sim/gpu/lower.js';
import { type GpuParams, gpuParams } from '../../sim/gpu/params.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { type Op, type StepOps, stepOps } from '../../workloads/trace.js';

const params = async (stack: string, devices = 1): Promise<GpuParams> => gpuParams((await loadArch('a100-80gb', { stack, devices })).spec as GpuArch);

/** A prefill step of 128 tokens and a decode step at context 128, batch 2. */
function steps(model: string): { prefill: StepOps; decode: StepOps } {
  const w = buildWorkload(loadModel(model), { input: 128, output: 4, batch: 2 });
  return { prefill: stepOps(w, 'summarization', 128, 0, true), decode: stepOps(w, 'generation', 1, 128, true) };
}

const allOps = (s: StepOps): Op[] => [...s.pre, ...s.layer, ...s.post];
const perLayer = (p: GpuParams, s: StepOps, decode: boolean, field: 'kernels' | 'host_ops') => s.layer.reduce((a, o) => a + kernelEntry(p, o, decode)[field], 0);

describe('serving-engine stacks on Llama-2-7B', () => {
  for (const stack of ['tensorrt-llm', 'vllm']) {
    it(`${stack}: every operator of a prefill and a decode step has an entry of its own kind`, async () => {
      const p = await params(stack);
      const { prefill, decode } = steps('llama-2-7b');
      for (const [s, isDecode] of [
        [prefill, false],
        [decode, true],
      ] as const) {
        for (const o of allOps(s)) expect(kernelEntry(p, o, isDecode).covers.kind, `${o.name} (${isDecode ? 'decode' : 'prefill'})`).toBe(o.kind);
      }
    });
  }

  it('tensorrt-llm: 11 kernels per decode layer, 12 per prefill layer (the context phase writes the cache in its own kernel), no host operators', async () => {
    const p = await params('tensorrt-llm');
    const { prefill, decode } = steps('llama-2-7b');
    // Two RMSNorms, five GEMMs (gate and up apart), attention, SiLU x up, two residual adds; + the context phase's QKV/rotary kernel.
    expect(perLayer(p, decode, true, 'kernels')).toBe(11);
    expect(perLayer(p, prefill, false, 'kernels')).toBe(12);
    expect(perLayer(p, decode, true, 'host_ops') + perLayer(p, prefill, false, 'host_ops')).toBe(0);
  });

  it('vllm: 10 kernels per layer in both stages; decode replays a CUDA graph (no host operators), prefill is eager', async () => {
    const p = await params('vllm');
    const { prefill, decode } = steps('llama-2-7b');
    // Two fused add+RMSNorms, four GEMMs (gate_up merged), rotary, cache write + attention, silu_and_mul.
    expect(perLayer(p, decode, true, 'kernels')).toBe(10);
    expect(perLayer(p, prefill, false, 'kernels')).toBe(10);
    expect(perLayer(p, decode, true, 'host_ops')).toBe(0);
    expect(perLayer(p, prefill, false, 'host_ops')).toBe(29);
    expect(p.stack.fixed.host_per_kernel).toBe(0);
    // The LM head runs outside the graph in both stages.
    const head = decode.post.find((o) => o.role.weight === 'lm_head');
    expect(head && kernelEntry(p, head, true).host_ops).toBeGreaterThan(0);
  });

  it('no entry of either stack is shadowed: each is the first match of some operator of Llama, GPT-2, OPT or GPT-J', async () => {
    for (const stack of ['tensorrt-llm', 'vllm']) {
      const p = await params(stack);
      const used = new Set<KernelEntry>();
      for (const model of ['llama-2-7b', 'gpt2', 'opt-1.3b', 'gpt-j-6b']) {
        const { prefill, decode } = steps(model);
        // kernelEntry returns a copy for a single-table embedding: find the listed entry by its covers.
        const find = (o: Op, d: boolean) => {
          const e = kernelEntry(p, o, d);
          return p.stack.kernels.find((k) => k.covers === e.covers) ?? e;
        };
        for (const o of allOps(prefill)) used.add(find(o, false));
        for (const o of allOps(decode)) used.add(find(o, true));
      }
      const unused = p.stack.kernels.filter((e) => !used.has(e) && e.covers.kind !== 'butterfly' && e.covers.kind !== 'fft');
      expect(
        unused.map((e) => `${e.name} ${JSON.stringify(e.covers)}`),
        stack,
      ).toEqual([]);
    }
  });

  it("vllm's time between steps is paid once per pass, where no kernel hides it", async () => {
    const w = buildWorkload(loadModel('llama-2-7b'), { input: 128, output: 16, batch: 1 });
    const run = async (set: string[]) => simulate(await loadArch('a100-80gb', { stack: 'vllm', set }), w);
    const base = await run(['stacks.vllm.fixed.host_per_pass=0s']);
    const withPass = await run([]);
    const perPass = (await params('vllm')).stack.fixed.host_per_pass;
    expect(perPass).toBeGreaterThan(0);
    // One prefill pass and 15 decode passes.
    expect(withPass.latency_s - base.latency_s).toBeCloseTo(16 * perPass, 9);
    expect(withPass.ttft_s - base.ttft_s).toBeCloseTo(perPass, 9);
  });

  it('runs Llama-2-70B over 4 GPUs under both stacks (grouped-query heads split, two all-reduces per layer)', async () => {
    const w = buildWorkload(loadModel('sim/validation/gpu-models/llama-2-70b.json'), { input: 128, output: 8, batch: 1 });
    for (const stack of ['tensorrt-llm', 'vllm']) {
      const r = simulate(await loadArch('a100-80gb', { stack, devices: 4 }), w);
      expect(r.feasible, stack).toBe(true);
      expect(r.breakdown.some((b) => b.category === 'sync')).toBe(true);
    }
  });
});
