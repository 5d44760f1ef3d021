import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { Op, Workload } from '../../workloads/trace.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The same workload with every operator renamed, as another model family would name them. */
function renamed(w: Workload): Workload {
  const ren = (ops: readonly Op[]) => ops.map((o) => ({ ...o, name: `blk.${o.name}.weight` }));
  return {
    ...w,
    ops(spec) {
      const s = w.ops(spec);
      return { ...s, pre: ren(s.pre), layer: ren(s.layer), post: ren(s.post), ...(s.segments ? { segments: s.segments.map((g) => ({ ...g, layer: ren(g.layer) })) } : {}) };
    },
  };
}

describe('operators carry roles, not names', () => {
  it('no lowering or driver in sim/ compares an operator name', () => {
    const byName = /\b\w+\.name\s*(===|!==|==)|(===|!==)\s*\w+\.name\b|\.has\(\s*\w+\.name\s*\)/;
    const gpt2Names = /'(qkv|attn_proj|ffn_1|ffn_2|ln_1|ln_2|ln_f|residual_1|residual_2)'/;
    const offenders = files(join(import.meta.dirname, '../../sim'))
      .filter((f) => !f.includes('validation'))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return byName.test(text) || gpt2Names.test(text);
      });
    expect(offenders).toEqual([]);
  });

  it.each([
    ['dfx', 4, 'gpt2-medium', 16, 8],
    ['dfx-nm', 2, 'gpt2', 8, 4],
    ['sta', 1, 'bert-base', 64, 0],
    ['sta', 1, 'gpt2', 16, 4],
    ['fabnet-vcu128', 1, 'fabnet-base', 256, 0],
    ['v100', 4, 'gpt2-xl-dfx', 32, 8],
    ['a100-80gb', 2, 'gpt2-medium', 64, 4],
    ['tpu-v4', 4, 'gpt2-medium', 32, 8],
    ['tpu-v4', 2, 'bert-base', 64, 0],
    ['dfx', 4, 'llama-3-8b', 16, 4],
    ['dfx', 2, 'gpt-j-6b', 8, 4],
    ['sta', 1, 'pythia-1.4b', 16, 4],
    ['fabnet-vcu128', 1, 'llama-3.2-1b', 16, 4],
    ['h100-sxm', 16, 'llama-3-8b', 32, 4],
    ['a100-80gb', 1, 'opt-1.3b', 16, 4],
    ['tpu-v4', 2, 'llama-3.2-1b', 16, 4],
  ] as const)('%s x%i on %s %i:%i: renaming every operator changes nothing', async (ref, devices, model, input, output) => {
    const arch = await loadArch(ref, { devices });
    const w = buildWorkload(loadModel(model), { input, output, batch: 2 });
    const a = simulate(arch, w);
    const b = simulate(arch, renamed(w));
    expect(a.feasible).toBe(true);
    expect(b.latency_s).toBe(a.latency_s);
    expect(b.energy_j).toBe(a.energy_j);
    expect(b.breakdown.map((r) => [r.category, r.seconds])).toEqual(a.breakdown.map((r) => [r.category, r.seconds]));
  });
});
