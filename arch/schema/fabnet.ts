/**
 * The fabnet template: an adaptable butterfly accelerator (Fan et al.,
 * MICRO'22). Butterfly engines (BEs) of radix-2 butterfly units (BUs), each
 * with FP16 multipliers that serve butterfly-linear, FFT and dense modes;
 * per-BE buffers; separate input, coefficient and output memory streams.
 * `datapath: dense` turns the same budget of multipliers into a plain
 * dense-matmul accelerator (the baseline of the FABNet paper).
 */
import { z } from 'zod';
import { boardSchema } from './board.js';
import { count, cycles, deviceCount, dtype, fraction, positive, positiveCount, qty } from './common.js';

/** A memory stream: total width per kernel cycle over `ports` AXI ports. */
const stream = z.strictObject({ width: qty('bytes'), ports: positiveCount });
const fpCost = z.strictObject({ dsp: count, lut: count, ff: count });

export const fabnetSchema = z.strictObject({
  template: z.literal('fabnet'),
  name: z.string(),
  board: boardSchema,
  devices: deviceCount,
  clock: qty('frequency'),
  precision: z.strictObject({ data: dtype }),
  datapath: z.enum(['butterfly', 'dense']),
  engines: positiveCount,
  butterfly_units: positiveCount,
  multipliers_per_unit: positiveCount,
  buffer: z.strictObject({
    banks: positiveCount,
    /** Entries of each 16-bit RAM; a bank has 2 x butterfly_units RAMs. */
    ram_depth: positiveCount,
  }),
  /** Per-BE serial-to-parallel (input) and parallel-to-serial (output) converters: bits a BE takes or gives per cycle. */
  converters: z.strictObject({ input: qty('bytes'), output: qty('bytes') }),
  long_transforms: z.enum(['tile', 'reject']),
  timing: z.strictObject({
    /**
     * Pipeline depths in cycles of the BU datapath and the bank handoff. A
     * stage of a transform reads what the stage before wrote, so each stage
     * pays read + BU + write before the next can start; dense dot products
     * pay read + multiplier + adder tree + write once per round.
     */
    pipeline: z.strictObject({
      fp_multiplier: cycles,
      fp_adder: cycles,
      bank_read: cycles,
      bank_write: cycles,
    }),
    norm_points_per_cycle: positiveCount,
    /** Passes a standalone LayerNorm/RMSNorm makes over its vector (statistics, then normalise). */
    norm_sweeps: positiveCount,
    /** Passes a softmax makes over its vector (maximum, exponentials and their sum, scale). */
    softmax_sweeps: positiveCount,
    norm_latency: cycles,
    gelu_latency: cycles,
  }),
  memory: z.strictObject({
    kind: z.enum(['hbm', 'ddr']),
    efficiency: fraction,
    latency: qty('time'),
  }),
  streams: z.strictObject({ input: stream, coefficient: stream, output: stream }),
  implementation: z.strictObject({
    fp_multiplier: fpCost,
    fp_adder: fpCost,
    adders_per_unit: count,
    be_control_lut: count,
    be_control_ff: count,
    norm_lut: count,
    norm_ff: count,
    port_lut: count,
    port_ff: count,
    control_lut: count,
    control_ff: count,
    stream_fifo_depth: positiveCount,
  }),
  energy: z.strictObject({
    fp16_mul: qty('energy'),
    fp16_add: qty('energy'),
    fpga_logic_factor: positive,
    hbm_per_bit: qty('energy'),
    ddr_per_bit: qty('energy'),
    sram_per_bit: qty('energy'),
  }),
  power: z.strictObject({ static: qty('power') }),
});
export type FabnetArch = z.output<typeof fabnetSchema>;
