/**
 * The systolic template: one or more ASIC chips (TPU / LLMCompass style) in
 * a tensor-parallel ring. A step's tokens of every sequence go through the
 * arrays together (batching in parallel); weights stream from HBM; the
 * result's resources are die area per component.
 */
import { type SystolicArch, systolicSchema } from '../../arch/schema/systolic.js';
import { headShape } from '../../workloads/model.js';
import { TRANSFORMER_KINDS, type OpKind, type Workload, finalSteps, layerSegments } from '../../workloads/trace.js';
import { eventEnergy } from '../accumulate.js';
import { paddedHeadSplit } from '../head-split.js';
import { storedWeightBytes } from '../stored-weights.js';
import { type Template, defineTemplate } from '../template.js';
import { systolicArea } from './area.js';
import { lowerStep } from './lower.js';
import { SYSTOLIC_UNITS, type SystolicParams, systolicParams } from './params.js';
import { linearShare } from './shares.js';
import { rowBytes, rowsPerBlock, tileBytes } from './tiling.js';

const OPS: ReadonlySet<OpKind> = new Set(TRANSFORMER_KINDS);

/** The widest weight product that cannot keep one input row beside its weight tiles in core SRAM. */
function sramProblem(a: SystolicArch, p: SystolicParams, w: Workload): string | undefined {
  for (const s of finalSteps(w)) {
    for (const o of [...s.pre, ...layerSegments(s).flatMap((g) => g.layer), ...s.post]) {
      if (o.kind !== 'linear') continue;
      const share = linearShare(p, o);
      if (rowsPerBlock(p, share) > 0) continue;
      const need = tileBytes(p, share.wBytes) + rowBytes(p, share);
      return `core SRAM of ${(a.sram.core / 2 ** 20).toFixed(2)} MiB cannot hold the arrays' weight tiles and one input row of a ${share.k} x ${share.n} product (${(need / 2 ** 20).toFixed(2)} MiB); raise sram.core or use smaller arrays`;
    }
  }
  return undefined;
}

const template: Template<SystolicArch, SystolicParams> = {
  name: 'systolic',
  schema: systolicSchema,
  ops: OPS,
  params: (a) => systolicParams(a),
  units: () => SYSTOLIC_UNITS,
  tickRate: (p) => p.clock,
  edgeLatency: () => 0,
  capabilities: () => ({
    nm: [],
    nmFix: 'drop --sparsity: the systolic template models no N:M selection logic (its arrays run dense weights)',
    // int8 weights are stored and streamed narrow and widened to bf16 on their way into the arrays (weight-only quantisation).
    precisions: { weights: ['bf16', 'int8'], activations: ['bf16'] },
    maxDevices: Number.POSITIVE_INFINITY,
    batching: 'parallel',
  }),
  precision: (a) => a.precision,
  infeasibility(a, p, w) {
    const split = paddedHeadSplit(headShape(w.model), a.devices);
    if (typeof split === 'string') return `${split} (the systolic chips split attention by heads)`;
    return sramProblem(a, p, w);
  },
  memory: (a, p, w) => ({
    capacity: a.hbm.capacity,
    where: `HBM of ${a.name}`,
    weights: storedWeightBytes(w, p.wBytes),
    kvBytesPerValue: p.aBytes,
  }),
  lower: (p, ops) => lowerStep(p, ops),
  energy(a) {
    const e = a.energy;
    const node = e.technology_scale;
    return eventEnergy(
      {
        mac: e.mac * node,
        vector: e.vector_op * node,
        sramPerByte: e.core_sram_per_bit * 8 * node,
        linkPerByte: e.link_per_bit * 8,
        offchipPerByte: { hbm: e.hbm_per_bit * 8 },
      },
      a.power.static_w_per_mm2 * systolicArea(a).area_mm2,
      a.devices,
    );
  },
  resources: (a) => systolicArea(a),
  peak: (a, p) => ({ flops_per_s: 2 * p.array.height * p.array.width * p.array.arrays * p.clock * a.devices, bytes_per_s: a.hbm.bandwidth * a.devices }),
  price: () => null,
};

export const systolicTemplate = defineTemplate(template);
