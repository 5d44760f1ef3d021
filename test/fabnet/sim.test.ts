import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { bertFromHfConfig } from '../../workloads/bert.js';
import { fabnetFromConfig } from '../../workloads/fabnet.js';
import type { ModelConfig } from '../../workloads/model.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

async function run(arch: string, model: string | ModelConfig, input: number, set: string[] = [], output = 0) {
  const a = await loadArch(arch, { set });
  const m = typeof model === 'string' ? loadModel(model) : model;
  return simulate(a, buildWorkload(m, { input, output, batch: 1 }));
}

describe('qualitative results', () => {
  it('is memory-bound below about 512 bit/cycle of input bandwidth regardless of BE count', async () => {
    const lat = async (engines: number, bits: number) => (await run('fabnet-vcu128', 'fabnet-large', 1024, [`engines=${engines}`, `streams.input.width=${bits}bit`])).latency_s;
    for (const bits of [256, 512]) {
      const [a, b, c] = [await lat(64, bits), await lat(96, bits), await lat(120, bits)];
      // Doubling the BEs buys almost nothing...
      expect(Math.max(a, b, c) / Math.min(a, b, c)).toBeLessThan(1.05);
    }
    // ...while bandwidth sets the latency,
    expect((await lat(120, 256)) / (await lat(120, 512))).toBeGreaterThan(1.8);
    // and only at high bandwidth do more BEs keep helping.
    expect((await lat(64, 4096)) / (await lat(120, 4096))).toBeGreaterThan(1.5);
  });

  it('runs tens of times faster than a dense BERT on a 2,048-MAC dense accelerator at long sequences', async () => {
    const bert = (d: number, layers: number, heads: number) =>
      bertFromHfConfig(
        { model_type: 'bert', hidden_size: d, num_hidden_layers: layers, num_attention_heads: heads, intermediate_size: 4 * d, vocab_size: 30522, max_position_embeddings: 8192 },
        `bert-${d}`,
        'test',
      );
    const speedup = async (fabnet: string, dense: ModelConfig, seq: number) => {
      const f = await run('fabnet-vcu128', fabnet, seq, ['engines=128']);
      const b = await run('fabnet-dense-baseline', dense, seq);
      return b.latency_s / f.latency_s;
    };
    const base = await speedup('fabnet-base', bert(768, 12, 12), 1024);
    const large = await speedup('fabnet-large', bert(1024, 24, 16), 1024);
    expect(base).toBeGreaterThan(20);
    expect(large).toBeGreaterThan(base);
    expect(large).toBeLessThan(200);
  });
});

describe('the fabnet simulator', () => {
  it('breaks an encoder run down by mode', async () => {
    const r = await run('fabnet-vcu128', 'fabnet-large', 4096, ['engines=64']);
    expect(r.feasible).toBe(true);
    const cats = r.breakdown.map((b) => b.category);
    for (const c of ['fft', 'butterfly', 'norm']) expect(cats).toContain(c);
    const total = r.breakdown.reduce((s, b) => s + b.seconds, 0);
    expect(total).toBeCloseTo(r.latency_s, 9);
    expect(r.ttft_s).toBe(r.latency_s);
    expect(r.resources?.fits).toBe(true);
    expect(r.utilization.be).toBeGreaterThan(0.5);
    expect(r.utilization.be).toBeLessThanOrEqual(1);
  });

  it('runs ABfly layers on the attention path', async () => {
    const hybrid = fabnetFromConfig(
      {
        model_type: 'fabnet',
        hidden_size: 768,
        intermediate_size: 3072,
        num_hidden_layers: 12,
        num_attention_heads: 24,
        attention_layers: 2,
        max_position_embeddings: 8192,
        vocab_size: 1,
      },
      'hybrid',
      'test',
    );
    const r = await run('fabnet-vcu128', hybrid, 1024);
    const all = await run('fabnet-vcu128', 'fabnet-base', 1024);
    expect(r.breakdown.map((b) => b.category)).toContain('attention');
    expect(r.latency_s).toBeGreaterThan(all.latency_s);
  });

  it('tiles transforms longer than the BE buffer, or rejects them when asked', async () => {
    const tiled = await run('fabnet-vcu128', 'fabnet-base', 8192);
    expect(tiled.feasible).toBe(true);
    const rejected = await run('fabnet-vcu128', 'fabnet-base', 8192, ['long_transforms=reject']);
    expect(rejected.feasible).toBe(false);
    expect(rejected.reason).toMatch(/8192-point transform exceeds the 4096-point BE buffer/);
    // A 4096-point sequence FFT still fits (real and imaginary banks).
    expect((await run('fabnet-vcu128', 'fabnet-base', 4096, ['long_transforms=reject'])).feasible).toBe(true);
  });

  it('reports designs that do not fit the board as infeasible', async () => {
    const r = await run('fabnet-vcu128', 'fabnet-base', 128, ['engines=400']);
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/does not fit VCU128/);
    const z = await run('fabnet-zynq7045', 'fabnet-base', 128, ['engines=60']);
    expect(z.feasible).toBe(false);
  });

  it('fast mode (identical layers extrapolated) equals exact mode', async () => {
    const a = await loadArch('fabnet-vcu128');
    const w = buildWorkload(loadModel('fabnet-large'), { input: 1024, output: 0, batch: 1 });
    const fast = simulate(a, w);
    const exact = simulate(a, w, { exact: true });
    expect(fast.latency_s).toBeCloseTo(exact.latency_s, 12);
    expect(fast.scheduled_blocks).toBeLessThan(exact.scheduled_blocks);
  });

  it('shows what butterfly FFNs buy a GPT-2 in generation', async () => {
    const dense = await run('fabnet-vcu128', 'gpt2', 64, [], 16);
    const bfly = await run('fabnet-vcu128', 'gpt2-bfly', 64, [], 16);
    expect(bfly.feasible && dense.feasible).toBe(true);
    expect(bfly.stages.generation.seconds).toBeLessThan(0.75 * dense.stages.generation.seconds);
    expect(bfly.breakdown.map((b) => b.category)).toContain('butterfly');
  });

  it('names the field and the fix for a bad override', async () => {
    await expect(loadArch('fabnet-vcu128', { set: ['engine=64'] })).rejects.toThrow(/engine: unknown path.*engines/);
    await expect(loadArch('fabnet-vcu128', { set: ['datapath=systolic'] })).rejects.toThrow(/datapath/);
  });

  it.skipIf(!existsSync('dist/cli/main.js'))('works from the command line', () => {
    const out = execFileSync(
      'node',
      ['dist/cli/main.js', 'simulate', '--arch', 'fabnet-vcu128', '--set', 'engines=64', '--model', 'fabnet-large', '--input', '4096', '--output', '0', '--json'],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out) as { feasible: boolean; template: string; breakdown: { category: string }[] };
    expect(r.feasible).toBe(true);
    expect(r.template).toBe('fabnet');
    expect(r.breakdown.map((b) => b.category).sort()).toEqual(['butterfly', 'fft', 'norm']);
  });
});

describe('fabnet resources and tiling', () => {
  it('counts a DSP per multiplier and per adder, and a BRAM18 per buffer RAM', async () => {
    const { fabnetResources } = await import('../../sim/fabnet/resources.js');
    const a = await loadArch('fabnet-vcu128');
    const r = fabnetResources(a.spec as import('../../arch/schema/fabnet.js').FabnetArch);
    // 120 BEs x 4 BUs x (4 multipliers + 6 adders), one DSP each.
    expect(r.dsp).toBe(120 * 4 * (4 + 6));
    const buffers = r.components.find((c) => c.name.startsWith('BE data buffers'));
    // 2 banks x 8 RAMs of 512 x 16 bit per BE, each half a BRAM36.
    expect(buffers?.bram).toBe(120 * 2 * 8 * 0.5);
  });

  it('a tiled transform costs an extra pass through memory but no extra butterflies', async () => {
    const { transformPasses } = await import('../../sim/fabnet/costs.js');
    const { fabnetParams } = await import('../../sim/fabnet/params.js');
    const { fftAxis } = await import('../../workloads/butterfly-ops.js');
    const a = await loadArch('fabnet-vcu128');
    const p = fabnetParams(a.spec as import('../../arch/schema/fabnet.js').FabnetArch);
    const long = fftAxis('f', 'fft', 64, 16384, 'fp16', false, false).transform!;
    const passes = transformPasses(p, long, false)!;
    expect(passes.length).toBe(2);
    expect(passes.reduce((s, c) => s + c.butterflies, 0)).toBe(64 * 8192 * 14);
    const bytes = passes.reduce((s, c) => s + c.inBytes + c.outBytes, 0);
    expect(bytes).toBeGreaterThan(64 * 16384 * 2 * 2);
  });
});
