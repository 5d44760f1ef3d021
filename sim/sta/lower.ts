/**
 * Lowering of one step (a forward pass over `tokens` tokens per sequence)
 * onto the STA-style engine: weight products on the array in sparse or dense
 * mode fed by a DDR stream of kept weights and indices, attention products
 * on the array in dense mode, the softmax on its own unit (scores stay on
 * chip unless softmax.on_chip is false), norms and activations on the vector
 * unit. Heads are software-pipelined one deep: the array computes the scores
 * of head h+1 while the softmax unit works on head h.
 */
import { metadataBytes, nonzerosPerColumn } from '../../workloads/sparsity.js';
import { DTYPE_BYTES, type Op, type StepOps, layerSegments } from '../../workloads/trace.js';
import type { LoweredStep } from '../template.js';
import { SOFTMAX_OPS_PER_SCORE } from '../../workloads/transformer-ops.js';
import { BlockBuilder } from '../engine/block-builder.js';
import type { Block, Feed } from '../engine/program.js';
import { context, matmul, scores, vectorCycles } from './costs.js';
import { type StaParams, U } from './params.js';

/** A DDR stream of `bytes` feeding an instruction of `busy` cycles, buffered by `buffer` bytes. */
function ddrFeed(s: StaParams, bytes: number, busy: number, buffer: number, deps: number[] = []): Feed {
  const feedBusy = Math.ceil(bytes / s.ddrBpc);
  const slack = bytes <= buffer ? Math.max(busy, feedBusy) : Math.floor((busy * buffer) / bytes);
  return { unit: U.ddr, busy: feedBusy, lead: s.ddrLat, slack, deps };
}

/** DDR bytes of a weight product: kept weights and indices once per activation row block, activations in and out. */
function linearBytes(s: StaParams, o: Op): { weights: number; metadata: number; activations: number; passes: number } {
  const rows = o.m;
  const rowsPerBlock = Math.max(s.rows, Math.floor(s.activationBytes / (o.k * s.aBytes) / s.rows) * s.rows);
  const passes = Math.ceil(rows / rowsPerBlock);
  const wBytes = o.weightDtype ? DTYPE_BYTES[o.weightDtype] : s.wBytes;
  const values = nonzerosPerColumn(o.k, o.sparsity) * o.n * wBytes + (o.bias ? o.n * s.aBytes : 0);
  const meta = metadataBytes(o.k, o.n, o.sparsity, s.encoding);
  return { weights: passes * values, metadata: passes * meta, activations: (rows * o.k + rows * o.n) * s.aBytes, passes };
}

function linear(s: StaParams, b: BlockBuilder, idx: number, o: Op, deps: number[]): number {
  const w = matmul(s, o.m, o.k, o.n, o.sparsity);
  const bytes = linearBytes(s, o);
  const total = bytes.weights + bytes.metadata + bytes.activations;
  const e = b.events(idx);
  e.mac += w.macs;
  e.offchip.ddr = (e.offchip.ddr ?? 0) + total;
  e.sram += 2 * (bytes.weights + bytes.metadata) + 2 * bytes.activations;
  return b.emit({
    op: idx,
    unit: U.array,
    busy: w.busy,
    latency: s.pipeLatency + (w.sparse ? s.decodeCycles : 0),
    deps,
    feed: ddrFeed(s, total, w.busy, s.weightBufferBytes + s.activationBytes),
  });
}

function vector(s: StaParams, b: BlockBuilder, idx: number, elements: number, passes: number, deps: number[]): number {
  b.events(idx).vector += elements * passes;
  return b.emit({ op: idx, unit: U.vector, busy: vectorCycles(s, elements, passes), latency: s.vectorLatency, deps });
}

/**
 * Sweeps of the vector unit over an op's data: LayerNorm as the design says
 * (mean, variance, normalise), RMSNorm one fewer (no mean), element-wise ops
 * (activations, rotary, residual adds) once.
 */
function passes(s: StaParams, kind: string): number {
  if (kind === 'layernorm') return s.layerNormPasses;
  if (kind === 'rmsnorm') return Math.max(1, s.layerNormPasses - 1);
  return 1;
}

/** One layer of a step: the attention ops carry their own tokens, context and heads (one set per group of sequences). */
function lowerLayer(s: StaParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let last = [-1];
  let residual = -1;
  let scoresIdx = -1;
  let softIdx = -1;
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops);
    switch (o.kind) {
      case 'linear':
        last = [linear(s, b, idx, o, last)];
        break;
      case 'layernorm':
      case 'rmsnorm':
      case 'gelu':
      case 'relu':
      case 'silu_mul':
      case 'rotary':
        last = [vector(s, b, idx, o.m * o.k, passes(s, o.kind), last)];
        break;
      case 'residual': {
        const out = vector(s, b, idx, o.m * o.k, passes(s, o.kind), residual >= 0 ? [...last, residual] : last);
        residual = out;
        last = [out];
        break;
      }
      case 'attn_scores':
        scoresIdx = idx;
        break;
      case 'softmax':
        softIdx = idx;
        break;
      case 'attn_context': {
        const h = o.role.heads;
        if (!h || scoresIdx < 0 || softIdx < 0) throw new Error('STA lowering: attention context without its heads, scores and softmax');
        last = attention(s, b, { scores: scoresIdx, softmax: softIdx, context: idx }, o.m, o.context ?? 0, o.count, h.q / h.kv, h.dim, o.causal ?? false, last);
        break;
      }
      default:
        throw new Error(`STA lowering: no rule for ${o.kind} (the template's capabilities should have refused it)`);
    }
  }
  return b.build(last[0]);
}

/**
 * `count` heads (query heads x sequences) of `tokens` queries over `ctx`
 * cached keys plus themselves. Query heads come in groups of `group` that
 * share a key/value head (grouped-query attention): the group's first head
 * streams K and V from DDR, the others reuse them from the activation buffer
 * when both fit there.
 */
function attention(
  s: StaParams,
  b: BlockBuilder,
  at: { scores: number; softmax: number; context: number },
  tokens: number,
  ctx: number,
  count: number,
  group: number,
  headDim: number,
  causal: boolean,
  deps: number[],
): number[] {
  const { scores: scoresIdx, softmax: softIdx, context: ctxIdx } = at;
  const keys = ctx + tokens;
  const kvBytes = keys * headDim * s.aBytes;
  const held = 2 * kvBytes <= s.activationBytes;
  const streamed = (h: number) => (h % group === 0 || !held ? kvBytes : 0);
  const sc = scores(s, tokens, ctx, headDim, causal);
  const cx = context(s, tokens, ctx, headDim, causal);
  const scoreBytes = sc.scoreElements * s.aBytes;
  const emitScores = (h: number) => {
    if (h >= count) return -1;
    const e = b.events(scoresIdx);
    e.mac += sc.macs;
    e.offchip.ddr = (e.offchip.ddr ?? 0) + streamed(h) + tokens * headDim * s.aBytes;
    e.sram += 2 * kvBytes + scoreBytes;
    return b.emit({
      op: scoresIdx,
      unit: U.array,
      busy: sc.busy,
      latency: s.pipeLatency,
      deps,
      feed: ddrFeed(s, streamed(h) + tokens * headDim * s.aBytes, sc.busy, s.activationBytes),
    });
  };
  const outs: number[] = [];
  let next = emitScores(0);
  for (let h = 0; h < count; h++) {
    const sIns = next;
    next = emitScores(h + 1);
    const se = b.events(softIdx);
    se.vector += SOFTMAX_OPS_PER_SCORE * sc.scoreElements;
    const smBusy = Math.ceil(sc.scoreElements / s.softmaxLanes);
    let sm: number;
    if (s.softmaxOnChip) {
      se.sram += 2 * scoreBytes;
      sm = b.emit({ op: softIdx, unit: U.softmax, busy: smBusy, latency: s.softmaxLatency, deps: [sIns] });
    } else {
      // Scores go to DDR and come back for normalisation, and the probabilities go out and in again for S.V.
      se.offchip.ddr = (se.offchip.ddr ?? 0) + 4 * scoreBytes;
      sm = b.emit({ op: softIdx, unit: U.softmax, busy: smBusy, latency: s.softmaxLatency, deps: [sIns], feed: ddrFeed(s, 4 * scoreBytes, smBusy, 0, [sIns]) });
    }
    const ce = b.events(ctxIdx);
    ce.mac += cx.macs;
    ce.offchip.ddr = (ce.offchip.ddr ?? 0) + streamed(h) + tokens * headDim * s.aBytes;
    ce.sram += 2 * kvBytes + scoreBytes;
    outs.push(
      b.emit({
        op: ctxIdx,
        unit: U.array,
        busy: cx.busy,
        latency: s.pipeLatency,
        deps: [sm],
        feed: ddrFeed(s, streamed(h) + tokens * headDim * s.aBytes, cx.busy, s.activationBytes),
      }),
    );
  }
  // The projection needs every head: the last one finishes last (in-order array).
  return [outs[outs.length - 1]];
}

/** Embedding lookup: its table rows from DDR (added on the vector unit when several), and OPT's projection and position add. */
function lowerPre(s: StaParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let out = -1;
  let prev = -1;
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops);
    if (o.kind === 'embedding') {
      const lookups = o.lookups;
      const bytes = lookups * o.m * o.k * s.aBytes;
      b.events(idx).offchip.ddr = bytes;
      const rd = b.emit({ op: idx, unit: U.ddr, busy: Math.ceil(bytes / s.ddrBpc), latency: s.ddrLat, deps: [-1] });
      prev = out;
      out = lookups > 1 ? vector(s, b, idx, o.m * o.k, 1, [rd]) : rd;
    } else if (o.kind === 'linear') out = linear(s, b, idx, o, [out]);
    else if (o.kind === 'residual') out = vector(s, b, idx, o.m * o.k, passes(s, 'residual'), [out, prev]);
    else throw new Error(`STA lowering: no rule for ${o.kind} before the layers`);
  }
  return b.build(out);
}

/** Final norm, OPT's projection back and the (dense) LM head of the rows that emit a token. */
function lowerPost(s: StaParams, ops: readonly Op[]): Block {
  const b = new BlockBuilder();
  let last = [-1];
  for (const o of ops) {
    const idx = b.op(o.name, o.category, o.flops);
    if (o.kind === 'layernorm' || o.kind === 'rmsnorm') last = [vector(s, b, idx, o.m * o.k, passes(s, o.kind), last)];
    else if (o.kind === 'linear') last = [linear(s, b, idx, o, last)];
    else throw new Error(`STA lowering: no rule for ${o.kind} after the layers`);
  }
  return b.build(last[0]);
}

export function lowerStep(s: StaParams, st: StepOps): LoweredStep {
  return {
    pre: st.pre.length ? lowerPre(s, st.pre) : undefined,
    segments: layerSegments(st).map((g) => ({ block: lowerLayer(s, g.layer), count: g.count })),
    post: st.post.length ? lowerPost(s, st.post) : undefined,
  };
}
