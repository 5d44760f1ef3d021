/** Die area of one chip, bottom-up by component, against its die budget. */
import type { SystolicArch } from '../../arch/schema/systolic.js';
import type { AreaUse } from '../result.js';

const MIB = 2 ** 20;

/** HBM stacks the bandwidth needs (a bandwidth that is a whole number of stacks, up to rounding, needs no extra one). */
function hbmStacks(a: SystolicArch): number {
  return Math.ceil(a.hbm.bandwidth / a.hbm.stack_bandwidth - 1e-9);
}

export function systolicArea(a: SystolicArch): AreaUse {
  const ar = a.area;
  const arrays = a.cores * a.array.per_core;
  const components = [
    { name: `systolic arrays (${arrays} x ${a.array.height}x${a.array.width} PEs)`, area_mm2: arrays * a.array.height * a.array.width * ar.pe_mm2 },
    { name: `vector units (${a.cores} x ${a.vector.lanes} lanes)`, area_mm2: a.cores * a.vector.lanes * ar.vector_lane_mm2 },
    { name: 'core SRAM', area_mm2: (a.cores * a.sram.core * ar.sram_mm2_per_mib) / MIB },
    { name: 'global buffer', area_mm2: (a.sram.global * ar.sram_mm2_per_mib) / MIB },
    { name: `HBM PHYs and controllers (${hbmStacks(a)} stacks)`, area_mm2: hbmStacks(a) * ar.hbm_phy_mm2_per_stack },
    { name: `inter-chip links (${a.interchip.links})`, area_mm2: a.interchip.links * ar.link_phy_mm2 },
    { name: 'control and uncore', area_mm2: ar.uncore_mm2 },
  ];
  const area = components.reduce((s, c) => s + c.area_mm2, 0);
  return { kind: 'asic', area_mm2: area, fits: area <= ar.max_die_mm2, max_area_mm2: ar.max_die_mm2, components };
}
