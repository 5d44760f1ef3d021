/**
 * The DFX template: a ring of identical cores, each streaming weights from
 * HBM through a matrix-vector unit. The appliance runs the token loop itself,
 * one token of one sequence at a time (the summarization's input tokens too,
 * and the sequences of a batch one after another), so a step is a series of
 * single-token passes; passes whose tile counts agree cost the same.
 */
import { type DfxArch, dfxSchema } from '../../arch/schema/dfx.js';
import { headShape } from '../../workloads/model.js';
import { paddedHeadSplit } from '../head-split.js';
import { TRANSFORMER_KINDS, type OpKind, type StepSpec } from '../../workloads/trace.js';
import { eventEnergy } from '../accumulate.js';
import { storedWeightBytes } from '../stored-weights.js';
import { type Template, defineTemplate } from '../template.js';
import { lowerStep, recostStep } from './lower.js';
import { DFX_UNITS, type DfxParams, dfxParams } from './params.js';
import { dfxResources } from './resources.js';

const OPS: ReadonlySet<OpKind> = new Set(TRANSFORMER_KINDS);

/** Pass costs depend on the context only through these tile counts (see lower.ts and costs.ts). */
function passKey(p: DfxParams, step: StepSpec): number {
  const keys = step.seqs[0].context + 1;
  const tiles = (Math.ceil(keys / p.lanes) * 65536 + Math.ceil(keys / p.d)) * 65536 + Math.ceil(keys / p.v);
  return tiles * 4 + (step.stage === 'generation' ? 2 : 0) + (step.emits ? 1 : 0);
}

/**
 * One pass per token per sequence; the LM head runs on the last token of a
 * step unless the design runs it on every token. With `reuse`, consecutive
 * passes of one key come as one, their times summed.
 */
function passes(p: DfxParams, step: StepSpec, reuse: boolean): { step: StepSpec; times: number }[] {
  const g0 = step.seqs[0];
  // A decode step of one sequence is its own single pass.
  if (step.seqs.length === 1 && g0.tokens === 1 && g0.count === 1) return [{ step, times: 1 }];
  const out: { step: StepSpec; times: number }[] = [];
  let lastKey = -1;
  for (const g of step.seqs) {
    for (let t = 0; t < g.tokens; t++) {
      const emits = step.emits && (p.lmHeadEveryToken || t === g.tokens - 1);
      const pass: StepSpec = { stage: step.stage, seqs: [{ tokens: 1, context: g.context + t, count: 1 }], emits };
      if (reuse) {
        const key = passKey(p, pass);
        if (key === lastKey) {
          out[out.length - 1].times += g.count;
          continue;
        }
        lastKey = key;
      }
      out.push({ step: pass, times: g.count });
    }
  }
  return out;
}

const template: Template<DfxArch, DfxParams> = {
  name: 'dfx',
  schema: dfxSchema,
  ops: OPS,
  params: (a) => dfxParams(a),
  units: () => DFX_UNITS,
  tickRate: (p) => p.clock,
  edgeLatency: (p) => p.depLatency,
  capabilities: (_a, p) => ({
    nm: p.nmSupported,
    nmFix: 'use --arch dfx-nm, or add the pattern with --set sparsity.supported=...',
    // Integer weights are converted to FP16 before the multipliers (W8A16); the datapath computes in FP16.
    precisions: { weights: ['fp16', 'bf16', 'int8', 'int4'], activations: ['fp16'] },
    maxDevices: Number.POSITIVE_INFINITY,
    batching: 'sequential',
  }),
  precision: (a) => a.precision,
  infeasibility(a, _p, w) {
    const split = paddedHeadSplit(headShape(w.model), a.devices);
    if (typeof split === 'string') return `${split} (the DFX ring splits attention by heads)`;
    if (!a.board.hbm) return `board ${a.board.name} has no HBM; the DFX template streams weights from HBM (use u280, u50, u55c or vcu128)`;
    if (a.dma.hbm_channels > a.board.hbm.channels) return `dma.hbm_channels = ${a.dma.hbm_channels} exceeds the ${a.board.hbm.channels} HBM channels of ${a.board.name}`;
    if (a.devices > 1 && a.board.network.ports < (a.devices > 2 ? 2 : 1))
      return `a ring of ${a.devices} devices needs ${a.devices > 2 ? 2 : 1} network ports per board; ${a.board.name} has ${a.board.network.ports}`;
    return undefined;
  },
  memory(a, p, w) {
    const hbm = a.board.hbm;
    if (!hbm) return `board ${a.board.name} has no HBM`;
    return { capacity: hbm.capacity, where: `HBM on ${a.board.name}`, weights: storedWeightBytes(w, p.wBytes), kvBytesPerValue: p.aBytes };
  },
  passes,
  passKey,
  lower: (p, ops) => lowerStep(p, ops),
  recost: (p, lowered, ops) => recostStep(p, lowered, ops),
  energy(a) {
    const e = a.energy;
    return eventEnergy(
      {
        mac: e.fp16_mac * e.fpga_logic_factor,
        vector: e.fp16_vector_op * e.fpga_logic_factor,
        sramPerByte: e.sram_per_bit * 8,
        linkPerByte: e.link_per_bit * 8,
        offchipPerByte: { hbm: e.hbm_per_bit * 8, ddr: e.ddr_per_bit * 8 },
      },
      a.power.static,
      a.devices,
    );
  },
  resources: (a, model) => dfxResources(a, model.maxPositions),
  peak: (a, p) => ({ flops_per_s: 2 * a.mpu.d * a.mpu.lanes * p.clock * a.devices, bytes_per_s: p.hbmBpc * p.clock * a.devices }),
  price: (a) => a.board.price,
};

export const dfxTemplate = defineTemplate(template);
