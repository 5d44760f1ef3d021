/** The STA spec reduced to the cycle-level numbers the lowering needs. */
import type { StaArch, StaDtype } from '../../arch/schema/sta.js';
import { UserError } from '../../arch/user-error.js';
import { type NmEncoding, type NmPattern, parsePattern } from '../../workloads/sparsity.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';

export const STA_UNITS = ['array', 'softmax', 'vector', 'ddr'] as const;
export const U = { array: 0, softmax: 1, vector: 2, ddr: 3 } as const;

export interface StaParams {
  readonly clock: number;
  readonly rows: number;
  readonly cols: number;
  /** Multipliers per PE. */
  readonly mults: number;
  /** Activations a PE sees per cycle (the largest group it selects from). */
  readonly window: number;
  readonly switchCycles: number;
  /** Idle PE rows take slices of the reduction when a product has fewer rows than the array. */
  readonly rowSplit: boolean;
  readonly decodeCycles: number;
  /** Multiplier, adder tree over the PE's products, accumulator. */
  readonly pipeLatency: number;
  readonly supported: readonly NmPattern[];
  readonly encoding: NmEncoding;
  readonly softmaxOnChip: boolean;
  readonly softmaxLanes: number;
  readonly softmaxLatency: number;
  readonly vectorLanes: number;
  readonly vectorLatency: number;
  readonly layerNormPasses: number;
  /** Weight-buffer bytes (both halves): how far the DDR stream may run ahead. */
  readonly weightBufferBytes: number;
  readonly activationBytes: number;
  readonly ddrBpc: number;
  readonly ddrLat: number;
  readonly wBytes: number;
  readonly aBytes: number;
  readonly compute: StaDtype;
}

/**
 * The precision the multipliers run in: a float operand makes it FP16
 * (integer weights are dequantised before the multiplier, W8A16 style);
 * two integer operands multiply at the wider of their widths.
 */
export function computeDtype(w: StaDtype, a: StaDtype): StaDtype {
  if (w === 'fp16' || a === 'fp16') return 'fp16';
  if (w === 'int8' || a === 'int8') return 'int8';
  return 'int4';
}

/** Bits of index metadata stored with each kept weight lane in the weight buffer. */
export function indexBitsPerWeight(supported: readonly NmPattern[], encoding: NmEncoding): number {
  let bits = 0;
  for (const p of supported) bits = Math.max(bits, encoding === 'index' ? Math.ceil(Math.log2(p.m)) : Math.ceil(p.m / p.n));
  return bits;
}

export function supportedPatterns(a: StaArch, input: string): NmPattern[] {
  return a.sparsity.supported.map((t, i) => {
    const p = parsePattern(t, input, `sparsity.supported[${i}]`);
    if (p.m > a.array.window) {
      throw new UserError({
        input,
        field: `sparsity.supported[${i}]`,
        problem: `${t} groups ${p.m} activations but a PE sees array.window = ${a.array.window}`,
        fix: `raise array.window to ${p.m} or drop ${t}`,
      });
    }
    return p;
  });
}

/** Unsupported patterns are the user's error: name the pattern and the set the design supports. */
export function staParams(a: StaArch, ref: string): StaParams {
  const clock = a.clock;
  const ddr = a.board.ddr;
  const supported = supportedPatterns(a, `arch ${ref}`);
  const wBytes = DTYPE_BYTES[a.precision.weights];
  const idxBits = indexBitsPerWeight(supported, a.sparsity.encoding);
  const laneBytes = a.array.multipliers * (wBytes + idxBits / 8);
  const log2c = (x: number) => (x <= 1 ? 0 : Math.ceil(Math.log2(x)));
  return {
    clock,
    rows: a.array.rows,
    cols: a.array.cols,
    mults: a.array.multipliers,
    window: a.array.window,
    switchCycles: a.array.tile_switch_cycles,
    rowSplit: a.array.row_split,
    decodeCycles: a.sparsity.decode_cycles,
    // Multiplier, the PE's adder tree and accumulator, and the column adder tree that joins row slices.
    pipeLatency: a.array.multiplier_latency + (log2c(a.array.multipliers) + 1 + (a.array.row_split ? log2c(a.array.rows) : 0)) * a.array.adder_latency,
    supported,
    encoding: a.sparsity.encoding,
    softmaxOnChip: a.softmax.on_chip,
    softmaxLanes: a.softmax.lanes,
    softmaxLatency: a.softmax.latency,
    vectorLanes: a.vector.lanes,
    vectorLatency: a.vector.latency,
    layerNormPasses: a.vector.layernorm_passes,
    weightBufferBytes: 2 * a.array.cols * a.buffers.weight_depth * laneBytes,
    activationBytes: a.buffers.activation,
    ddrBpc: ddr ? (ddr.bandwidth * a.memory.ddr_efficiency) / clock : 0,
    ddrLat: Math.ceil(a.memory.ddr_latency * clock),
    wBytes,
    aBytes: DTYPE_BYTES[a.precision.activations],
    compute: computeDtype(a.precision.weights, a.precision.activations),
  };
}
