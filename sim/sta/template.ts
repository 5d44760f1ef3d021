/**
 * The STA template: one FPGA with an N:M sparse PE array fed from DDR. A
 * step's tokens go through the array together (the summarization or an
 * encoder pass is matrix-matrix; each generation step is one row per sequence).
 */
import { type StaArch, staSchema } from '../../arch/schema/sta.js';
import { TRANSFORMER_KINDS, type OpKind } from '../../workloads/trace.js';
import { eventEnergy } from '../accumulate.js';
import { storedWeightBytes } from '../stored-weights.js';
import { type Template, defineTemplate } from '../template.js';
import { lowerStep } from './lower.js';
import { STA_UNITS, type StaParams, staParams } from './params.js';
import { staResources } from './resources.js';

const OPS: ReadonlySet<OpKind> = new Set(TRANSFORMER_KINDS);

const template: Template<StaArch, StaParams> = {
  name: 'sta',
  schema: staSchema,
  ops: OPS,
  params: (a, ref) => staParams(a, ref),
  units: () => STA_UNITS,
  tickRate: (p) => p.clock,
  edgeLatency: () => 0,
  capabilities: (_a, p) => ({
    nm: p.supported,
    nmFix: 'add the pattern with --set sparsity.supported=...',
    precisions: { weights: ['fp16', 'int8', 'int4'], activations: ['fp16', 'int8', 'int4'] },
    maxDevices: 1,
    batching: 'parallel',
  }),
  precision: (a) => a.precision,
  infeasibility(a) {
    if (!a.board.ddr) return `board ${a.board.name} has no DDR; the STA template streams weights from DDR`;
    return undefined;
  },
  memory(a, p, w) {
    const ddr = a.board.ddr;
    if (!ddr) return `board ${a.board.name} has no DDR`;
    return { capacity: ddr.capacity, where: `DDR on ${a.board.name}`, weights: storedWeightBytes(w, p.wBytes), kvBytesPerValue: p.aBytes };
  },
  lower: (p, ops) => lowerStep(p, ops),
  energy(a, p) {
    const e = a.energy;
    return eventEnergy(
      {
        mac: a.implementation[p.compute].mac_energy * e.fpga_logic_factor,
        vector: e.vector_op * e.fpga_logic_factor,
        sramPerByte: e.sram_per_bit * 8,
        linkPerByte: 0,
        offchipPerByte: { ddr: e.ddr_per_bit * 8 },
      },
      a.power.static,
      a.devices,
    );
  },
  resources: (a, model) => staResources(a, `arch ${a.name}`, model.maxPositions),
  peak: (a, p) => ({ flops_per_s: 2 * a.array.rows * a.array.cols * a.array.multipliers * p.clock, bytes_per_s: p.ddrBpc * p.clock }),
  price: (a) => a.board.price,
};

export const staTemplate = defineTemplate(template);
