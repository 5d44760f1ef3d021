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
  readonly stageOverhead: number;
  readonly normPoints: number;
  readonly normLatency: number;
  readonly geluLatency: number;
  readonly denseLatency: number;
  /** Bytes per data value. */
  readonly b: number;
  /** Streams share one memory unit (a single-channel DDR) or each has its own ports. */
  readonly shared: boolean;
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
  /** Cycles from a request to the first data. */
  readonly memLatency: number;
  readonly memKind: 'hbm' | 'ddr';
}

export function fabnetParams(a: FabnetArch): FabnetParams {
  const clock = a.clock;
  // A board without the chosen memory is refused by the template's feasibility check; its streams are then empty.
  const mem = (a.memory.kind === 'hbm' ? a.board.hbm : a.board.ddr) ?? { bandwidth: 0, channels: 1 };
  const s = a.streams;
  const ports = s.input.ports + s.coefficient.ports + s.output.ports;
  // Ports on separate channels stream independently; fewer channels than ports means they take turns.
  const shared = mem.channels < ports;
  const memBpc = (mem.bandwidth * a.memory.efficiency) / clock;
  const perChannel = memBpc / mem.channels;
  const streamBpc = (width: number, n: number) => Math.min(width, n * perChannel);
  const sharedBpc = Math.min(Math.max(s.input.width, s.coefficient.width, s.output.width), memBpc);
  const unitNames = shared ? ['be', 'memory'] : ['be', 'input', 'coefficient', 'output'];
  return {
    clock,
    dense: a.datapath === 'dense',
    engines: a.engines,
    units: a.butterfly_units,
    beMultipliers: a.butterfly_units * a.multipliers_per_unit,
    maxLength: 2 * a.butterfly_units * a.buffer.ram_depth,
    tile: a.long_transforms === 'tile',
    stageOverhead: a.timing.stage_overhead,
    normPoints: a.timing.norm_points_per_cycle,
    normLatency: a.timing.norm_latency,
    geluLatency: a.timing.gelu_latency,
    denseLatency: a.timing.dense_latency,
    b: DTYPE_BYTES[a.precision.data],
    shared,
    unitNames,
    be: 0,
    inUnit: 1,
    coefUnit: shared ? 1 : 2,
    outUnit: shared ? 1 : 3,
    inBpc: shared ? sharedBpc : streamBpc(s.input.width, s.input.ports),
    coefBpc: shared ? sharedBpc : streamBpc(s.coefficient.width, s.coefficient.ports),
    outBpc: shared ? sharedBpc : streamBpc(s.output.width, s.output.ports),
    memLatency: Math.ceil(a.memory.latency * clock),
    memKind: a.memory.kind,
  };
}
