/**
 * N:M figures that tasim can set beside its STA-style engine. STA published
 * only ratios against baselines whose numbers are unavailable (CPU, GPU,
 * other FPGA designs), so no STA figure validates the model; the rows below
 * are structured-sparse engines of other groups, shown as references for the
 * shape of N:M speedups (layer level and model level). See docs/sta.md.
 */
import { loadArch } from '../../arch/load.js';
import type { StaArch } from '../../arch/schema/sta.js';
import type { NmPattern } from '../../workloads/sparsity.js';
import { matmul } from '../sta/costs.js';
import { staParams } from '../sta/params.js';
import type { ValidationCase } from './case.js';
import { runCase } from './run-case.js';

/** One bert-base FFN layer at sequence 512 (512 x 768 . 768 x 3072) on the sta preset: dense cycles / N:M cycles. */
async function layerSpeedup(p: NmPattern, extraSet: readonly string[]): Promise<number> {
  const a = await loadArch('sta', { set: [...extraSet] });
  const s = staParams(a.spec as StaArch, 'sta');
  return matmul(s, 512, 768, 3072).busy / matmul(s, 512, 768, 3072, p).busy;
}

function layerCase(id: string, p: NmPattern): ValidationCase {
  return {
    id,
    role: 'reference',
    setup: `sta preset, one bert-base FFN layer (512 x 768 x 3072), dense / ${p.n}:${p.m} array cycles`,
    simulate: (s) => layerSpeedup(p, s ?? []),
  };
}

export const STA_CASES: ValidationCase[] = [
  layerCase('vegeta-4-4-layer-speedup', { n: 4, m: 4 }),
  layerCase('vegeta-2-4-layer-speedup', { n: 2, m: 4 }),
  layerCase('vegeta-1-4-layer-speedup', { n: 1, m: 4 }),
  {
    id: 'sparse-tensor-slices-model-speedup-max',
    role: 'reference',
    setup: 'sta preset, bert-base seq 512: dense / 1:4 end-to-end latency',
    simulate: async (s) => {
      const c = { arch: 'sta', model: 'bert-base', input: 512, output: 0 };
      const dense = await runCase(c, s ?? []);
      const sparse = await runCase({ ...c, sparsity: { n: 1, m: 4 } }, s ?? []);
      return dense.latency_s / sparse.latency_s;
    },
  },
];
