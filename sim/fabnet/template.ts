/**
 * The fabnet template: butterfly engines (BEs) on one FPGA, with input,
 * coefficient and output streams to off-chip memory. One pass per step over
 * all its tokens (rows are spread over the BEs).
 */
import { type FabnetArch, fabnetSchema } from '../../arch/schema/fabnet.js';
import { ALL_KINDS, DTYPE_BYTES, type OpKind, finalSteps, layerSegments } from '../../workloads/trace.js';
import { eventEnergy } from '../accumulate.js';
import { type Template, defineTemplate } from '../template.js';
import { lowerStep, opProblem } from './lower.js';
import { type FabnetParams, fabnetParams } from './params.js';
import { fabnetResources } from './resources.js';

const OPS: ReadonlySet<OpKind> = new Set(ALL_KINDS);

const sum = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0);

const template: Template<FabnetArch, FabnetParams> = {
  name: 'fabnet',
  schema: fabnetSchema,
  ops: OPS,
  params: (a) => fabnetParams(a),
  units: (p) => p.unitNames,
  tickRate: (p) => p.clock,
  edgeLatency: () => 0,
  capabilities: () => ({
    nm: [],
    nmFix: 'the butterfly engines multiply dense weights only; drop --sparsity (N:M sparsity runs on sta and dfx-nm)',
    // The BEs' multipliers and adders are FP16 (precision.data sets both weights and activations).
    precisions: { weights: ['fp16'], activations: ['fp16'] },
    maxDevices: 1,
    batching: 'parallel',
  }),
  precision: (a) => ({ weights: a.precision.data, activations: a.precision.data }),
  infeasibility(a, p, w) {
    const mem = a.memory.kind === 'hbm' ? a.board.hbm : a.board.ddr;
    if (!mem) return `board ${a.board.name} has no ${a.memory.kind.toUpperCase()} (set memory.kind to ${a.board.hbm ? 'hbm' : 'ddr'})`;
    for (const s of finalSteps(w)) {
      for (const o of [...s.pre, ...layerSegments(s).flatMap((g) => g.layer), ...s.post]) {
        const why = opProblem(p, o);
        if (why) return why;
      }
    }
    return undefined;
  },
  memory(a, _p, w) {
    const mem = a.memory.kind === 'hbm' ? a.board.hbm : a.board.ddr;
    if (!mem) return `board ${a.board.name} has no ${a.memory.kind.toUpperCase()}`;
    const steps = finalSteps(w);
    const s = steps[0];
    // Off-chip: every layer's parameters, the KV cache of a decoder and the two largest activations in flight.
    const weights = sum(layerSegments(s).map((g) => g.count * sum(g.layer.map((o) => o.weightBytes)))) + sum([...s.pre, ...s.post].map((o) => o.weightBytes));
    let acts = 0;
    for (const st of steps) for (const o of [...st.pre, ...st.layer, ...st.post]) acts = Math.max(acts, 2 * o.activationBytes);
    return {
      capacity: mem.capacity,
      where: `${a.memory.kind.toUpperCase()} on ${a.board.name}`,
      weights,
      kvBytesPerValue: DTYPE_BYTES[a.precision.data],
      extra: [{ name: 'activations', bytes: acts }],
    };
  },
  lower: (p, ops) => lowerStep(p, ops),
  energy(a) {
    const e = a.energy;
    return eventEnergy(
      {
        mac: e.fp16_mul * e.fpga_logic_factor,
        vector: e.fp16_add * e.fpga_logic_factor,
        sramPerByte: e.sram_per_bit * 8,
        linkPerByte: 0,
        offchipPerByte: { hbm: e.hbm_per_bit * 8, ddr: e.ddr_per_bit * 8 },
      },
      a.power.static,
      a.devices,
    );
  },
  resources: (a) => fabnetResources(a),
  peak: (a, p) => ({ flops_per_s: 2 * a.engines * a.butterfly_units * a.multipliers_per_unit * p.clock, bytes_per_s: (p.inBpc + p.coefBpc + p.outBpc) * p.clock }),
  price: (a) => a.board.price,
};

export const fabnetTemplate = defineTemplate(template);
