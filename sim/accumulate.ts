/**
 * Collects scheduled blocks into per-stage, per-category and per-op totals,
 * then prices them: dynamic energy from event counts, static power x time.
 */
import type { Stage } from '../workloads/trace.js';
import { type Block, type Events, addEvents, noEvents } from './engine/program.js';
import type { BreakdownRow, OpRow, StageResult } from './result.js';

export interface EnergyModel {
  /** Joules per device for these events. */
  dynamic(e: Events): number;
  /** Watts per device when powered. */
  staticPower: number;
  devices: number;
}

interface OpAcc {
  name: string;
  category: string;
  stage: Stage;
  cycles: number;
  flops: number;
  events: Events;
}

export class RunAccumulator {
  private readonly ops = new Map<string, OpAcc>();
  private readonly stageCycles: Record<Stage, number> = { summarization: 0, generation: 0 };
  readonly unitBusy: Float64Array;

  constructor(readonly units: readonly string[]) {
    this.unitBusy = new Float64Array(units.length);
  }

  /** Credit a block run `times` over (op credits and events are per run). */
  addBlock(stage: Stage, block: Block, opTime: Float64Array, times: number, eventTimes = times): void {
    for (let i = 0; i < block.ops.length; i++) {
      const o = block.ops[i];
      const key = `${stage}|${o.name}`;
      let a = this.ops.get(key);
      if (!a) {
        a = { name: o.name, category: o.category, stage, cycles: 0, flops: 0, events: noEvents() };
        this.ops.set(key, a);
      }
      a.cycles += opTime[i] * times;
      a.flops += o.flops * eventTimes;
      addEvents(a.events, o.events, eventTimes);
    }
  }

  /** Time that no op claimed (a barrier draining units) goes to the stage only. */
  addStageCycles(stage: Stage, cycles: number): void {
    this.stageCycles[stage] += cycles;
  }

  addBusy(busy: Float64Array, times: number): void {
    for (let u = 0; u < busy.length; u++) this.unitBusy[u] += busy[u] * times;
  }

  /** Merge another accumulator's totals `times` over (memoised passes). */
  merge(other: RunAccumulator, times: number): void {
    for (const [k, o] of other.ops) {
      let a = this.ops.get(k);
      if (!a) {
        a = { ...o, cycles: 0, flops: 0, events: noEvents() };
        this.ops.set(k, a);
      }
      a.cycles += o.cycles * times;
      a.flops += o.flops * times;
      addEvents(a.events, o.events, times);
    }
    this.stageCycles.summarization += other.stageCycles.summarization * times;
    this.stageCycles.generation += other.stageCycles.generation * times;
    this.addBusy(other.unitBusy, times);
  }

  totalCycles(): number {
    return this.stageCycles.summarization + this.stageCycles.generation;
  }

  stageSeconds(stage: Stage, clock: number): number {
    return this.stageCycles[stage] / clock;
  }

  price(clock: number, energy: EnergyModel): { stages: Record<Stage, StageResult>; breakdown: BreakdownRow[]; ops: OpRow[]; energy_j: number } {
    const ops: OpRow[] = [];
    const stages: Record<Stage, StageResult> = {
      summarization: { seconds: this.stageCycles.summarization / clock, energy_j: 0 },
      generation: { seconds: this.stageCycles.generation / clock, energy_j: 0 },
    };
    const cats = new Map<string, BreakdownRow>();
    const staticW = energy.staticPower * energy.devices;
    for (const a of this.ops.values()) {
      const seconds = a.cycles / clock;
      const e = energy.dynamic(a.events) * energy.devices + staticW * seconds;
      const offchip = Object.values(a.events.offchip).reduce((x, y) => x + y, 0) * energy.devices;
      ops.push({ name: a.name, category: a.category, stage: a.stage, seconds, energy_j: e, flops: a.flops * energy.devices, offchip_bytes: offchip });
      stages[a.stage].energy_j += e;
      let c = cats.get(a.category);
      if (!c) {
        c = { category: a.category, seconds: 0, energy_j: 0, by_stage: { summarization: 0, generation: 0 } };
        cats.set(a.category, c);
      }
      c.seconds += seconds;
      c.energy_j += e;
      c.by_stage[a.stage] += seconds;
    }
    // Static energy of time no op claimed (drain at step barriers).
    for (const s of ['summarization', 'generation'] as const) {
      const claimed = ops.filter((o) => o.stage === s).reduce((x, o) => x + o.seconds, 0);
      const idle = Math.max(0, stages[s].seconds - claimed);
      stages[s].energy_j += staticW * idle;
      if (idle > 1e-9 * stages[s].seconds) {
        let c = cats.get('idle');
        if (!c) {
          c = { category: 'idle', seconds: 0, energy_j: 0, by_stage: { summarization: 0, generation: 0 } };
          cats.set('idle', c);
        }
        c.seconds += idle;
        c.energy_j += staticW * idle;
        c.by_stage[s] += idle;
      }
    }
    const breakdown = [...cats.values()].sort((a, b) => b.seconds - a.seconds);
    return { stages, breakdown, ops, energy_j: stages.summarization.energy_j + stages.generation.energy_j };
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
    dynamic(ev: Events): number {
      let j = ev.mac * prices.mac + ev.vector * prices.vector + ev.sram * prices.sramPerByte + ev.link * prices.linkPerByte;
      for (const [m, bytes] of Object.entries(ev.offchip)) j += bytes * (prices.offchipPerByte[m] ?? 0);
      return j;
    },
  };
}
