/**
 * FABNet figures: the authors' performance-model latencies of FABNet-Base
 * (all layers FBfly). No constant of the fabnet template is fitted to them
 * (arch/presets/fabnet-*.yaml); they are not hardware either. Two hold
 * within 10 % and are validation rows. The short-sequence VCU128 figure
 * cannot: the model that printed it drops one round of every FFT pass
 * (half the FFT work there: two rounds a pass at 128 tokens on 120 BEs)
 * and charges no load or drain at pass boundaries, which weigh most at
 * short sequences. It is a reference row; test/fabnet/validation.test.ts
 * pins the reconciliation (sim/validation/fabnet-reconcile.ts), and
 * docs/fabnet.md quantifies it.
 */
import type { ValidationCase } from './case.js';
import { runCase } from './run-case.js';

function latencyCase(id: string, arch: string, input: number, reference?: string): ValidationCase {
  const setup = `${arch}, fabnet-base, sequence ${input}, encoder run`;
  const simulate = async (s?: readonly string[]) => (await runCase({ arch, model: 'fabnet-base', input, output: 0 }, s)).latency_s * 1e3;
  return reference ? { id, role: 'reference', setup: `${setup}; ${reference}`, simulate } : { id, role: 'validation', tolerance_pct: 10, setup, simulate };
}

export const FABNET_CASES: ValidationCase[] = [
  latencyCase(
    'fabnet-base-vcu128-120be-seq128',
    'fabnet-vcu128',
    128,
    "the figure's model drops one of the two rounds of every FFT pass and charges no pass boundaries (docs/fabnet.md)",
  ),
  latencyCase('fabnet-base-vcu128-120be-seq1024', 'fabnet-vcu128', 1024),
  latencyCase('fabnet-base-zynq7045-20be-seq128', 'fabnet-zynq7045', 128),
];
