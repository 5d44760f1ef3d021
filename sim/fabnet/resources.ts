/**
 * FABNet resource estimate, bottom-up: FP16 multipliers and adders of every
 * butterfly unit (DSPs per operator from the spec), per-BE control and
 * LayerNorm logic, per-BE data buffers mapped onto block RAM, AXI ports.
 */
import type { FabnetArch } from '../../arch/schema/fabnet.js';
import { bram36, component, sumComponents } from '../fpga-resources.js';
import type { ResourceUse } from '../result.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';

/** BRAM36 equivalents of a memory built from BRAM18 halves (UG573: 18 x 1024 ... 1 x 16384). */
function bram18AsBram36(widthBits: number, depth: number): number {
  const modes = [
    [18, 1024],
    [9, 2048],
    [4, 4096],
    [2, 8192],
    [1, 16384],
  ];
  let best = Infinity;
  for (const [w, d] of modes) best = Math.min(best, Math.ceil(widthBits / w) * Math.ceil(depth / d));
  return best / 2;
}

export function fabnetResources(a: FabnetArch): ResourceUse {
  const im = a.implementation;
  const e = a.engines;
  const bus = e * a.butterfly_units;
  const muls = bus * a.multipliers_per_unit;
  const adders = bus * im.adders_per_unit;
  const arith = component(`butterfly units (${bus} BUs: ${muls} FP16 multipliers, ${adders} adders)`, {
    dsp: muls * im.fp_multiplier.dsp + adders * im.fp_adder.dsp,
    lut: muls * im.fp_multiplier.lut + adders * im.fp_adder.lut,
    ff: muls * im.fp_multiplier.ff + adders * im.fp_adder.ff,
  });
  const wordBits = DTYPE_BYTES[a.precision.data] * 8;
  const ramsPerBank = 2 * a.butterfly_units;
  const buffers = component(`BE data buffers (${e} x ${a.buffer.banks} banks x ${ramsPerBank} RAMs of ${a.buffer.ram_depth} x 16 bit)`, {
    bram: e * a.buffer.banks * ramsPerBank * bram18AsBram36(wordBits, a.buffer.ram_depth),
  });
  const beLogic = component('BE control, serial-parallel converters, LayerNorm/shortcut', {
    lut: e * (im.be_control_lut + im.norm_lut),
    ff: e * (im.be_control_ff + im.norm_ff),
  });
  const s = a.streams;
  const ports = s.input.ports + s.coefficient.ports + s.output.ports;
  const portBits = (w: number, n: number) => (w * 8) / n;
  const fifos =
    s.input.ports * bram36(portBits(s.input.width, s.input.ports), im.stream_fifo_depth) +
    s.coefficient.ports * bram36(portBits(s.coefficient.width, s.coefficient.ports), im.stream_fifo_depth) +
    s.output.ports * bram36(portBits(s.output.width, s.output.ports), im.stream_fifo_depth);
  const streams = component(`memory streams (${ports} AXI ports and FIFOs)`, { lut: ports * im.port_lut, ff: ports * im.port_ff, bram: fifos });
  const control = component('top-level control', { lut: im.control_lut, ff: im.control_ff });
  return sumComponents(a.board, [arith, buffers, beLogic, streams, control]);
}
