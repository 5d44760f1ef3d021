import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { UserError } from '../../arch/user-error.js';
import type { AreaUse, SimResult } from '../../sim/result.js';
import { prepared, simulate, stepCost } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { readSparsityArg } from '../../workloads/sparsity.js';
import { stepSpec } from '../../workloads/trace.js';
import { offchipBytes, run } from '../sim/nm-helpers.js';

const tpu = (model: string, input: number, output: number, o: { batch?: number; devices?: number; set?: string[]; exact?: boolean } = {}) =>
  run({ arch: 'tpu-v4', model, input, output, ...o });
const flops = (r: SimResult) => (r.detail?.ops ?? []).reduce((s, o) => s + o.flops, 0);
const category = (r: SimResult, c: string) => r.breakdown.find((b) => b.category === c)?.seconds ?? 0;

describe('systolic template on tpu-v4: whole runs', () => {
  it.each([
    ['gpt2', 128, 32, 1, 1],
    ['gpt2-medium', 512, 8, 8, 1],
    ['bert-large', 512, 0, 4, 1],
    ['gpt2-xl', 64, 16, 4, 4],
  ] as const)('%s %i:%i batch %i on %i chip(s) is never faster than the roofline of its peak rates', async (model, input, output, batch, devices) => {
    const r = await tpu(model, input, output, { batch, devices });
    expect(r.feasible).toBe(true);
    const peak = r.detail?.peak;
    if (!peak) throw new Error('no peak rates');
    // 2 cores x 4 arrays x 128 x 128 PEs x 2 FLOP x 1.05 GHz per chip.
    expect(peak.flops_per_s).toBe(2 * 4 * 128 * 128 * 2 * 1.05e9 * devices);
    expect(r.latency_s).toBeGreaterThanOrEqual(flops(r) / peak.flops_per_s);
    expect(r.latency_s).toBeGreaterThanOrEqual(offchipBytes(r) / peak.bytes_per_s);
  });

  it('decode of batch 1 is bound by streaming the weights from HBM; a long prefill by the arrays', async () => {
    const r = await tpu('gpt2-medium', 64, 33, { set: [] });
    const perToken = r.stages.generation.seconds / 32;
    const weights = 354.8e6 * 2; // gpt2-medium parameters in bf16
    expect(perToken).toBeGreaterThan(weights / 1200e9);
    expect(perToken).toBeLessThan((1.25 * weights) / (0.9 * 1200e9));
    const b = await tpu('bert-large', 512, 0, { batch: 8 });
    expect(b.utilization.mxu).toBeGreaterThan(0.7);
    expect(b.utilization.hbm).toBeLessThan(0.2);
  });

  it('--exact schedules every layer and step and agrees with the fast mode', async () => {
    for (const [model, input, output, batch] of [
      ['gpt2', 16, 8, 2],
      ['bert-base', 128, 0, 1],
    ] as const) {
      const fast = await tpu(model, input, output, { batch, devices: 2 });
      const exact = await tpu(model, input, output, { batch, devices: 2, exact: true });
      expect(exact.scheduled_blocks).toBeGreaterThan(fast.scheduled_blocks);
      expect(Math.abs(exact.latency_s - fast.latency_s)).toBeLessThanOrEqual(1e-9 * fast.latency_s);
      expect(Math.abs(exact.energy_j - fast.energy_j)).toBeLessThanOrEqual(1e-9 * fast.energy_j);
    }
  });

  it('tensor parallelism as the roles say: all-reduce after row-split products, the logits gathered, weights split', async () => {
    const one = await tpu('gpt2-medium', 32, 8);
    const four = await tpu('gpt2-medium', 32, 8, { devices: 4 });
    expect(category(one, 'sync')).toBe(0);
    expect(category(four, 'sync')).toBeGreaterThan(0);
    const syncOps = new Set(four.detail?.ops.filter((o) => o.category === 'sync').map((o) => o.name));
    // Two row-split products per layer (attention output, MLP output) and the LM head's gather.
    expect(syncOps.size).toBe(3);
    expect(four.utilization.ici).toBeGreaterThan(0);
    // Each chip streams about a quarter of the layer weights.
    const layerBytes = (r: SimResult) => (r.detail?.ops ?? []).filter((o) => o.category === 'ffn').reduce((s, o) => s + o.offchip_bytes, 0);
    expect(layerBytes(four) / layerBytes(one)).toBeCloseTo(1, 2); // offchip_bytes count every device
    const bert = await tpu('bert-base', 128, 0, { devices: 2 });
    expect(category(bert, 'sync')).toBeGreaterThan(0);
  });

  it('int8 weights (weight-only) halve the weight stream; batch-1 decode is then bound by loading tiles into the arrays', async () => {
    const bf16 = await tpu('gpt2-medium', 16, 17);
    const int8 = await tpu('gpt2-medium', 16, 17, { set: ['precision.weights=int8'] });
    const ffnBytes = (r: SimResult) => (r.detail?.ops ?? []).filter((o) => o.category === 'ffn' && o.stage === 'generation').reduce((s, o) => s + o.offchip_bytes, 0);
    expect(ffnBytes(int8) / ffnBytes(bf16)).toBeCloseTo(0.5, 3);
    const ratio = bf16.stages.generation.seconds / int8.stages.generation.seconds;
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2);
    // The arrays take in 8 x 128 weights a cycle whatever their width in HBM.
    const floor = (354.8e6 / (8 * 128) / 1.05e9) * 16;
    expect(int8.stages.generation.seconds).toBeGreaterThan(floor);
  });

  it('the dataflow: the same fold count on well-divided shapes, different SRAM traffic, different fills without double buffering', async () => {
    const os = ['array.dataflow=output_stationary'];
    const ws = await tpu('bert-large', 512, 0, { batch: 2 });
    const osr = await tpu('bert-large', 512, 0, { batch: 2, set: os });
    expect(osr.energy_j).not.toBe(ws.energy_j);
    const single = ['array.double_buffered=false'];
    const wsSingle = await tpu('bert-large', 512, 0, { batch: 2, set: single });
    const osSingle = await tpu('bert-large', 512, 0, { batch: 2, set: [...single, ...os] });
    expect(wsSingle.latency_s).toBeGreaterThan(ws.latency_s);
    expect(osSingle.latency_s).not.toBe(wsSingle.latency_s);
  });

  it('area: components sum to the die, checked against its budget', async () => {
    const r = await tpu('gpt2', 8, 8);
    const a = r.resources as AreaUse;
    expect(a.kind).toBe('asic');
    expect(a.components.reduce((s, c) => s + c.area_mm2, 0)).toBeCloseTo(a.area_mm2, 9);
    expect(a.fits).toBe(true);
    expect(a.area_mm2).toBeLessThan(a.max_area_mm2);
    // Bandwidth comes in HBM stacks, each with its PHY and controller on the die; a bigger die idles hotter.
    const wide = await tpu('gpt2', 8, 8, { set: ['hbm.bandwidth=2400 GB/s'] });
    const wideArea = wide.resources as AreaUse;
    expect(wideArea.components.find((c) => c.name.startsWith('HBM'))?.name).toMatch(/8 stacks/);
    expect(wideArea.area_mm2 - a.area_mm2).toBeCloseTo(4 * 15, 9);
    const idle = async (set: string[]) => prepared(await loadArch('tpu-v4', { set })).energy.staticPower;
    expect(await idle([])).toBeCloseTo(0.2467 * a.area_mm2, 9);
    expect((await idle(['hbm.bandwidth=2400 GB/s'])) / (await idle([]))).toBeCloseTo(wideArea.area_mm2 / a.area_mm2, 9);
    const big = await tpu('gpt2', 8, 8, { set: ['array.height=256', 'array.width=256'] });
    expect(big.feasible).toBe(false);
    expect(big.reason).toMatch(/mm² of silicon, over the 600 mm² die budget/);
  });

  it('a core SRAM that cannot hold the weight tiles, and an HBM that cannot hold the model, are infeasible designs', async () => {
    const sram = await tpu('gpt2', 8, 8, { set: ['sram.core=128KiB'] });
    expect(sram.feasible).toBe(false);
    expect(sram.reason).toMatch(/core SRAM .* raise sram.core/);
    const hbm = await tpu('gpt2-xl', 8, 8, { set: ['hbm.capacity=2GiB'] });
    expect(hbm.feasible).toBe(false);
    expect(hbm.reason).toMatch(/HBM of Google TPU v4/);
  });

  it('refuses what it does not model: N:M sparsity, fp16 datapaths, butterfly operators', async () => {
    const arch = await loadArch('tpu-v4');
    const w = (model: string, opts = {}) => buildWorkload(loadModel(model), { input: 128, output: 0, batch: 1 }, opts);
    expect(() => simulate(arch, w('bert-base', { sparsity: readSparsityArg('2:4') }))).toThrow(/no N:M sparsity support/);
    expect(() => simulate(arch, w('fabnet-base'))).toThrow(/systolic template has no lowering for fft operators/);
    const fp16 = await loadArch('tpu-v4', { set: ['precision.activations=fp16'] });
    expect(() => simulate(fp16, w('bert-base'))).toThrow(UserError);
  });

  it('stepCost of the prefill equals the time to first token of a one-token request (the serving seam)', async () => {
    const arch = await loadArch('tpu-v4', { devices: 2 });
    const w = buildWorkload(loadModel('gpt2'), { input: 100, output: 1, batch: 3 });
    const r = simulate(arch, w);
    const c = stepCost(prepared(arch), w, stepSpec('summarization', 100, 0, 3, true));
    expect(c.seconds).toBeCloseTo(r.ttft_s, 12);
    expect(c.energy_j).toBeCloseTo(r.energy_j, 9);
    // A decode iteration over sequences at different contexts costs more than the shortest alone.
    const p = prepared(arch);
    const mixed = stepCost(p, w, {
      stage: 'generation',
      emits: true,
      seqs: [
        { tokens: 1, context: 50, count: 2 },
        { tokens: 1, context: 900, count: 1 },
      ],
    });
    const short = stepCost(p, w, stepSpec('generation', 1, 50, 3, true));
    expect(mixed.seconds).toBeGreaterThan(short.seconds);
  });
});

describe('systolic properties (whole runs)', () => {
  const request = fc.record({
    model: fc.constantFrom('gpt2', 'gpt2-medium', 'bert-base'),
    input: fc.integer({ min: 1, max: 256 }),
    output: fc.integer({ min: 1, max: 6 }),
    batch: fc.integer({ min: 1, max: 8 }),
    devices: fc.constantFrom(1, 2),
  });

  it('more HBM bandwidth is never slower (a die budget large enough for the extra stacks)', async () => {
    await fc.assert(
      fc.asyncProperty(request, fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 1, max: 3000 }), async (q, gbs, more) => {
        const output = q.model.startsWith('bert') ? 0 : q.output;
        const slow = await tpu(q.model, q.input, output, { batch: q.batch, devices: q.devices, set: ['area.max_die_mm2=5000', `hbm.bandwidth=${gbs} GB/s`] });
        const fast = await tpu(q.model, q.input, output, { batch: q.batch, devices: q.devices, set: ['area.max_die_mm2=5000', `hbm.bandwidth=${gbs + more} GB/s`] });
        if (!slow.feasible || !fast.feasible) return false;
        return fast.latency_s <= slow.latency_s * (1 + 1e-12);
      }),
      { numRuns: 25 },
    );
  });

  it('bigger arrays are never slower on long prefills (a die budget large enough for both)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('bert-large', 'gpt2-medium'),
        fc.integer({ min: 4, max: 8 }),
        fc.constantFrom(32, 64, 128),
        fc.constantFrom([2, 1], [1, 2], [2, 2]),
        async (model, batch, size, [gh, gw]) => {
          const set = ['area.max_die_mm2=5000'];
          const small = await tpu(model, 512, model.startsWith('bert') ? 0 : 1, { batch, set: [...set, `array.height=${size}`, `array.width=${size}`] });
          const big = await tpu(model, 512, model.startsWith('bert') ? 0 : 1, { batch, set: [...set, `array.height=${size * gh}`, `array.width=${size * gw}`] });
          return big.latency_s <= small.latency_s;
        },
      ),
      { numRuns: 12 },
    );
  });
});
