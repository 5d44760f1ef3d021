/** The systolic spec reduced to the cycle-level numbers the lowering needs. */
import type { SystolicArch } from '../../arch/schema/systolic.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';

/** mxu: every systolic array of the chip; vector: every core's vector unit; hbm: the DMA streams; ici: the inter-chip links. */
export const SYSTOLIC_UNITS = ['mxu', 'vector', 'hbm', 'ici'] as const;
export const U = { mxu: 0, vector: 1, hbm: 2, ici: 3 } as const;

/** The arrays of one chip, as the closed-form cost model sees them. */
export interface ArrayShape {
  readonly height: number;
  readonly width: number;
  /** Arrays on the chip (cores x per core): an operator's folds are spread over all of them. */
  readonly arrays: number;
  readonly dataflow: 'weight_stationary' | 'output_stationary';
  readonly doubleBuffered: boolean;
}

export interface SystolicParams {
  readonly clock: number;
  readonly devices: number;
  readonly array: ArrayShape;
  readonly cores: number;
  /** Element operations per cycle over all cores. */
  readonly vectorLanes: number;
  readonly vectorLatency: number;
  /**
   * Bytes per core SRAM and in the global buffer; the global buffer's bytes
   * are also how far a DMA stream may run ahead of its consumer (it
   * prefetches into the global buffer).
   */
  readonly coreSram: number;
  readonly globalSram: number;
  /** Achieved HBM bytes per cycle and the stream's first-data latency in cycles. */
  readonly hbmBpc: number;
  readonly hbmLat: number;
  /** Bytes per cycle a ring collective moves out of each chip, and cycles per ring step. */
  readonly ringBpc: number;
  readonly hopCycles: number;
  readonly wBytes: number;
  readonly aBytes: number;
  /**
   * Events carry one on-chip buffer counter, priced at the core SRAM's rate;
   * a global-buffer byte is counted as this many core-SRAM bytes so that
   * each level costs its own energy.
   */
  readonly globalToCore: number;
}

export function systolicParams(a: SystolicArch): SystolicParams {
  const clock = a.clock;
  const e = a.energy;
  return {
    clock,
    devices: a.devices,
    array: { height: a.array.height, width: a.array.width, arrays: a.cores * a.array.per_core, dataflow: a.array.dataflow, doubleBuffered: a.array.double_buffered },
    cores: a.cores,
    vectorLanes: a.cores * a.vector.lanes,
    vectorLatency: a.vector.latency,
    coreSram: a.sram.core,
    globalSram: a.sram.global,
    hbmBpc: (a.hbm.bandwidth * a.hbm.efficiency) / clock,
    hbmLat: Math.ceil(a.hbm.latency * clock),
    ringBpc: (a.interchip.ring_links * a.interchip.link_bandwidth) / clock,
    hopCycles: Math.ceil(a.interchip.hop_latency * clock),
    wBytes: DTYPE_BYTES[a.precision.weights],
    aBytes: DTYPE_BYTES[a.precision.activations],
    globalToCore: e.core_sram_per_bit > 0 ? e.global_sram_per_bit / e.core_sram_per_bit : 0,
  };
}
