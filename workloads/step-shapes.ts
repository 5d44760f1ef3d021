/**
 * Step ops built once per shape. Steps of one shape (one group of sequences
 * with the same new tokens, count and emitting) differ only in their
 * context, which only attention reads: such a step gets the very same pre,
 * post and non-attention op objects as the first of its shape, and new
 * attention ops. Simulators rely on the sameness to re-cost a lowering
 * instead of lowering again (sim/lowering.ts).
 */
import type { Op, OpKind, StepOps, StepSpec } from './trace.js';

const ATTENTION: ReadonlySet<OpKind> = new Set(['attn_scores', 'softmax', 'attn_context']);
/** Shapes kept per workload (a serving run meets many batch shapes; a request a few). */
const SHAPES = 64;
/** Token and sequence counts below this pack into one numeric key. */
const KEY_LIMIT = 2 ** 20;

interface Shape {
  readonly ops: StepOps;
  /** Per segment, where its attention ops sit. */
  readonly at: readonly (readonly number[])[];
}

/**
 * `build` with its steps cached by shape: a step of a cached shape at the
 * same context gets the very same StepOps; at another context, its layers
 * with new attention ops from `attention(spec)` (in the order the layer
 * holds them), or without `attention` a new build.
 */
export function cachedByShape(build: (spec: StepSpec) => StepOps, attention?: (spec: StepSpec) => readonly Op[]): (spec: StepSpec) => StepOps {
  const shapes = new Map<number, Shape>();
  return (spec) => {
    if (spec.seqs.length !== 1) return build(spec);
    const g = spec.seqs[0];
    if (g.tokens >= KEY_LIMIT || g.count >= KEY_LIMIT) return build(spec);
    const key = (g.tokens * KEY_LIMIT + g.count) * 2 + (spec.emits ? 1 : 0);
    const hit = shapes.get(key);
    if (!hit) {
      const ops = build(spec);
      if (shapes.size === SHAPES) shapes.clear();
      const segs = ops.segments ?? [{ layer: ops.layer, count: ops.layers }];
      shapes.set(key, { ops, at: segs.map((s) => s.layer.flatMap((o, i) => (ATTENTION.has(o.kind) ? [i] : []))) });
      return ops;
    }
    const base = hit.ops;
    if (base.spec.seqs[0].context === g.context) return base;
    if (!attention) return build(spec);
    const fresh = attention(spec);
    const swap = (layer: readonly Op[], at: readonly number[]): Op[] => {
      if (at.length !== fresh.length) throw new Error(`step ops: ${fresh.length} attention ops for ${at.length} places`);
      const l = layer.slice();
      for (let i = 0; i < at.length; i++) l[at[i]] = fresh[i];
      return l;
    };
    const layer = swap(base.layer, hit.at[0]);
    const out: { spec: StepSpec; pre: readonly Op[]; layer: readonly Op[]; layers: number; segments?: StepOps['segments']; post: readonly Op[] } = {
      spec,
      pre: base.pre,
      layer,
      layers: base.layers,
      post: base.post,
    };
    if (base.segments) out.segments = base.segments.map((s, i) => ({ layer: i === 0 ? layer : swap(s.layer, hit.at[i]), count: s.count }));
    return out;
  };
}

const shared = new WeakMap<object, Map<string, (spec: StepSpec) => StepOps>>();

/**
 * The step ops of a model built once per variant (precision, ...) and shared
 * by all its workloads: every request of a sweep's design, and every
 * simulation of a design, meets the same op objects (simulators reuse their
 * lowering of them). `make` builds the cached function on first use.
 */
export function sharedByModel(model: object, variant: string, make: () => (spec: StepSpec) => StepOps): (spec: StepSpec) => StepOps {
  let byVariant = shared.get(model);
  if (!byVariant) {
    byVariant = new Map();
    shared.set(model, byVariant);
  }
  let ops = byVariant.get(variant);
  if (!ops) {
    ops = make();
    byVariant.set(variant, ops);
  }
  return ops;
}
