/**
 * Attention on a DFX core, the only part of a layer whose cost depends on
 * the context: lowered once per simulation, then re-costed in place for each
 * further context (`recostAttention`): the instructions stay, their cycle
 * counts and the attention ops' events change.
 */
import { SOFTMAX_OPS_PER_SCORE } from '../../workloads/transformer-ops.js';
import type { Op } from '../../workloads/trace.js';
import { noEvents } from '../engine/program.js';
import { type BlockBuilder, type MatvecCost, type MutableInstr, type MutableOp, matvec, matvecCost, matvecEvents, vectorChain } from './builder.js';
import { softmaxSteps } from './costs.js';
import type { DfxParams } from './params.js';

/** One attention of a lowered layer: its ops and instructions, and the shape that does not change with the context. */
export interface AttentionSite {
  readonly scores: MutableOp;
  readonly softmax: MutableOp;
  readonly context: MutableOp;
  readonly groups: number;
  readonly perGroup: number;
  readonly headDim: number;
  /** Per group: the scores product, the softmax chains (perGroup x steps) and the context product. */
  readonly scoresInstrs: MutableInstr[];
  readonly softmaxInstrs: MutableInstr[];
  readonly contextInstrs: MutableInstr[];
}

/** Extra pipeline latency of the scores: scale (SFU_M multiply) and reduce-max over the lanes. */
function scoresLatency(p: DfxParams): number {
  return p.vMul + Math.ceil(Math.log2(Math.max(2, p.lanes))) * p.compare;
}

/**
 * Per key/value head: Q.K^T for the query heads sharing it (each streamed K
 * tile multiplies every query of the group) with mask and reduce-max
 * (SFU_M), a softmax per query head (VPU), S.V likewise. Groups are
 * software-pipelined one deep: the MPU computes the scores of group g+1
 * while the VPU runs the softmaxes of group g. Multi-head attention is the
 * case of groups of one.
 */
export function attentionHeads(
  p: DfxParams,
  b: BlockBuilder,
  at: { scores: number; softmax: number; context: number },
  groups: number,
  perGroup: number,
  headDim: number,
  keys: number,
  q: number,
  kWrite: number,
  vWrite: number,
): { outs: number[]; site: AttentionSite } {
  if (at.scores < 0 || at.softmax < 0) throw new Error('DFX lowering: attention context without its scores and softmax');
  const { scores: scoresIdx, softmax: softIdx, context: ctxIdx } = at;
  const outs: number[] = [];
  const sfuM = scoresLatency(p);
  const site: AttentionSite = {
    scores: b.ops[scoresIdx],
    softmax: b.ops[softIdx],
    context: b.ops[ctxIdx],
    groups,
    perGroup,
    headDim,
    scoresInstrs: [],
    softmaxInstrs: [],
    contextInstrs: [],
  };
  const scores = (g: number) => {
    if (g >= groups) return -1;
    const i = matvec(p, b, scoresIdx, headDim, keys, [q], sfuM, 'hbm', [kWrite], undefined, perGroup);
    site.scoresInstrs.push(b.instrs[i]);
    return i;
  };
  let next = scores(0);
  const steps = softmaxSteps(p, keys);
  for (let g = 0; g < groups; g++) {
    const s = next;
    next = scores(g + 1);
    const sms: number[] = [];
    for (let j = 0; j < perGroup; j++) {
      const from = b.instrs.length;
      sms.push(vectorChain(b, softIdx, steps, SOFTMAX_OPS_PER_SCORE * keys, [s]));
      for (let i = from; i < b.instrs.length; i++) site.softmaxInstrs.push(b.instrs[i]);
    }
    const c = matvec(p, b, ctxIdx, keys, headDim, sms, 0, 'hbm', [vWrite], undefined, perGroup);
    site.contextInstrs.push(b.instrs[c]);
    outs.push(c);
  }
  return { outs, site };
}

function setMatvec(ins: MutableInstr, c: MatvecCost): void {
  ins.busy = c.busy;
  ins.latency = c.latency;
  const f = ins.feed;
  if (f) {
    f.busy = c.feedBusy;
    f.lead = c.lead;
    f.slack = c.slack;
  }
}

/** The events of an attention product's op: its `times` matrix-vector products (one per group) are all it counts. */
function setMatvecEvents(o: MutableOp, c: MatvecCost, times: number): void {
  Object.assign(o.events, noEvents());
  matvecEvents(o.events, c, 'hbm', times);
}

/**
 * Re-cost a lowered attention for new attention ops of the same heads (the
 * same layer at another context): the cycle counts and events attentionHeads
 * would give them. Appends to `signature` the numbers it set them from
 * (each count it sets is one of them times a factor fixed by the lowering).
 */
export function recostAttention(p: DfxParams, site: AttentionSite, devices: number, scores: Op, softmax: Op, context: Op, signature: number[]): void {
  const keys = (context.context ?? 0) + context.m;
  const { groups, perGroup, headDim } = site;
  const sc = matvecCost(p, headDim, keys, scoresLatency(p), 'hbm', undefined, perGroup);
  for (const ins of site.scoresInstrs) setMatvec(ins, sc);
  const cc = matvecCost(p, keys, headDim, 0, 'hbm', undefined, perGroup);
  for (const ins of site.contextInstrs) setMatvec(ins, cc);
  const steps = softmaxSteps(p, keys);
  const sm = site.softmaxInstrs;
  for (let i = 0; i < sm.length; i++) {
    const st = steps[i % steps.length];
    sm[i].busy = st.busy;
    sm[i].latency = st.latency;
  }
  setMatvecEvents(site.scores, sc, groups);
  setMatvecEvents(site.context, cc, groups);
  site.softmax.events.vector = SOFTMAX_OPS_PER_SCORE * keys * groups * perGroup;
  site.scores.flops = scores.flops / devices;
  site.softmax.flops = softmax.flops / devices;
  site.context.flops = context.flops / devices;
  for (const c of [sc, cc]) signature.push(c.busy, c.latency, c.feedBusy, c.lead, c.slack, c.mac, c.bytes);
  for (const st of steps) signature.push(st.busy, st.latency);
  signature.push(keys, scores.flops, softmax.flops, context.flops);
}
