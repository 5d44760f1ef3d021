/** The DFX spec reduced to the cycle-level numbers the lowering needs. */
import type { DfxArch } from '../../arch/schema/dfx.js';
import { type NmEncoding, type NmPattern, parsePattern } from '../../workloads/sparsity.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';

export const DFX_UNITS = ['mpu', 'vpu', 'hbm', 'ddr', 'router'] as const;
export const U = { mpu: 0, vpu: 1, hbm: 2, ddr: 3, router: 4 } as const;

export interface DfxParams {
  readonly clock: number;
  readonly devices: number;
  readonly d: number;
  readonly lanes: number;
  readonly adder: number;
  readonly mul: number;
  /** Tile column groups interleaved before a partial sum is revisited. */
  readonly zigGroups: number;
  /** Multiplier + adder tree + accumulator. */
  readonly mpuLatency: number;
  readonly v: number;
  readonly vAdd: number;
  readonly vMul: number;
  readonly vExp: number;
  readonly vRecip: number;
  readonly vRsqrt: number;
  readonly gelu: number;
  readonly compare: number;
  /** Off-chip bytes per kernel cycle. */
  readonly hbmBpc: number;
  readonly hbmLat: number;
  /** Where embeddings (and optionally the LM head) are read from: DDR, or HBM on boards without DDR. */
  readonly tableMemory: 'ddr' | 'hbm';
  readonly ddrBpc: number;
  readonly ddrLat: number;
  readonly weightBufferBytes: number;
  readonly linkBpc: number;
  readonly hopCycles: number;
  readonly syncCycles: number;
  readonly bidirectional: boolean;
  readonly depLatency: number;
  readonly wBytes: number;
  readonly aBytes: number;
  readonly lmHeadIn: 'hbm' | 'ddr';
  /** N:M patterns the MPU's selection logic supports, their metadata encoding and the selector's pipeline stage. */
  readonly nmSupported: readonly NmPattern[];
  readonly nmEncoding: NmEncoding;
  readonly selectLatency: number;
  /** Whether the LM head runs after every input token of the summarization (as the published design does) or only the last. */
  readonly lmHeadEveryToken: boolean;
  readonly argmaxMessageBytes: number;
}

export function dfxParams(a: DfxArch): DfxParams {
  const clock = a.clock;
  const hbm = a.board.hbm;
  const kernelSide = a.dma.hbm_channels * a.dma.channel_width; // bytes per cycle
  // A board without HBM is refused by the template's feasibility check before anything runs.
  const deviceSide = hbm ? (hbm.bandwidth * a.dma.hbm_efficiency) / clock : 0;
  const ddr = a.board.ddr;
  return {
    clock,
    devices: a.devices,
    d: a.mpu.d,
    lanes: a.mpu.lanes,
    adder: a.mpu.adder_latency,
    mul: a.mpu.multiplier_latency,
    zigGroups: Math.max(1, Math.floor(a.mpu.zigzag_cols / a.mpu.lanes)),
    mpuLatency: a.mpu.multiplier_latency + Math.ceil(Math.log2(a.mpu.d)) * a.mpu.adder_latency + a.mpu.adder_latency,
    v: a.vpu.width,
    vAdd: a.vpu.add_latency,
    vMul: a.vpu.mul_latency,
    vExp: a.vpu.exp_latency,
    vRecip: a.vpu.recip_latency,
    vRsqrt: a.vpu.rsqrt_latency,
    gelu: a.sfu.gelu_latency,
    compare: a.sfu.compare_latency,
    hbmBpc: Math.min(kernelSide, deviceSide),
    hbmLat: Math.ceil(a.dma.hbm_latency * clock),
    tableMemory: ddr ? 'ddr' : 'hbm',
    ddrBpc: ddr ? ddr.bandwidth / clock : 0,
    ddrLat: Math.ceil(a.dma.ddr_latency * clock),
    weightBufferBytes: a.dma.hbm_channels * a.dma.channel_width * a.dma.weight_buffer_depth,
    linkBpc: (a.router.link_rate * a.router.encoding_efficiency) / clock,
    hopCycles: Math.ceil(a.router.hop_latency * clock),
    syncCycles: Math.ceil(a.router.sync_overhead * clock),
    bidirectional: a.router.bidirectional,
    depLatency: a.control.dependency_latency,
    wBytes: DTYPE_BYTES[a.precision.weights],
    aBytes: DTYPE_BYTES[a.precision.activations],
    lmHeadIn: ddr ? a.dma.lm_head_in : 'hbm',
    nmSupported: a.sparsity.supported.map((t, i) => parsePattern(t, 'arch spec', `sparsity.supported[${i}]`)),
    nmEncoding: a.sparsity.encoding,
    selectLatency: a.sparsity.select_latency,
    lmHeadEveryToken: a.control.summarization_lm_head === 'every_token',
    argmaxMessageBytes: a.sfu.argmax_message,
  };
}
