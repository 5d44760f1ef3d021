/**
 * GPU power between idle and TDP: idle draw all the time, plus shares of TDP
 * that scale with compute, memory and link utilisation (GenZ's split). With
 * utilisation = achieved rate / peak rate, the dynamic part becomes a price
 * per event: share x TDP / peak rate per FLOP, per DRAM byte, per link byte.
 */
import type { GpuArch } from '../../arch/schema/gpu.js';
import type { EnergyModel } from '../accumulate.js';
import type { Events } from '../engine/program.js';

export function gpuEnergy(a: GpuArch): EnergyModel {
  const pw = a.power;
  const perFlop = (pw.compute_share * pw.tdp) / a.compute.fp16_tensor;
  const perByte = (pw.memory_share * pw.tdp) / a.memory.bandwidth;
  const perLinkByte = (pw.link_share * pw.tdp) / a.interconnect.bandwidth;
  return {
    devices: a.devices,
    staticPower: pw.idle,
    dynamic(e: Events): number {
      let bytes = 0;
      for (const v of Object.values(e.offchip)) bytes += v;
      return 2 * e.mac * perFlop + bytes * perByte + e.link * perLinkByte;
    },
  };
}
