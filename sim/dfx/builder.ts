/**
 * Building DFX blocks: the instruction kinds of DFX's ISA (matrix-vector
 * products streamed from memory, vector instructions, ring syncs) with their
 * cycle counts and events. Instructions stay writable so that attention can
 * be re-costed for another context in place (attention.ts).
 */
import { DTYPE_BYTES, type Op } from '../../workloads/trace.js';
import { type Block, type Events, type OpInfo, noEvents } from '../engine/program.js';
import { type VecStep, allGather, gemv, tileBytes } from './costs.js';
import { type DfxParams, U } from './params.js';

interface MutableFeed {
  unit: number;
  busy: number;
  lead: number;
  slack: number;
  deps: readonly number[];
}

export interface MutableInstr {
  op: number;
  unit: number;
  busy: number;
  latency: number;
  deps: readonly number[];
  feed?: MutableFeed;
}

export interface MutableOp {
  name: string;
  category: string;
  flops: number;
  events: Events;
}

export class BlockBuilder {
  readonly ops: MutableOp[] = [];
  readonly instrs: MutableInstr[] = [];

  op(name: string, category: string, flops: number, events: Events = noEvents()): number {
    return this.ops.push({ name, category, flops, events }) - 1;
  }

  emit(i: MutableInstr): number {
    return this.instrs.push(i) - 1;
  }

  build(output: number): Block {
    return { ops: this.ops as OpInfo[], instrs: this.instrs, output };
  }
}

/** Cycle counts and events of one matrix-vector product streamed from memory. */
export interface MatvecCost {
  busy: number;
  latency: number;
  feedBusy: number;
  lead: number;
  slack: number;
  mac: number;
  bytes: number;
}

/**
 * [1 x k] . [k x n] streamed from `memory` through the MPU; with `vectors`
 * > 1 each streamed tile multiplies that many vectors in turn (the query
 * heads sharing one cached key/value head).
 */
export function matvecCost(
  p: DfxParams,
  k: number,
  n: number,
  extraLatency: number,
  memory: 'hbm' | 'ddr',
  w: Pick<Op, 'sparsity' | 'weightDtype'> | undefined,
  vectors: number,
): MatvecCost {
  const nm = w?.sparsity;
  const one = gemv(p, k, n, nm);
  const cycles = vectors === 1 ? one.cycles : one.cycles * vectors;
  const bytes = one.tiles * tileBytes(p, nm, w?.weightDtype ? DTYPE_BYTES[w.weightDtype] : p.wBytes);
  const latency = p.mpuLatency + extraLatency + (nm && nm.n < nm.m ? p.selectLatency : 0);
  const bpc = memory === 'hbm' ? p.hbmBpc : p.ddrBpc;
  return {
    busy: cycles,
    latency,
    feedBusy: Math.ceil(bytes / bpc),
    lead: memory === 'hbm' ? p.hbmLat : p.ddrLat,
    slack: bytes <= p.weightBufferBytes ? cycles : Math.floor((cycles * p.weightBufferBytes) / bytes),
    mac: one.tiles * p.d * p.lanes * vectors,
    bytes,
  };
}

/**
 * Count on `e` the events of `times` matrix-vector products of cost `c`
 * streamed from `memory`: the MACs, the streamed weight bytes, and their
 * write into and read out of the weight buffer.
 */
export function matvecEvents(e: Events, c: MatvecCost, memory: 'hbm' | 'ddr', times = 1): void {
  e.mac += c.mac * times;
  e.offchip[memory] = (e.offchip[memory] ?? 0) + c.bytes * times;
  e.sram += 2 * c.bytes * times;
}

/** Emit a matrix-vector product (see matvecCost) and count its events on op `opIdx`. */
export function matvec(
  p: DfxParams,
  b: BlockBuilder,
  opIdx: number,
  k: number,
  n: number,
  deps: readonly number[],
  extraLatency: number,
  memory: 'hbm' | 'ddr' = 'hbm',
  feedDeps: readonly number[] = [],
  w?: Pick<Op, 'sparsity' | 'weightDtype'>,
  vectors = 1,
): number {
  const c = matvecCost(p, k, n, extraLatency, memory, w, vectors);
  matvecEvents(b.ops[opIdx].events, c, memory);
  return b.emit({
    op: opIdx,
    unit: U.mpu,
    busy: c.busy,
    latency: c.latency,
    deps,
    feed: { unit: memory === 'hbm' ? U.hbm : U.ddr, busy: c.feedBusy, lead: c.lead, slack: c.slack, deps: feedDeps },
  });
}

export function vector(b: BlockBuilder, opIdx: number, busy: number, latency: number, elements: number, deps: readonly number[]): number {
  b.ops[opIdx].events.vector += elements;
  return b.emit({ op: opIdx, unit: U.vpu, busy, latency, deps });
}

/** A chain of dependent vector instructions (one ISA instruction each). */
export function vectorChain(b: BlockBuilder, opIdx: number, steps: readonly VecStep[], elements: number, deps: readonly number[]): number {
  b.ops[opIdx].events.vector += elements;
  let last = deps;
  let out = -1;
  for (const st of steps) {
    out = b.emit({ op: opIdx, unit: U.vpu, busy: st.busy, latency: st.latency, deps: last });
    last = [out];
  }
  return out;
}

/** All-gather of `bytes` per device over the ring (nothing on one device). */
export function sync(p: DfxParams, b: BlockBuilder, name: string, bytes: number, deps: readonly number[]): readonly number[] {
  if (p.devices <= 1) return deps;
  const g = allGather(p, bytes);
  const events = noEvents();
  events.link = g.linkBytes;
  events.sram = 2 * g.linkBytes;
  const opIdx = b.op(name, 'sync', 0, events);
  return [b.emit({ op: opIdx, unit: U.router, busy: g.busy, latency: g.latency, deps })];
}

export const share = (n: number, k: number) => Math.ceil(n / k);
