/**
 * Turning a sparsity spec into runs of identical layers: the patterns of
 * each layer's linear ops, with consecutive equal layers merged so that
 * simulators can still reuse one layer's result for the whole run.
 */
import { checkLayerTable, lookupLayerTable } from './layer-table.js';
import { type WeightPrecisionPlan, withWeightDtype } from './precision-plan.js';
import { type NmPattern, type SparsitySpec, checkPlanFits, patternAt, samePattern } from './sparsity.js';
import type { DType, LayerSegment, Op } from './trace.js';

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

/**
 * Each layer's patterns and weight precisions, merged into runs of equal
 * layers. `weightOps`: the names of a layer's weight products (the model
 * family's, see op-names.ts); a plan naming any other op is refused.
 */
export function patternRuns(plan: CompressionPlan, layers: number, weightOps: readonly string[]): PatternRun[] {
  checkPlanFits(plan.sparsity, layers, weightOps);
  if (plan.weightPrecision) checkLayerTable(plan.weightPrecision, layers, weightOps);
  const runs: { patterns: LayerPatterns; dtypes: Partial<Record<string, DType>>; count: number }[] = [];
  for (let i = 0; i < layers; i++) {
    const patterns: Partial<Record<string, NmPattern>> = {};
    const dtypes: Partial<Record<string, DType>> = {};
    for (const op of weightOps) {
      const p = patternAt(plan.sparsity, i, op);
      if (p) patterns[op] = p;
      const dt = plan.weightPrecision ? lookupLayerTable(plan.weightPrecision, i, op) : undefined;
      if (dt) dtypes[op] = dt;
    }
    const last = runs[runs.length - 1];
    if (last && weightOps.every((op) => samePattern(last.patterns[op], patterns[op]) && last.dtypes[op] === dtypes[op])) last.count++;
    else runs.push({ patterns, dtypes, count: 1 });
  }
  return runs;
}

/** Segments for StepOps: `segments` only when layers differ. */
export function buildSegments(runs: readonly PatternRun[], build: (p: LayerPatterns) => Op[]): { layer: Op[]; segments?: LayerSegment[] } {
  const segs = runs.map((r) => ({ layer: build(r.patterns).map((o) => (r.dtypes[o.name] && o.kind === 'linear' ? withWeightDtype(o, r.dtypes[o.name] as DType) : o)), count: r.count }));
  return segs.length === 1 ? { layer: segs[0].layer } : { layer: segs[0].layer, segments: segs };
}
