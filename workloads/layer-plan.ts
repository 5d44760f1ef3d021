/**
 * Turning a sparsity spec into runs of identical layers: the patterns of
 * each layer's linear ops, with consecutive equal layers merged so that
 * simulators can still reuse one layer's result for the whole run.
 */
import { checkLayerTable, lookupLayerTable } from './layer-table.js';
import { type WeightPrecisionPlan, withWeightDtype } from './precision-plan.js';
import { type NmPattern, type SparsitySpec, checkPlanFits, patternAt, samePattern } from './sparsity.js';
import type { DType, LayerSegment, Op } from './trace.js';

/** The linear ops of a transformer layer that carry weights (attention products do not). */
export const WEIGHT_OPS = ['qkv', 'attn_proj', 'ffn_1', 'ffn_2'] as const;

export type LayerPatterns = Readonly<Partial<Record<string, NmPattern>>>;

/** How a model's weights are compressed: N:M patterns and per-layer weight precisions. */
export interface CompressionPlan {
  readonly sparsity?: SparsitySpec;
  readonly weightPrecision?: WeightPrecisionPlan;
}

export interface PatternRun {
  readonly patterns: LayerPatterns;
  readonly dtypes: Readonly<Partial<Record<string, DType>>>;
  readonly count: number;
}

export function patternRuns(plan: CompressionPlan, layers: number): PatternRun[] {
  checkPlanFits(plan.sparsity, layers, WEIGHT_OPS);
  if (plan.weightPrecision) checkLayerTable(plan.weightPrecision, layers, WEIGHT_OPS);
  const runs: { patterns: LayerPatterns; dtypes: Partial<Record<string, DType>>; count: number }[] = [];
  for (let i = 0; i < layers; i++) {
    const patterns: Partial<Record<string, NmPattern>> = {};
    const dtypes: Partial<Record<string, DType>> = {};
    for (const op of WEIGHT_OPS) {
      const p = patternAt(plan.sparsity, i, op);
      if (p) patterns[op] = p;
      const dt = plan.weightPrecision ? lookupLayerTable(plan.weightPrecision, i, op) : undefined;
      if (dt) dtypes[op] = dt;
    }
    const last = runs[runs.length - 1];
    if (last && WEIGHT_OPS.every((op) => samePattern(last.patterns[op], patterns[op]) && last.dtypes[op] === dtypes[op])) last.count++;
    else runs.push({ patterns, dtypes, count: 1 });
  }
  return runs;
}

/** Segments for StepOps: `segments` only when layers differ. */
export function buildSegments(runs: readonly PatternRun[], build: (p: LayerPatterns) => Op[]): { layer: Op[]; segments?: LayerSegment[] } {
  const segs = runs.map((r) => ({ layer: build(r.patterns).map((o) => (r.dtypes[o.name] && o.kind === 'linear' ? withWeightDtype(o, r.dtypes[o.name] as DType) : o)), count: r.count }));
  return segs.length === 1 ? { layer: segs[0].layer } : { layer: segs[0].layer, segments: segs };
}
