/**
 * DFX figures: which calibrate the model and which validate it.
 * Calibration (fitted constants in arch/presets/dfx.yaml): 1.5B 4-FPGA 64:64
 * throughput, the 17.3 % sync share, 345M 1- and 4-FPGA throughput, the 45 W
 * board power, and the BRAM/LUT/FF totals (buffer depths and LUT/FF per
 * operator). Everything else is validation.
 */
import type { ValidationCase } from './case.js';
import { achievedFlops, categorySeconds, runCase } from './run-case.js';

const xl = (input: number, output: number) => ({ arch: 'dfx', model: 'gpt2-xl-dfx', devices: 4, input, output });
const medium = (devices: number) => ({ arch: 'dfx', model: 'gpt2-medium', devices, input: 64, output: 64 });

function latencyCase(input: number, output: number): ValidationCase {
  return {
    id: `dfx-1.5b-4u280-${input}-${output}-latency`,
    role: 'validation',
    tolerance_pct: 10,
    setup: `dfx x4, gpt2-xl-dfx, ${input}:${output}`,
    simulate: async (s) => (await runCase(xl(input, output), s)).latency_s * 1e3,
  };
}

function utilCase(kind: 'dsp' | 'lut' | 'ff' | 'bram' | 'uram', role: ValidationCase['role']): ValidationCase {
  return {
    id: `dfx-u280-${kind}-util`,
    role,
    tolerance_pct: 15,
    setup: 'dfx preset, one U280 (resource estimate)',
    simulate: async (s) => {
      const res = (await runCase(xl(64, 64), s)).resources;
      return res?.kind === 'fpga' ? res.used_fraction[kind] * 100 : Number.NaN;
    },
  };
}

export const DFX_CASES: ValidationCase[] = [
  latencyCase(32, 1),
  latencyCase(32, 16),
  latencyCase(32, 256),
  latencyCase(64, 1),
  latencyCase(64, 16),
  latencyCase(64, 256),
  {
    id: 'dfx-1.5b-4u280-generation-per-token',
    role: 'validation',
    tolerance_pct: 10,
    setup: 'dfx x4, gpt2-xl-dfx, 64:256, generation-stage time / 255 steps',
    simulate: async (s) => {
      const r = await runCase(xl(64, 256), s);
      return (r.stages.generation.seconds / 255) * 1e3;
    },
  },
  {
    id: 'dfx-1.5b-4u280-64-64-throughput',
    role: 'calibration',
    tolerance_pct: 10,
    setup: 'dfx x4, gpt2-xl-dfx, 64:64',
    simulate: async (s) => (await runCase(xl(64, 64), s)).tokens_per_s,
  },
  {
    id: 'dfx-345m-1u280-64-64-throughput',
    role: 'calibration',
    tolerance_pct: 10,
    setup: 'dfx x1, gpt2-medium, 64:64',
    simulate: async (s) => (await runCase(medium(1), s)).tokens_per_s,
  },
  {
    id: 'dfx-345m-2u280-64-64-throughput',
    role: 'validation',
    tolerance_pct: 10,
    setup: 'dfx x2, gpt2-medium, 64:64',
    simulate: async (s) => (await runCase(medium(2), s)).tokens_per_s,
  },
  {
    id: 'dfx-345m-4u280-64-64-throughput',
    role: 'calibration',
    tolerance_pct: 10,
    setup: 'dfx x4, gpt2-medium, 64:64',
    simulate: async (s) => (await runCase(medium(4), s)).tokens_per_s,
  },
  {
    id: 'dfx-1.5b-sync-share',
    role: 'calibration',
    tolerance_pct: 10,
    setup: 'dfx x4, gpt2-xl-dfx, 64:64: share of latency on ring syncs',
    simulate: async (s) => {
      const r = await runCase(xl(64, 64), s);
      return (categorySeconds(r, 'sync') / r.latency_s) * 100;
    },
  },
  {
    id: 'dfx-1.5b-attn-ffn-share',
    role: 'validation',
    tolerance_pct: 10,
    setup: 'dfx x4, gpt2-xl-dfx, 64:64: share of QKV/projections, attention and FFN',
    simulate: async (s) => {
      const r = await runCase(xl(64, 64), s);
      return (categorySeconds(r, 'qkv_projection', 'attention', 'ffn') / r.latency_s) * 100;
    },
  },
  {
    id: 'dfx-avg-power',
    role: 'calibration',
    tolerance_pct: 10,
    setup: 'dfx x4, gpt2-xl-dfx, 64:64: average power per U280',
    simulate: async (s) => {
      const r = await runCase(xl(64, 64), s);
      return r.avg_power_w / r.devices;
    },
  },
  {
    id: 'dfx-345m-64-64-gflops-both',
    role: 'reference',
    setup: "dfx x1, gpt2-medium, 64:64: useful FLOPs / latency (the paper's FLOP convention is not stated)",
    simulate: async (s) => achievedFlops(await runCase(medium(1), s, true)) / 1e9,
  },
  utilCase('dsp', 'validation'),
  utilCase('lut', 'calibration'),
  utilCase('ff', 'calibration'),
  utilCase('bram', 'calibration'),
  utilCase('uram', 'validation'),
];
