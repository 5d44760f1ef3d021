/**
 * The DFX template: a multi-FPGA appliance of identical cores, each with a
 * d x lanes matrix unit (adder trees), a vector unit and special-function
 * units, a DMA over HBM/DDR and a ring router (Hong et al., MICRO'22).
 */
import { z } from 'zod';
import { boardSchema } from './board.js';
import { count, cycles, deviceCount, dtype, fraction, patternList, positive, positiveCount, qty } from './common.js';

const fpCost = z.strictObject({ dsp: count, lut: count, ff: count });

export const dfxSchema = z.strictObject({
  template: z.literal('dfx'),
  name: z.string(),
  board: boardSchema,
  devices: deviceCount,
  clock: qty('frequency'),
  precision: z.strictObject({ weights: dtype, activations: dtype }),
  mpu: z.strictObject({
    d: positiveCount,
    lanes: positiveCount,
    multiplier_latency: cycles,
    adder_latency: cycles,
    zigzag_cols: positiveCount,
    psum_depth: positiveCount,
    /** Width of a partial sum in the partial-sum buffer. */
    psum_width: qty('bytes'),
  }),
  vpu: z.strictObject({
    width: positiveCount,
    add_latency: cycles,
    mul_latency: cycles,
    exp_latency: cycles,
    recip_latency: cycles,
    rsqrt_latency: cycles,
    load_latency: cycles,
  }),
  sfu: z.strictObject({
    gelu_latency: cycles,
    compare_latency: cycles,
    gelu_samples: positiveCount,
    /** The message each core sends with its local maximum: the value and its token index. */
    argmax_message: qty('bytes'),
  }),
  dma: z.strictObject({
    hbm_channels: positiveCount,
    channel_width: qty('bytes'),
    hbm_efficiency: fraction,
    hbm_latency: qty('time'),
    ddr_latency: qty('time'),
    weight_buffer_depth: positiveCount,
    bias_buffer_depth: positiveCount,
    lm_head_in: z.enum(['hbm', 'ddr']),
  }),
  router: z.strictObject({
    link_rate: qty('bandwidth'),
    encoding_efficiency: fraction,
    hop_latency: qty('time'),
    sync_overhead: qty('time'),
    bidirectional: z.boolean(),
    buffer_depth: positiveCount,
    buffer_width: qty('bytes'),
  }),
  control: z.strictObject({
    dependency_latency: cycles,
    instruction_buffer_depth: positiveCount,
    instruction_width: qty('bytes'),
    summarization_lm_head: z.enum(['every_token', 'last_token']),
  }),
  register_file: z.strictObject({ vector_depth: positiveCount, banks: positiveCount }),
  /** N:M weights in HBM: patterns the MPU's selection logic supports (none in the published design). */
  sparsity: z.strictObject({
    supported: patternList,
    encoding: z.enum(['index', 'bitmask']),
    select_latency: cycles,
    mux_lut_per_input_bit: positive,
    decoder_lut_per_pattern: positive,
  }),
  implementation: z.strictObject({
    fp_adder: fpCost,
    fp_multiplier: fpCost,
    fp_exp: fpCost,
    fp_special: fpCost,
    hbm_port_lut: count,
    hbm_port_ff: count,
    qsfp_port_lut: count,
    qsfp_port_ff: count,
    control_lut: count,
    control_ff: count,
    lut_per_buffer_bit: positive,
  }),
  energy: z.strictObject({
    fp16_mac: qty('energy'),
    fp16_vector_op: qty('energy'),
    fpga_logic_factor: positive,
    hbm_per_bit: qty('energy'),
    ddr_per_bit: qty('energy'),
    sram_per_bit: qty('energy'),
    link_per_bit: qty('energy'),
  }),
  power: z.strictObject({ static: qty('power') }),
});
export type DfxArch = z.output<typeof dfxSchema>;
