/**
 * The lowerings of one design: a step is lowered and compiled once per
 * shape; a later step that differs only in attention's context (the next
 * token) is re-costed in place by the template instead of lowered again.
 * Workloads of one model share their op objects (workloads/step-shapes.ts),
 * so every request simulated on the design reuses its lowering.
 */
import type { HeadShape, Op, OpKind, StepOps, StepSpec, Workload } from '../workloads/trace.js';
import { opsOf } from '../workloads/trace.js';
import { BlockTotals } from './accumulate.js';
import { compile, type Program, refresh } from './engine/compiled.js';
import type { Block } from './engine/program.js';
import type { AnyTemplate, LoweredStep } from './template.js';

/** A block ready to run: compiled, with its ops' FLOPs and events by column. */
export interface ReadyBlock {
  readonly pg: Program;
  readonly totals: BlockTotals;
}

export interface ReadyStep {
  readonly pre?: ReadyBlock;
  readonly segments: readonly { readonly block: ReadyBlock; readonly count: number }[];
  readonly post?: ReadyBlock;
  /**
   * The signature of the context the lowering is costed for now, when the
   * template re-costs it in place for other contexts (its blocks then change
   * under it): every context-dependent count is a fixed multiple of one of
   * its numbers. Null when it does not.
   */
  signature: readonly number[] | null;
}

interface Entry {
  ops: StepOps;
  readonly lowered: LoweredStep;
  readonly ready: ReadyStep;
}

/** The op kinds whose cost depends on the context. */
const CONTEXT_KINDS: ReadonlySet<OpKind> = new Set(['attn_scores', 'softmax', 'attn_context']);
/** Shapes kept at once (a step's emitting and silent passes, a few batch shapes). */
const ENTRIES = 8;

const sameHeads = (a: HeadShape | undefined, b: HeadShape | undefined) => a === b || (!!a && !!b && a.q === b.q && a.kv === b.kv && a.dim === b.dim);

/** Whether op `b` is op `a`, or the same attention op at another context. */
function sameButContext(a: Op, b: Op): boolean {
  if (a === b) return true;
  return CONTEXT_KINDS.has(a.kind) && a.kind === b.kind && a.m === b.m && a.count === b.count && sameHeads(a.role.heads, b.role.heads);
}

function sameShape(a: StepOps, b: StepOps): boolean {
  if (a.pre !== b.pre || a.post !== b.post || a.layers !== b.layers) return false;
  const sa = a.segments ?? [{ layer: a.layer, count: a.layers }];
  const sb = b.segments ?? [{ layer: b.layer, count: b.layers }];
  if (sa.length !== sb.length) return false;
  for (let g = 0; g < sa.length; g++) {
    const x = sa[g].layer;
    const y = sb[g].layer;
    if (sa[g].count !== sb[g].count || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameButContext(x[i], y[i])) return false;
  }
  return true;
}

export class StepLowerings {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly template: AnyTemplate,
    private readonly params: unknown,
    private readonly units: number,
  ) {}

  private ready(block: Block): ReadyBlock {
    return { pg: compile(block, this.units), totals: new BlockTotals(block) };
  }

  /** The step of `w` lowered and compiled, re-costed from an earlier lowering when only the context differs. */
  get(w: Workload, spec: StepSpec): ReadyStep {
    const ops = opsOf(w, spec);
    for (const e of this.entries) if (e.ops === ops) return e.ready;
    const t = this.template;
    if (t.recost) {
      for (const e of this.entries) {
        if (!e.ready.signature || !sameShape(e.ops, ops)) continue;
        const signature = t.recost(this.params, e.lowered, ops);
        if (!signature) break;
        e.ops = ops;
        e.ready.signature = signature;
        for (const s of e.ready.segments) {
          refresh(s.block.pg);
          s.block.totals.refresh();
        }
        return e.ready;
      }
    }
    const lowered = t.lower(this.params, ops, w.model);
    // Re-costing a lowering for its own ops changes nothing and gives its signature.
    const signature = t.recost ? t.recost(this.params, lowered, ops) : false;
    const ready: ReadyStep = {
      pre: lowered.pre && this.ready(lowered.pre),
      segments: lowered.segments.map((s) => ({ block: this.ready(s.block), count: s.count })),
      post: lowered.post && this.ready(lowered.post),
      signature: signature || null,
    };
    if (this.entries.length === ENTRIES) this.entries.shift();
    this.entries.push({ ops, lowered, ready });
    return ready;
  }
}
