/**
 * Operators of butterfly-sparse models: butterfly-factorised linear layers
 * and FFTs. Both are log2 n stages of n/2 radix-2 butterflies; a linear
 * butterfly has 4 independent real coefficients per 2x2 block, an FFT
 * butterfly multiplies by a complex twiddle and adds/subtracts complex values.
 * Sizes are padded to powers of two, as radix-2 hardware needs.
 */
import { DTYPE_BYTES, type DType, type Op, type OpCategory, type OpRole, type TransformShape } from './trace.js';

/** Butterfly layers and FFTs are not split over devices (no tensor-parallel scheme for them is modelled). */
const REPLICATED: OpRole = { shard: 'replicated' };

/** Real multiplies + adds of one 2x2 butterfly block (4 products, 2 sums). */
const BUTTERFLY_FLOPS = 6;
/** One complex twiddle product (4 multiplies, 2 adds) and a complex add and subtract (4 adds). */
const FFT_BUTTERFLY_FLOPS = 10;
/** Coefficients of one 2x2 butterfly block. */
export const COEFFICIENTS_PER_BUTTERFLY = 4;

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

export function padPow2(n: number): number {
  return n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
}

/** Butterflies of one n-point radix-2 transform: n/2 per stage, log2 n stages. */
export function butterfliesPerTransform(n: number): number {
  return n <= 1 ? 0 : (n / 2) * Math.log2(n);
}

export function butterflyCount(t: TransformShape): number {
  return t.transforms * butterfliesPerTransform(t.length);
}

/**
 * A butterfly-factorised linear layer [rows x nIn] -> [rows x nOut]. Sizes
 * are padded to powers of two; a wider output stacks nOut/nIn square
 * butterflies on the same input, a narrower one keeps the first nOut outputs
 * of one nIn-point butterfly.
 */
export function butterflyLinear(name: string, category: OpCategory, rows: number, nIn: number, nOut: number, dtype: DType, bias = true, role: OpRole = REPLICATED): Op {
  const b = DTYPE_BYTES[dtype];
  const pIn = padPow2(nIn);
  const pOut = padPow2(nOut);
  const stacks = pOut > pIn ? pOut / pIn : 1;
  const transform: TransformShape = {
    length: pIn,
    transforms: rows * stacks,
    groups: stacks,
    kept: Math.min(pIn, pOut),
    inputComplex: false,
    outputComplex: false,
    axis: 'features',
  };
  const coefficients = stacks * butterfliesPerTransform(pIn) * COEFFICIENTS_PER_BUTTERFLY;
  return {
    name,
    kind: 'butterfly',
    category,
    role,
    m: rows,
    k: pIn,
    n: pOut,
    count: 1,
    dtype,
    bias,
    transform,
    flops: BUTTERFLY_FLOPS * butterflyCount(transform) + (bias ? rows * pOut : 0),
    weightBytes: (coefficients + (bias ? pOut : 0)) * b,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: (rows * pIn + rows * pOut) * b,
  };
}

/** `transforms` FFTs of `length` points (a power of two) along one axis. */
export function fftAxis(
  name: string,
  category: OpCategory,
  transforms: number,
  length: number,
  dtype: DType,
  inputComplex: boolean,
  outputComplex: boolean,
  axis: TransformShape['axis'] = 'features',
): Op {
  if (!isPowerOfTwo(length)) throw new Error(`fftAxis: length ${length} is not a power of two`);
  const b = DTYPE_BYTES[dtype];
  const transform: TransformShape = { length, transforms, groups: 1, kept: length, inputComplex, outputComplex, axis };
  return {
    name,
    kind: 'fft',
    category,
    role: REPLICATED,
    m: transforms,
    k: length,
    n: length,
    count: 1,
    dtype,
    transform,
    flops: FFT_BUTTERFLY_FLOPS * butterflyCount(transform),
    weightBytes: 0,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    activationBytes: transforms * length * b * ((inputComplex ? 2 : 1) + (outputComplex ? 2 : 1)),
  };
}

/**
 * FNet-style token mixing: Re(FFT2(x)) over a [tokens x width] sequence,
 * both axes padded to powers of two. The 2-D transform is separable, so the
 * sequence axis goes first (real in, complex out) and the hidden axis last
 * (complex in, real part out): the result then leaves the engines one
 * token per vector, as the shortcut add and LayerNorm that follow need.
 */
export function fourierMixing(tokens: number, width: number, batch: number, dtype: DType): Op[] {
  const w = padPow2(width);
  const s = padPow2(tokens);
  return [fftAxis('fft_seq', 'fft', w * batch, s, dtype, false, true, 'tokens'), fftAxis('fft_hidden', 'fft', tokens * batch, w, dtype, true, false)];
}
