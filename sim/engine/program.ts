/**
 * The engine's vocabulary. A template lowers operators into instructions on
 * units; an instruction occupies its unit for `busy` cycles and its result is
 * ready `latency` cycles later (pipeline depth), so independent work overlaps
 * and dependent work waits. A `feed` is a memory stream (DMA) that supplies
 * the instruction's operand: it may run ahead of the consumer by at most
 * `slack` consumer cycles (buffer capacity), and the consumer cannot finish
 * before the stream has delivered.
 */

/** Event counts of one operator on one device, for energy. */
export interface Events {
  /** Multiply-accumulates executed (including padding lanes). */
  mac: number;
  /** Element operations on the vector/special-function units. */
  vector: number;
  /** Off-chip bytes by memory (e.g. hbm, ddr). */
  offchip: Record<string, number>;
  /** On-chip buffer bytes read + written. */
  sram: number;
  /** Bytes sent over inter-device links. */
  link: number;
}

export function noEvents(): Events {
  return { mac: 0, vector: 0, offchip: {}, sram: 0, link: 0 };
}

export interface OpInfo {
  /** Operator name as in the trace (qkv, attn_scores, ...) or a template's own (sync_attn, ...). */
  readonly name: string;
  readonly category: string;
  readonly flops: number;
  readonly events: Events;
}

export interface Feed {
  readonly unit: number;
  readonly busy: number;
  /** Cycles from the stream's start to its first usable data (memory latency). */
  readonly lead: number;
  /** How far (in consumer cycles) the stream may run ahead of the consumer. */
  readonly slack: number;
  /** Instructions (in this block; -1 = block input) the stream must wait for. */
  readonly deps: readonly number[];
}

export interface Instr {
  /** Index into the block's ops, for attribution. */
  readonly op: number;
  readonly unit: number;
  readonly busy: number;
  readonly latency: number;
  /** Instructions (in this block; -1 = block input) whose results this one needs. */
  readonly deps: readonly number[];
  readonly feed?: Feed;
}

/** A straight-line program: a decoder layer, an embedding, an LM head. */
export interface Block {
  readonly ops: readonly OpInfo[];
  readonly instrs: readonly Instr[];
  /** The instruction whose result is the block's output. */
  readonly output: number;
  /**
   * Busy ticks per unit for one run, where the template knows better than
   * the schedule (a stream whose writes overlap outside any instruction);
   * NaN = the schedule's count.
   */
  readonly unitBusy?: readonly number[];
}
