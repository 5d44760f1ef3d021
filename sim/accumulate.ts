/**
 * Collects scheduled blocks into per-stage, per-category and per-op totals,
 * then prices them: dynamic energy from event counts, static power x time.
 *
 * Totals are kept by index, not by name: an `OpTable` gives each (stage, op
 * name) of a simulation a slot once, and each block its op -> slot map once,
 * so crediting a block is a loop over numbers.
 */
import type { Stage } from '../workloads/trace.js';
import type { Block, Events } from './engine/program.js';
import type { BreakdownRow, OpRow, StageResult } from './result.js';

export interface EnergyModel {
  /** Joules per device for these events. */
  dynamic(e: Events): number;
  /** The same model as prices per event, when it is one (priced without building Events). */
  readonly perEvent?: EventPrices;
  /** Watts per device when powered. */
  staticPower: number;
  devices: number;
}

/** Stage index of the per-stage arrays. */
export const STAGE_INDEX: Readonly<Record<Stage, 0 | 1>> = { summarization: 0, generation: 1 };
const STAGE_NAMES: readonly Stage[] = ['summarization', 'generation'];

/** Columns of a slot: critical-path cycles, FLOPs, then the events; off-chip memories follow. */
const CYCLES = 0;
const FLOPS = 1;
const MAC = 2;
const VECTOR = 3;
const SRAM = 4;
const LINK = 5;
const OFFCHIP = 6;
/** Off-chip memories one simulation may name (hbm, ddr, ...). */
const MEMORIES = 6;
const STRIDE = OFFCHIP + MEMORIES;

/**
 * A block's ops as the accumulator reads them: their FLOPs and events in
 * slot columns (cycles left 0), and their slots in the table of the
 * simulation running the block now (a block may serve several simulations
 * of one design, one after another).
 */
export class BlockTotals {
  /** nOps x STRIDE. */
  readonly values: Float64Array;
  private table: OpTable | undefined;
  private generation = -1;
  /** Slots of the block's ops in `table`, per stage (filled on first use). */
  private readonly slots: (Int32Array | undefined)[] = [undefined, undefined];
  /** Off-chip memories by name, in the order of `values`' columns. */
  private readonly memories: string[] = [];

  constructor(readonly block: Block) {
    this.values = new Float64Array(block.ops.length * STRIDE);
    this.refresh();
  }

  /** Read the ops' FLOPs and events again (after a template re-costed the block). */
  refresh(): void {
    const v = this.values;
    const ops = this.block.ops;
    const known = this.memories.length;
    v.fill(0);
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i];
      const e = o.events;
      const at = i * STRIDE;
      v[at + FLOPS] = o.flops;
      v[at + MAC] = e.mac;
      v[at + VECTOR] = e.vector;
      v[at + SRAM] = e.sram;
      v[at + LINK] = e.link;
      for (const m in e.offchip) v[at + OFFCHIP + this.memory(m)] = e.offchip[m];
    }
    // A memory first named now needs its column in the table.
    if (this.memories.length !== known) this.table = undefined;
  }

  private memory(name: string): number {
    let i = this.memories.indexOf(name);
    if (i < 0) {
      if (this.memories.length === MEMORIES) throw new Error(`more than ${MEMORIES} off-chip memories in one block (${[...this.memories, name].join(', ')})`);
      i = this.memories.push(name) - 1;
    }
    return i;
  }

  /** The slots of the block's ops in `table` for `stage`, and the table's column of each of the block's memories. */
  slotsFor(table: OpTable, stage: 0 | 1): Int32Array {
    if (this.table !== table || this.generation !== table.generation) {
      this.table = table;
      this.generation = table.generation;
      this.slots[0] = this.slots[1] = undefined;
      this.columns = Int32Array.from(this.memories, (m) => table.memory(m));
    }
    let s = this.slots[stage];
    if (!s) {
      const ops = this.block.ops;
      s = new Int32Array(ops.length);
      for (let i = 0; i < ops.length; i++) s[i] = table.slot(stage, ops[i].name, ops[i].category);
      this.slots[stage] = s;
    }
    return s;
  }

  /** The table's off-chip column of each of the block's memories (valid after slotsFor). */
  columns = new Int32Array(0);
}

/** The (stage, op name) slots of one simulation, in order of first use, and its off-chip memory names. */
export class OpTable {
  readonly names: string[] = [];
  readonly categories: string[] = [];
  readonly stages: (0 | 1)[] = [];
  readonly memories: string[] = [];
  private readonly index = [new Map<string, number>(), new Map<string, number>()];
  /** Bumped when the table is cleared for another simulation (blocks then map their ops again). */
  generation = 0;

  /** Empty again, for the next simulation. */
  clear(): void {
    this.names.length = 0;
    this.categories.length = 0;
    this.stages.length = 0;
    this.memories.length = 0;
    this.index[0].clear();
    this.index[1].clear();
    this.generation++;
  }

  slot(stage: 0 | 1, name: string, category: string): number {
    const m = this.index[stage];
    let s = m.get(name);
    if (s === undefined) {
      s = this.names.length;
      this.names.push(name);
      this.categories.push(category);
      this.stages.push(stage);
      m.set(name, s);
    }
    return s;
  }

  memory(name: string): number {
    let i = this.memories.indexOf(name);
    if (i < 0) {
      if (this.memories.length === MEMORIES) throw new Error(`more than ${MEMORIES} off-chip memories in one simulation (${[...this.memories, name].join(', ')})`);
      i = this.memories.push(name) - 1;
    }
    return i;
  }

  get size(): number {
    return this.names.length;
  }
}

export class RunAccumulator {
  private data: Float64Array;
  private readonly stageCycles = new Float64Array(2);
  readonly unitBusy: Float64Array;

  constructor(
    readonly table: OpTable,
    readonly units: readonly string[],
  ) {
    this.unitBusy = new Float64Array(units.length);
    // Room for a simulation's ops without growing (a DFX layer has 16, a step about 40 in both stages).
    this.data = new Float64Array(Math.max(64, table.size) * STRIDE);
  }

  private room(): Float64Array {
    const need = this.table.size * STRIDE;
    if (need > this.data.length) {
      const grown = new Float64Array(Math.max(need, 2 * this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    return this.data;
  }

  /** Credit a block run `times` over (op credits and events are per run; `eventTimes` when they differ). */
  addBlock(stage: 0 | 1, b: BlockTotals, opTime: Float64Array, times: number, eventTimes = times): void {
    const slots = b.slotsFor(this.table, stage);
    const cols = b.columns;
    const d = this.room();
    const v = b.values;
    for (let i = 0; i < slots.length; i++) {
      const at = slots[i] * STRIDE;
      const from = i * STRIDE;
      d[at + CYCLES] += opTime[i] * times;
      for (let c = FLOPS; c < OFFCHIP; c++) d[at + c] += v[from + c] * eventTimes;
      for (let m = 0; m < cols.length; m++) d[at + OFFCHIP + cols[m]] += v[from + OFFCHIP + m] * eventTimes;
    }
  }

  /** Time that no op claimed (a barrier draining units) goes to the stage only. */
  addStageCycles(stage: 0 | 1, cycles: number): void {
    this.stageCycles[stage] += cycles;
  }

  addBusy(busy: Float64Array, times: number): void {
    for (let u = 0; u < busy.length; u++) this.unitBusy[u] += busy[u] * times;
  }

  /** Merge another accumulator's totals (of the same table) `times` over (memoised passes). */
  merge(other: RunAccumulator, times: number): void {
    const d = this.room();
    const o = other.data;
    const n = Math.min(this.table.size * STRIDE, o.length);
    for (let i = 0; i < n; i++) d[i] += o[i] * times;
    this.stageCycles[0] += other.stageCycles[0] * times;
    this.stageCycles[1] += other.stageCycles[1] * times;
    this.addBusy(other.unitBusy, times);
  }

  /** Back to zero, for reuse. */
  reset(): void {
    this.data.fill(0);
    this.stageCycles.fill(0);
    this.unitBusy.fill(0);
  }

  totalCycles(): number {
    return this.stageCycles[0] + this.stageCycles[1];
  }

  stageSeconds(stage: Stage, clock: number): number {
    return this.stageCycles[STAGE_INDEX[stage]] / clock;
  }

  /** Energy and time by stage, category and (with `rows`) op. */
  price(clock: number, energy: EnergyModel, rows = true): { stages: Record<Stage, StageResult>; breakdown: BreakdownRow[]; ops: OpRow[]; energy_j: number } {
    const t = this.table;
    const d = this.room();
    const ops: OpRow[] = [];
    const stageSeconds = [this.stageCycles[0] / clock, this.stageCycles[1] / clock];
    const stageEnergy = [0, 0];
    const claimed = [0, 0];
    const cats = new Map<string, BreakdownRow>();
    const staticW = energy.staticPower * energy.devices;
    const row = (category: string): BreakdownRow => {
      let c = cats.get(category);
      if (!c) {
        c = { category, seconds: 0, energy_j: 0, by_stage: { summarization: 0, generation: 0 } };
        cats.set(category, c);
      }
      return c;
    };
    const lin = energy.perEvent;
    const memPrice = lin ? t.memories.map((m) => lin.offchipPerByte[m] ?? 0) : [];
    for (let s = 0; s < t.size; s++) {
      const at = s * STRIDE;
      let offchipBytes = 0;
      for (let m = 0; m < t.memories.length; m++) offchipBytes += d[at + OFFCHIP + m];
      let dynamic: number;
      if (lin) {
        dynamic = d[at + MAC] * lin.mac + d[at + VECTOR] * lin.vector + d[at + SRAM] * lin.sramPerByte + d[at + LINK] * lin.linkPerByte;
        for (let m = 0; m < memPrice.length; m++) dynamic += d[at + OFFCHIP + m] * memPrice[m];
      } else {
        const offchip: Record<string, number> = {};
        for (let m = 0; m < t.memories.length; m++) offchip[t.memories[m]] = d[at + OFFCHIP + m];
        dynamic = energy.dynamic({ mac: d[at + MAC], vector: d[at + VECTOR], offchip, sram: d[at + SRAM], link: d[at + LINK] });
      }
      const seconds = d[at + CYCLES] / clock;
      const e = dynamic * energy.devices + staticW * seconds;
      const stage = t.stages[s];
      if (rows)
        ops.push({
          name: t.names[s],
          category: t.categories[s],
          stage: STAGE_NAMES[stage],
          seconds,
          energy_j: e,
          flops: d[at + FLOPS] * energy.devices,
          offchip_bytes: offchipBytes * energy.devices,
        });
      stageEnergy[stage] += e;
      claimed[stage] += seconds;
      const c = row(t.categories[s]);
      c.seconds += seconds;
      c.energy_j += e;
      c.by_stage[STAGE_NAMES[stage]] += seconds;
    }
    // Static energy of time no op claimed (drain at step barriers).
    for (const s of [0, 1] as const) {
      const idle = Math.max(0, stageSeconds[s] - claimed[s]);
      stageEnergy[s] += staticW * idle;
      if (idle > 1e-9 * stageSeconds[s]) {
        const c = row('idle');
        c.seconds += idle;
        c.energy_j += staticW * idle;
        c.by_stage[STAGE_NAMES[s]] += idle;
      }
    }
    const breakdown = [...cats.values()].sort((a, b) => b.seconds - a.seconds);
    const stages: Record<Stage, StageResult> = {
      summarization: { seconds: stageSeconds[0], energy_j: stageEnergy[0] },
      generation: { seconds: stageSeconds[1], energy_j: stageEnergy[1] },
    };
    return { stages, breakdown, ops, energy_j: stageEnergy[0] + stageEnergy[1] };
  }
}

/** Joules per event of an FPGA design; memories not listed cost nothing. */
export interface EventPrices {
  mac: number;
  vector: number;
  sramPerByte: number;
  linkPerByte: number;
  offchipPerByte: Readonly<Record<string, number>>;
}

/** Dynamic energy as events x prices, plus static power x time. */
export function eventEnergy(prices: EventPrices, staticPower: number, devices: number): EnergyModel {
  return {
    devices,
    staticPower,
    perEvent: prices,
    dynamic(ev: Events): number {
      let j = ev.mac * prices.mac + ev.vector * prices.vector + ev.sram * prices.sramPerByte + ev.link * prices.linkPerByte;
      for (const m in ev.offchip) j += ev.offchip[m] * (prices.offchipPerByte[m] ?? 0);
      return j;
    },
  };
}
