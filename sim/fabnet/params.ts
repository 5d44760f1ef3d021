/** The fabnet spec reduced to the cycle-level numbers the lowering needs. */
import type { FabnetArch } from '../../arch/schema/fabnet.js';
import { DTYPE_BYTES } from '../../workloads/trace.js';

export interface FabnetParams {
  readonly clock: number;
  readonly dense: boolean;
  readonly engines: number;
  readonly units: number;
  /** Multipliers per BE (dense dot products use them all). */
  readonly beMultipliers: number;
  /** Longest transform one BE holds (butterfly mode: one bank; FFT mode: real and imaginary banks). */
  readonly maxLength: number;
  readonly tile: boolean;
  readonly normPoints: number;
  readonly normLatency: number;
  /** Sweeps over the vector of a standalone norm and of a softmax. */
  readonly normSweeps: number;
  readonly softmaxSweeps: number;
  readonly geluLatency: number;
  /** Cycles from a stage's first read to its last write, which the next stage waits for: butterfly and FFT mode. */
  readonly stageDrain: number;
  readonly fftStageDrain: number;
  /** Pipeline latency of a dense dot product: read, multiply, the adder tree over a BE's multipliers, write. */
  readonly denseLatency: number;
  /** Bytes per data value. */
  readonly b: number;
  /** Values a BE's converters take in and give out per cycle. */
  readonly fillValues: number;
  readonly drainValues: number;
  readonly unitNames: readonly string[];
  /** Engine unit indices. */
  readonly be: number;
  readonly inUnit: number;
  readonly coefUnit: number;
  readonly outUnit: number;
  /** Bytes per kernel cycle of each stream. */
  readonly inBpc: number;
  readonly coefBpc: number;
  readonly outBpc: number;
  /** Cycles of the coefficient stream its port FIFOs hold: how far the stream may run ahead of the BUs. */
  readonly coefFifoCycles: number;
  /** Ticks from a request to the first data. */
  readonly memLatency: number;
  readonly memKind: 'hbm' | 'ddr';
}

/**
 * Bytes per cycle of the three streams. Each runs at its own width; on a
 * memory with a channel for every port (HBM pseudo-channels) a stream is
 * capped by its channels' share of the achieved bandwidth; when the streams
 * share channels (one DDR3 interface) and the memory cannot carry all three
 * at full width, each gets its share in proportion to its width. They run
 * concurrently either way, on their own AXI ports.
 */
function streamRates(a: FabnetArch): { input: number; coefficient: number; output: number } {
  // A board without the chosen memory is refused by the template's feasibility check; its streams are then empty.
  const mem = (a.memory.kind === 'hbm' ? a.board.hbm : a.board.ddr) ?? { bandwidth: 0, channels: 1 };
  const memBpc = (mem.bandwidth * a.memory.efficiency) / a.clock;
  const s = a.streams;
  const own = s.input.ports + s.coefficient.ports + s.output.ports <= mem.channels;
  const perChannel = memBpc / mem.channels;
  const want = (x: { width: number; ports: number }) => (own ? Math.min(x.width, x.ports * perChannel) : x.width);
  const w = { input: want(s.input), coefficient: want(s.coefficient), output: want(s.output) };
  const total = w.input + w.coefficient + w.output;
  const scale = total > memBpc ? memBpc / total : 1;
  return { input: w.input * scale, coefficient: w.coefficient * scale, output: w.output * scale };
}

export function fabnetParams(a: FabnetArch): FabnetParams {
  const clock = a.clock;
  const b = DTYPE_BYTES[a.precision.data];
  const rates = streamRates(a);
  const t = a.timing.pipeline;
  const handoff = t.bank_read + t.bank_write;
  const beMultipliers = a.butterfly_units * a.multipliers_per_unit;
  return {
    clock,
    dense: a.datapath === 'dense',
    engines: a.engines,
    units: a.butterfly_units,
    beMultipliers,
    maxLength: 2 * a.butterfly_units * a.buffer.ram_depth,
    tile: a.long_transforms === 'tile',
    normPoints: a.timing.norm_points_per_cycle,
    normLatency: a.timing.norm_latency,
    normSweeps: a.timing.norm_sweeps,
    softmaxSweeps: a.timing.softmax_sweeps,
    geluLatency: a.timing.gelu_latency,
    // RTL butterfly_unit_opt.v: butterfly mode sums two products (multiplier, adder); FFT mode adds the complex add/sub after the twiddle product.
    stageDrain: handoff + t.fp_multiplier + t.fp_adder,
    fftStageDrain: handoff + t.fp_multiplier + 2 * t.fp_adder,
    denseLatency: handoff + t.fp_multiplier + Math.ceil(Math.log2(beMultipliers)) * t.fp_adder,
    b,
    fillValues: a.converters.input / b,
    drainValues: a.converters.output / b,
    unitNames: ['be', 'input', 'coefficient', 'output'],
    be: 0,
    inUnit: 1,
    coefUnit: 2,
    outUnit: 3,
    inBpc: rates.input,
    coefBpc: rates.coefficient,
    outBpc: rates.output,
    // Each AXI port has a FIFO of stream_fifo_depth entries of its width.
    coefFifoCycles: rates.coefficient > 0 ? (a.implementation.stream_fifo_depth * a.streams.coefficient.width) / rates.coefficient : 0,
    memLatency: Math.ceil(a.memory.latency * clock),
    memKind: a.memory.kind,
  };
}
