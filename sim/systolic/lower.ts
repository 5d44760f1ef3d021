/**
 * Lowering of one step onto one chip of a tensor-parallel group (every chip
 * runs the same program on its share, as the operators' roles say):
 * - weight products on the arrays, fed by an HBM stream of the weights (and
 *   of activations that do not fit the global buffer); a row-split product
 *   is followed by a ring all-reduce of its partial sums, the LM head by an
 *   all-gather of the logits;
 * - attention in waves of heads, as many as the chip has arrays: Q.K^T and
 *   S.V on the arrays with the cached keys and values streamed from HBM,
 *   softmax on the vector unit, scores kept in core SRAM; the arrays compute
 *   the next wave's scores while the vector unit normalises this one;
 * - norms, activations and residual adds on the vector unit, one element
 *   operation per lane per cycle (the trace's FLOP count).
 */
import { type Op, type StepOps, layerSegments } from '../../workloads/trace.js';
import type { LoweredStep } from '../template.js';
import { BlockBuilder } from '../engine/block-builder.js';
import type { Block, Events, Feed } from '../engine/program.js';
import { allGather, allReduce, blockKeys, gemm, vectorCycles } from './costs.js';
import { type SystolicParams, U } from './params.js';
import { attentionShare, elementShare, inDesignBytes, linearShare } from './shares.js';
import { tiling } from './tiling.js';

/** Core SRAM and global-buffer bytes into the one on-chip counter (see SystolicParams.globalToCore). */
function onChip(p: SystolicParams, e: Events, core: number, global: number): void {
  e.sram += core + global * p.globalToCore;
}

function hbm(e: Events, bytes: number): void {
  e.offchip.hbm = (e.offchip.hbm ?? 0) + bytes;
}

/**
 * An HBM stream of `bytes` feeding an instruction of `busy` cycles. It may
 * run ahead of its consumer by as many consumer cycles as the global buffer
 * (where it prefetches) holds of it, so streams of later operators prefetch
 * while earlier ones compute.
 */
function hbmFeed(p: SystolicParams, bytes: number, busy: number): Feed {
  const slack = bytes > 0 ? Math.floor((busy * p.globalSram) / bytes) : busy;
  return { unit: U.hbm, busy: Math.ceil(bytes / p.hbmBpc), lead: p.hbmLat, slack, deps: [] };
}

function collective(p: SystolicParams, b: BlockBuilder, name: string, kind: 'all_reduce' | 'all_gather', bytes: number, deps: number[]): number[] {
  if (p.devices <= 1 || bytes <= 0) return deps;
  const c = kind === 'all_reduce' ? allReduce(p, bytes) : allGather(p, bytes);
  const idx = b.op(name, 'sync', 0);
  const e = b.events(idx);
  e.link += c.sent;
  // Sent bytes leave core SRAM and received ones land there.
  onChip(p, e, 2 * c.sent, 0);
  return [b.emit({ op: idx, unit: U.ici, busy: c.cycles, latency: 0, deps })];
}

function linear(p: SystolicParams, b: BlockBuilder, idx: number, o: Op, deps: number[]): number[] {
  const s = linearShare(p, o);
  const w = gemm(p.array, s.m, s.k, s.n, 1, p.aBytes);
  const t = tiling(p, s);
  const inBytes = s.m * s.k * p.aBytes;
  const outBytes = s.m * s.n * p.aBytes;
  const weightsFromHbm = s.weightBytes * (t.rereadFromGlobal ? 1 : t.passes);
  const bytes = weightsFromHbm + (t.activationsOnChip ? 0 : inBytes + outBytes);
  const e = b.events(idx);
  e.mac += w.macs;
  hbm(e, bytes);
  // Core SRAM: weights and input rows land, the arrays read their tiles and streams, results are written.
  const core = s.weightBytes * t.passes + inBytes * p.cores + w.stationaryBytes + w.streamedBytes + outBytes;
  // Global buffer: every core reads the input rows, the results come back; re-read weights are written once and read again.
  const global = (t.activationsOnChip ? inBytes * p.cores + outBytes : 0) + (t.rereadFromGlobal ? s.weightBytes * t.passes : 0);
  onChip(p, e, core, global);
  const out = b.emit({ op: idx, unit: U.mxu, busy: w.cycles, latency: 0, deps, feed: hbmFeed(p, bytes, w.cycles) });
  let last = collective(p, b, `allreduce_${o.name}`, 'all_reduce', s.allReduceBytes, [out]);
  // Logits split by vocabulary are gathered to sample the token.
  if (o.role.weight === 'lm_head') last = collective(p, b, `allgather_${o.name}`, 'all_gather', outBytes, last);
  return last;
}

/** An element-wise op on the vector unit; its activations live in the global buffer, or in HBM when they do not fit. */
function elementwise(p: SystolicParams, b: BlockBuilder, idx: number, o: Op, deps: number[]): number {
  const share = elementShare(p, o);
  const ops = o.flops * share;
  const act = inDesignBytes(p, o, o.activationBytes) * share;
  const e = b.events(idx);
  e.vector += ops;
  const busy = vectorCycles(p, ops);
  if (act > p.globalSram) {
    hbm(e, act);
    onChip(p, e, 2 * act, 0);
    return b.emit({ op: idx, unit: U.vector, busy, latency: p.vectorLatency, deps, feed: hbmFeed(p, act, busy) });
  }
  onChip(p, e, 2 * act, act);
  return b.emit({ op: idx, unit: U.vector, busy, latency: p.vectorLatency, deps });
}

interface AttentionOps {
  readonly scores: Op;
  readonly softmax: Op;
  readonly context: Op;
  readonly idx: { readonly scores: number; readonly softmax: number; readonly context: number };
}

/**
 * Attention of one group of sequences: its heads in waves of as many heads
 * as the chip has arrays; the waves of a product follow each other through
 * the arrays without draining them. Causal key tiles wholly above the
 * diagonal are skipped.
 */
function attention(p: SystolicParams, b: BlockBuilder, at: AttentionOps, deps: number[]): number[] {
  const sh = attentionShare(p, at.context);
  const h = at.context.role.heads;
  if (!h || sh.count <= 0) return deps;
  const tokens = at.context.m;
  const keys = blockKeys(p.array, tokens, at.context.context ?? 0, at.context.causal ?? false);
  const scoresHbm = inDesignBytes(p, at.scores, at.scores.kvReadBytes + at.scores.kvWriteBytes) * sh.kvShare;
  const contextHbm = inDesignBytes(p, at.context, at.context.kvReadBytes + at.context.kvWriteBytes) * sh.kvShare;
  const softmaxOps = at.softmax.flops * sh.flopShare;
  const scoreBytes = tokens * keys * p.aBytes;
  const outs: number[] = [];
  const wave = p.array.arrays;
  const waves = Math.ceil(sh.count / wave);
  const emitScores = (i: number) => {
    if (i >= waves) return -1;
    const heads = Math.min(wave, sh.count - i * wave);
    const g = gemm(p.array, tokens, h.dim, keys, heads, p.aBytes, i > 0);
    const bytes = (scoresHbm * heads) / sh.count;
    const e = b.events(at.idx.scores);
    e.mac += g.macs;
    hbm(e, bytes);
    onChip(p, e, bytes + g.stationaryBytes + g.streamedBytes + heads * scoreBytes, 0);
    return b.emit({ op: at.idx.scores, unit: U.mxu, busy: g.cycles, latency: 0, deps, feed: hbmFeed(p, bytes, g.cycles) });
  };
  let next = emitScores(0);
  for (let i = 0; i < waves; i++) {
    const heads = Math.min(wave, sh.count - i * wave);
    const sc = next;
    next = emitScores(i + 1);
    const ops = (softmaxOps * heads) / sh.count;
    const se = b.events(at.idx.softmax);
    se.vector += ops;
    onChip(p, se, 2 * heads * scoreBytes, 0);
    const sm = b.emit({ op: at.idx.softmax, unit: U.vector, busy: vectorCycles(p, ops), latency: p.vectorLatency, deps: [sc] });
    const g = gemm(p.array, tokens, keys, h.dim, heads, p.aBytes, i > 0);
    const bytes = (contextHbm * heads) / sh.count;
    const ce = b.events(at.idx.context);
    ce.mac += g.macs;
    hbm(ce, bytes);
    onChip(p, ce, bytes + g.stationaryBytes + g.streamedBytes + heads * tokens * h.dim * p.aBytes, 0);
    outs.push(b.emit({ op: at.idx.context, unit: U.mxu, busy: g.cycles, latency: 0, deps: [sm], feed: hbmFeed(p, bytes, g.cycles) }));
  }
  // The arrays run the waves in order: the last one finishes last.
  return outs.length ? [outs[outs.length - 1]] : deps;
}

const ATTENTION = new Set(['attn_scores', 'softmax', 'attn_context']);

/** Flops one chip does of an op (what the op rows and the roofline show). */
function chipFlops(p: SystolicParams, o: Op): number {
  switch (o.kind) {
    case 'linear': {
      const s = linearShare(p, o);
      return (o.flops * s.k * s.n) / (o.k * o.n);
    }
    case 'attn_scores':
    case 'softmax':
    case 'attn_context':
      return o.flops * attentionShare(p, o).flopShare;
    default:
      return o.flops * elementShare(p, o);
  }
}

/** A run of ops: one decoder layer, or the ops before or after the layers. */
function lowerOps(p: SystolicParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let last = [-1];
  let residual = -1;
  let scores: { op: Op; idx: number } | undefined;
  let softmax: { op: Op; idx: number } | undefined;
  // Groups of sequences attend independently: each starts from the projection before them.
  let attentionIn: number[] | undefined;
  let attentionOut: number[] = [];
  for (const o of ops) {
    const idx = b.op(o.name, o.category, chipFlops(p, o));
    if (!ATTENTION.has(o.kind) && attentionIn) {
      last = attentionOut;
      attentionIn = undefined;
      attentionOut = [];
    }
    switch (o.kind) {
      case 'linear':
        last = linear(p, b, idx, o, last);
        break;
      case 'layernorm':
      case 'rmsnorm':
      case 'gelu':
      case 'relu':
      case 'silu_mul':
      case 'rotary':
        last = [elementwise(p, b, idx, o, last)];
        break;
      case 'residual': {
        const out = elementwise(p, b, idx, o, residual >= 0 ? [...last, residual] : last);
        residual = out;
        last = [out];
        break;
      }
      case 'embedding': {
        // The token row (and a learned position row, where the model has one) gathered from HBM, added on the vector unit.
        const bytes = inDesignBytes(p, o, o.weightBytes);
        const e = b.events(idx);
        e.vector += o.flops;
        hbm(e, bytes);
        // `lookups` rows land per token; their sum goes to the global buffer.
        onChip(p, e, bytes, bytes / o.lookups);
        const busy = vectorCycles(p, o.flops);
        last = [b.emit({ op: idx, unit: U.vector, busy, latency: p.vectorLatency, deps: last, feed: hbmFeed(p, bytes, busy) })];
        break;
      }
      case 'attn_scores':
        scores = { op: o, idx };
        attentionIn ??= last;
        break;
      case 'softmax':
        softmax = { op: o, idx };
        break;
      case 'attn_context': {
        if (!scores || !softmax) throw new Error('systolic lowering: attention context without its scores and softmax');
        attentionOut.push(
          ...attention(p, b, { scores: scores.op, softmax: softmax.op, context: o, idx: { scores: scores.idx, softmax: softmax.idx, context: idx } }, attentionIn ?? last),
        );
        scores = softmax = undefined;
        break;
      }
      default:
        throw new Error(`systolic lowering: no rule for ${o.kind} (the template's capabilities should have refused it)`);
    }
  }
  if (attentionIn) last = attentionOut;
  return b.build(last[last.length - 1]);
}

export function lowerStep(p: SystolicParams, s: StepOps): LoweredStep {
  return {
    pre: s.pre.length ? lowerOps(p, s.pre) : undefined,
    segments: layerSegments(s).map((g) => ({ block: lowerOps(p, g.layer), count: g.count })),
    post: s.post.length ? lowerOps(p, s.post) : undefined,
  };
}
