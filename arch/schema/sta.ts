/**
 * The STA template: an N:M sparse transformer engine in the spirit of Fang et
 * al. (TVLSI'22). A rows x cols array of PEs; each PE has `multipliers`
 * multipliers and a `window` of activations per cycle, and selects through
 * multiplexers the activations that match its kept weights, so an N:M
 * product needs fewer cycles than a dense one on the same array. A dense mode
 * (selector bypassed) runs Q.K^T, S.V and dense layers; a softmax unit keeps
 * attention scores on chip. Almost nothing of STA's hardware is published:
 * every default in the preset is a named assumption.
 */
import { z } from 'zod';
import { boardSchema } from './board.js';
import { cost, cycles, deviceCount, fraction, patternList, positive, positiveCount, qty } from './common.js';

/** Precisions the engine implements (bf16/fp32 datapaths are not modelled). */
const STA_DTYPES = ['fp16', 'int8', 'int4'] as const;
const staDtype = z.enum(STA_DTYPES);

const opCost = z.strictObject({ dsp: cost, lut: cost, ff: cost });
/** What one multiplier and one accumulating adder cost in a given precision. */
const precisionCost = z.strictObject({ multiplier: opCost, adder: opCost, mac_energy: qty('energy') });

export const staSchema = z.strictObject({
  template: z.literal('sta'),
  name: z.string(),
  board: boardSchema,
  devices: deviceCount,
  clock: qty('frequency'),
  precision: z.strictObject({ weights: staDtype, activations: staDtype }),
  array: z.strictObject({
    /** Token rows computed at once (activations broadcast along a row). */
    rows: positiveCount,
    /** Output columns computed at once (weights broadcast along a column). */
    cols: positiveCount,
    multipliers: positiveCount,
    window: positiveCount,
    multiplier_latency: cycles,
    adder_latency: cycles,
    /** Cycles between two output tiles (accumulator drain, operand swap). */
    tile_switch_cycles: cycles,
    /** Split the reduction over idle PE rows when a product has fewer rows than the array. */
    row_split: z.boolean(),
  }),
  sparsity: z.strictObject({
    supported: patternList,
    encoding: z.enum(['index', 'bitmask']),
    /** Cycles per output tile to decode indices into multiplexer selects. */
    decode_cycles: cycles,
  }),
  softmax: z.strictObject({ on_chip: z.boolean(), lanes: positiveCount, latency: cycles }),
  vector: z.strictObject({
    lanes: positiveCount,
    latency: cycles,
    /** Sweeps the streaming vector unit makes over a LayerNorm's rows (mean, variance, normalise). */
    layernorm_passes: positiveCount,
  }),
  buffers: z.strictObject({ weight_depth: positiveCount, activation: qty('bytes') }),
  memory: z.strictObject({ ddr_efficiency: fraction, ddr_latency: qty('time') }),
  implementation: z.strictObject({
    fp16: precisionCost,
    int8: precisionCost,
    int4: precisionCost,
    exp: opCost,
    mux_lut_per_input_bit: positive,
    decoder_lut_per_pattern: positive,
    ddr_port: opCost,
    /** The DDR port's FIFO (bits wide x entries). */
    ddr_fifo: z.strictObject({ width: qty('bytes'), depth: positiveCount }),
    control: opCost,
    instruction_memory: z.strictObject({ width: qty('bytes'), depth: positiveCount }),
    /** Width of each PE's output accumulator. */
    accumulator_width: qty('bytes'),
  }),
  energy: z.strictObject({
    vector_op: qty('energy'),
    fpga_logic_factor: positive,
    ddr_per_bit: qty('energy'),
    sram_per_bit: qty('energy'),
  }),
  power: z.strictObject({ static: qty('power') }),
});
export type StaArch = z.output<typeof staSchema>;
export type StaDtype = (typeof STA_DTYPES)[number];
