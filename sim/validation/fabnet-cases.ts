/**
 * FABNet figures: the authors' performance-model latencies of FABNet-Base
 * (all layers FBfly). Calibration: seq 128 on the VCU128 set
 * timing.stage_overhead; seq 128 on the Zynq 7045 set the DDR3
 * memory.efficiency (arch/presets/fabnet-*.yaml). Seq 1024 on the VCU128
 * was fitted to nothing.
 */
import type { ValidationCase } from './case.js';
import { runCase } from './run-case.js';

function latencyCase(id: string, arch: string, input: number, role: ValidationCase['role']): ValidationCase {
  return {
    id,
    role,
    tolerance_pct: 10,
    setup: `${arch}, fabnet-base, sequence ${input}, encoder run`,
    simulate: async (s) => (await runCase({ arch, model: 'fabnet-base', input, output: 0 }, s)).latency_s * 1e3,
  };
}

export const FABNET_CASES: ValidationCase[] = [
  latencyCase('fabnet-base-vcu128-120be-seq128', 'fabnet-vcu128', 128, 'calibration'),
  latencyCase('fabnet-base-vcu128-120be-seq1024', 'fabnet-vcu128', 1024, 'validation'),
  latencyCase('fabnet-base-zynq7045-20be-seq128', 'fabnet-zynq7045', 128, 'calibration'),
];
