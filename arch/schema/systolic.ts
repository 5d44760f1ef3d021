/**
 * The systolic template: a generic inference ASIC in the TPU / LLMCompass
 * style. Each chip has `cores`, each core `array.per_core` systolic arrays of
 * height x width PEs (weight- or output-stationary) and a vector unit, a
 * per-core SRAM, a global buffer shared by the cores, HBM, and inter-chip
 * links for tensor parallelism. Energy is priced per event from a table of
 * per-operation energies; area is summed per component in mm² (the unit is in
 * each field's name: there is no area dimension among the spec units).
 */
import { z } from 'zod';
import { areaMm2, count, dtype, fraction, positive, positiveCount, qty } from './common.js';

export const systolicSchema = z
  .strictObject({
    template: z.literal('systolic'),
    name: z.string(),
    devices: positiveCount,
    clock: qty('frequency'),
    precision: z.strictObject({ weights: dtype, activations: dtype }),
    cores: positiveCount,
    array: z.strictObject({
      /** PE rows: the reduction (weight-stationary) or the output rows (output-stationary) a fold holds. */
      height: positiveCount,
      /** PE columns: output columns a fold holds. */
      width: positiveCount,
      per_core: positiveCount,
      dataflow: z.enum(['weight_stationary', 'output_stationary']),
      /** The stationary operand is double-buffered: the next fold loads (or the last drains) while this one streams. */
      double_buffered: z.boolean(),
    }),
    vector: z.strictObject({
      /** Element operations per cycle per core. */
      lanes: positiveCount,
      /** Pipeline depth of a vector operation, in cycles. */
      latency: count,
    }),
    sram: z.strictObject({
      /** Per core: operand tiles of the array (input rows, weight tiles, outputs). */
      core: qty('bytes'),
      /** Per chip, shared by the cores: activations between operators, weight re-reads, prefetch. */
      global: qty('bytes'),
    }),
    hbm: z.strictObject({
      capacity: qty('bytes'),
      bandwidth: qty('bandwidth'),
      /** Achieved fraction of `bandwidth` for long DMA streams. */
      efficiency: fraction,
      latency: qty('time'),
      /** Peak bandwidth of one stack: the design has as many stacks (PHYs and controllers on the die) as its bandwidth needs. */
      stack_bandwidth: qty('bandwidth'),
    }),
    interchip: z.strictObject({
      /** Links per chip (area; a ring uses `ring_links` of them). */
      links: count,
      /** Per link, per direction. */
      link_bandwidth: qty('bandwidth'),
      /** Links a tensor-parallel ring drives at once per chip (2: both neighbours, halves rotating both ways). */
      ring_links: positiveCount,
      /** Per ring step: link, DMA and synchronisation. */
      hop_latency: qty('time'),
    }),
    energy: z.strictObject({
      /** One multiply-accumulate in the array (bf16 multiply, fp32 accumulate), at the table's node. */
      mac: qty('energy'),
      /** One element operation of the vector unit, at the table's node. */
      vector_op: qty('energy'),
      core_sram_per_bit: qty('energy'),
      global_sram_per_bit: qty('energy'),
      /** Device-level HBM energy (not scaled with the logic node). */
      hbm_per_bit: qty('energy'),
      link_per_bit: qty('energy'),
      /** Factor from the table's node to the design's, applied to MAC, vector and SRAM energies. */
      technology_scale: positive,
    }),
    /** Static power (leakage, clocks, idle HBM and I/O) per mm² of die: a bigger chip idles hotter. */
    power: z.strictObject({ static_w_per_mm2: z.number().nonnegative() }),
    area: z.strictObject({
      /** One PE: multiplier, accumulator adder and pipeline registers. */
      pe_mm2: areaMm2,
      /** One vector lane with its share of registers. */
      vector_lane_mm2: areaMm2,
      /** SRAM macros including periphery, per MiB. */
      sram_mm2_per_mib: areaMm2,
      hbm_phy_mm2_per_stack: areaMm2,
      link_phy_mm2: areaMm2,
      /** Control, scalar units, host interface, on-chip network and what else is on the die. */
      uncore_mm2: z.number().nonnegative(),
      /** Die budget the design must fit. */
      max_die_mm2: areaMm2,
    }),
  })
  .superRefine((a, ctx) => {
    if (a.interchip.ring_links > a.interchip.links && a.devices > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['interchip', 'ring_links'],
        message: `a ring cannot drive ${a.interchip.ring_links} links on a chip with ${a.interchip.links}. Fix: set interchip.ring_links <= interchip.links`,
      });
    }
    // Global-buffer traffic is priced relative to core SRAM traffic (sim/systolic/params.ts).
    if (a.energy.core_sram_per_bit === 0 && a.energy.global_sram_per_bit > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['energy', 'core_sram_per_bit'],
        message: 'zero while the global buffer costs energy. Fix: give the core SRAM a positive energy per bit',
      });
    }
  });
export type SystolicArch = z.output<typeof systolicSchema>;
