/**
 * DFX resource estimate per FPGA, bottom-up: floating-point operators of each
 * unit (DSPs per operator from the paper), DMA ports, router ports, control,
 * and on-chip memories mapped onto BRAM/URAM.
 */
import type { DfxArch } from '../../arch/schema/dfx.js';
import type { ResourceUse } from '../result.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';
import { bram36, component, sumComponents, uram, type Component } from '../fpga-resources.js';

export function dfxResources(a: DfxArch, maxPositions: number): ResourceUse {
  const im = a.implementation;
  const fp = (name: string, adders: number, muls: number, exps = 0, specials = 0): Component =>
    component(name, {
      dsp: adders * im.fp_adder.dsp + muls * im.fp_multiplier.dsp + exps * im.fp_exp.dsp + specials * im.fp_special.dsp,
      lut: adders * im.fp_adder.lut + muls * im.fp_multiplier.lut + exps * im.fp_exp.lut + specials * im.fp_special.lut,
      ff: adders * im.fp_adder.ff + muls * im.fp_multiplier.ff + exps * im.fp_exp.ff + specials * im.fp_special.ff,
    });
  const { d, lanes } = a.mpu;
  const v = a.vpu.width;
  const wBits = DTYPE_BYTES[a.precision.weights] * 8;
  // The datapath computes in the activations' precision (FP16: integer weights are converted before the multipliers).
  const aBits = DTYPE_BYTES[a.precision.activations] * 8;
  const opBufBits = 2 * (d * lanes * wBits + d * aBits); // double-buffered weight tile + input vector
  const mpu = fp('MPU (adder-tree lanes)', (d - 1) * lanes + lanes, d * lanes);
  mpu.ff += opBufBits;
  mpu.lut += Math.round(opBufBits * im.lut_per_buffer_bit);
  mpu.bram += bram36(a.mpu.zigzag_cols * a.mpu.psum_width * 8, a.mpu.psum_depth); // partial-sum buffer
  const vpu = fp('VPU (vector function unit)', v, v, v);
  const sfuV = fp('SFU_V (adder tree, scalar ops)', v - 1 + 1, 1, 0, 2);
  const sfuM = fp('SFU_M (scale, GELU, reduce-max)', lanes, 2 * lanes);
  sfuM.bram += lanes * bram36(aBits, 2 * a.sfu.gelu_samples) * 0.5; // GELU LUT: (slope, offset) per sample and lane, one BRAM18 each
  const chBits = a.dma.channel_width * 8;
  const dma = component('DMA (HBM ports, weight buffers, transpose)', {
    lut: a.dma.hbm_channels * im.hbm_port_lut,
    ff: a.dma.hbm_channels * im.hbm_port_ff,
    bram: a.dma.hbm_channels * bram36(chBits, a.dma.weight_buffer_depth) + 2 * bram36(d * aBits, d) + bram36(chBits, a.dma.bias_buffer_depth),
  });
  const rfBits = 2 * v * aBits;
  const rf = component('register files', {
    uram: a.register_file.banks * uram(rfBits, a.register_file.vector_depth) + a.register_file.banks * uram(d * aBits, a.register_file.vector_depth),
    bram: a.register_file.banks * bram36(2 * aBits, a.register_file.vector_depth),
    lut: rfBits * 2 * im.lut_per_buffer_bit,
    ff: rfBits * 2,
  });
  const ports = a.devices > 1 ? Math.min(2, a.board.network.ports) : 0;
  const router = component('router (QSFP ports)', {
    lut: ports * im.qsfp_port_lut,
    ff: ports * im.qsfp_port_ff,
    bram: ports * 2 * bram36(a.router.buffer_width * 8, a.router.buffer_depth),
  });
  const control = component('control (scheduler, scoreboard, instruction buffer)', {
    lut: im.control_lut,
    ff: im.control_ff,
    bram: bram36(a.control.instruction_width * 8, a.control.instruction_buffer_depth),
  });
  // Attention scores of one head over the whole context; logits are reduced on the fly (argmax).
  const scores = component('score buffer', { uram: uram(aBits * lanes, Math.ceil(maxPositions / lanes)) });
  return sumComponents(a.board, [mpu, vpu, sfuV, sfuM, dma, rf, router, control, scores, ...nmSelection(a)]);
}

/**
 * N:M selection in front of the MPU multipliers: each picks one of the M
 * activations of its group (an M:1 multiplexer per bit) and every lane
 * decodes indices for each supported pattern. Absent in the dense design.
 */
function nmSelection(a: DfxArch): Component[] {
  const sp = a.sparsity;
  const ms = sp.supported.map((t) => Number(t.split(':')[1]));
  if (!ms.length) return [];
  const maxM = Math.max(...ms);
  const mults = a.mpu.d * a.mpu.lanes;
  const aBits = DTYPE_BYTES[a.precision.activations] * 8;
  return [
    component('N:M selection logic (multiplexers, index decoders)', {
      lut: mults * aBits * (maxM - 1) * sp.mux_lut_per_input_bit + a.mpu.lanes * ms.length * sp.decoder_lut_per_pattern,
      ff: mults * Math.ceil(Math.log2(maxM)) + a.mpu.d * maxM * aBits,
    }),
  ];
}
