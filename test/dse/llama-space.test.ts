import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { runBaselines } from '../../dse/baselines.js';
import { mixOf, rowMetrics, simulateMix } from '../../dse/evaluate.js';
import { loadSpace } from '../../dse/space.js';

describe('the shipped Llama space', () => {
  it('sweeps a DFX-style appliance on llama-3.2-1b and llama-2-7b against A100 and H100 baselines that agree with simulate', async () => {
    const s = await loadSpace(join(import.meta.dirname, '..', '..', 'dse', 'spaces', 'dfx-llama.yaml'));
    expect(s.base.arch).toBe('dfx-nm');
    expect(s.scenarios.map((x) => x.model)).toEqual(['llama-3.2-1b', 'llama-2-7b']);
    expect(s.parameters.map((p) => p.path)).toEqual(['devices', 'mpu.lanes', 'mpu.d', 'precision.weights', 'workload.sparsity']);
    expect(s.baselines.map((b) => b.arch)).toEqual(expect.arrayContaining(['a100-80gb', 'h100-sxm']));
    const warnings: string[] = [];
    const base = await runBaselines({ ...s, baselines: s.baselines.filter((b) => b.stack === 'fastertransformer') }, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(base).toHaveLength(4);
    for (const b of base) expect(b.feasible).toBe(true);
    const h100 = base.find((b) => b.arch === 'h100-sxm' && b.model === 'llama-2-7b');
    const arch = await loadArch('h100-sxm', { devices: 1, stack: 'fastertransformer' });
    const mix = mixOf(s, 'chat');
    expect(h100?.metrics).toEqual(rowMetrics(simulateMix(arch, 'llama-2-7b', mix), mix).metrics);
  });

  it('has vLLM baselines on A100 and H100 that agree with simulate', async () => {
    const s = await loadSpace(join(import.meta.dirname, '..', '..', 'dse', 'spaces', 'dfx-llama.yaml'));
    const vllm = s.baselines.filter((b) => b.stack === 'vllm');
    expect(vllm.map((b) => b.arch).sort()).toEqual(['a100-80gb', 'h100-sxm']);
    const base = await runBaselines({ ...s, baselines: vllm }, () => undefined);
    expect(base).toHaveLength(4);
    for (const b of base) expect(b.feasible).toBe(true);
    const a100 = base.find((b) => b.arch === 'a100-80gb' && b.model === 'llama-3.2-1b');
    const mix = mixOf(s, 'chat');
    expect(a100?.metrics).toEqual(rowMetrics(simulateMix(await loadArch('a100-80gb', { devices: 1, stack: 'vllm' }), 'llama-3.2-1b', mix), mix).metrics);
  });
});
