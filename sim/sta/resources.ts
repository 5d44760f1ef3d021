/**
 * STA resource estimate, bottom-up: the PE array (multipliers and adders in
 * the compute precision, the window multiplexers and index decoders that the
 * supported N:M set requires), the softmax and vector units, buffers mapped
 * onto BRAM, the DDR port and control.
 */
import type { StaArch } from '../../arch/schema/sta.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';
import { bram36, component, sumComponents, type Component } from '../fpga-resources.js';
import type { ResourceUse } from '../result.js';
import { computeDtype, indexBitsPerWeight, supportedPatterns } from './params.js';

export function staResources(a: StaArch, ref: string, maxPositions: number): ResourceUse {
  const im = a.implementation;
  const supported = supportedPatterns(a, `arch ${ref}`);
  const { rows, cols, multipliers: p, window } = a.array;
  const pes = rows * cols;
  const c = im[computeDtype(a.precision.weights, a.precision.activations)];
  const wBits = DTYPE_BYTES[a.precision.weights] * 8;
  const aBits = DTYPE_BYTES[a.precision.activations] * 8;
  // Each PE: its multipliers, an adder tree over their products and an accumulator.
  const adders = p;
  const array = component('PE array (multipliers, adder trees, accumulators)', {
    dsp: Math.ceil(pes * (p * c.multiplier.dsp + adders * c.adder.dsp)),
    lut: pes * (p * c.multiplier.lut + adders * c.adder.lut),
    ff: pes * (p * c.multiplier.ff + adders * c.adder.ff) + rows * window * aBits,
  });
  // Sparse mode: each multiplier picks one of the M activations of its group (M:1 mux per bit);
  // with no sparse pattern the selector is absent (dense PEs).
  const maxM = supported.reduce((m, x) => Math.max(m, x.m), 0);
  const selector = component('N:M selectors and index decoders', {
    lut: supported.length ? pes * (p * aBits * (maxM - 1) * im.mux_lut_per_input_bit + supported.length * im.decoder_lut_per_pattern) : 0,
    ff: supported.length ? pes * p * Math.ceil(Math.log2(maxM)) : 0,
  });
  const idxBits = indexBitsPerWeight(supported, a.sparsity.encoding);
  const weightBuf = component('weight + index buffers (double-buffered)', {
    bram: 2 * bram36(cols * p * (wBits + idxBits), a.buffers.weight_depth),
  });
  const actWidth = rows * window * aBits;
  const actBuf = component('activation buffer', { bram: bram36(actWidth, Math.ceil((a.buffers.activation * 8) / actWidth)) });
  const fp16 = im.fp16;
  const sm = a.softmax;
  const softmax = component('softmax unit (max, exp, sum, scale)', {
    dsp: sm.lanes * (fp16.adder.dsp * 2 + fp16.multiplier.dsp + im.exp.dsp),
    lut: sm.lanes * (fp16.adder.lut * 2 + fp16.multiplier.lut + im.exp.lut),
    ff: sm.lanes * (fp16.adder.ff * 2 + fp16.multiplier.ff + im.exp.ff),
    // Scores of a row block over the whole context, double-buffered, stay on chip.
    bram: sm.on_chip ? 2 * bram36(rows * aBits, maxPositions) : 0,
  });
  const v = a.vector.lanes;
  const vector = component('vector unit (LayerNorm, GELU, residual)', {
    dsp: v * (fp16.adder.dsp + fp16.multiplier.dsp) + im.exp.dsp,
    lut: v * (fp16.adder.lut + fp16.multiplier.lut) + im.exp.lut,
    ff: v * (fp16.adder.ff + fp16.multiplier.ff) + im.exp.ff,
  });
  const out = component('output accumulators', { ff: pes * im.accumulator_width * 8 });
  const ddr = component('DDR port', { ...im.ddr_port, bram: bram36(im.ddr_fifo.width * 8, im.ddr_fifo.depth) });
  const control = component('control', { ...im.control, bram: bram36(im.instruction_memory.width * 8, im.instruction_memory.depth) });
  const parts: Component[] = [array, selector, weightBuf, actBuf, softmax, vector, out, ddr, control];
  return sumComponents(a.board, parts);
}
