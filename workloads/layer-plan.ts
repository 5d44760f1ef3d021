/**
 * Turning a sparsity spec into runs of identical layers: the patterns of
 * each layer's linear ops, with consecutive equal layers merged so that
 * simulators can still reuse one layer's result for the whole run.
 */
import { type NmPattern, type SparsitySpec, checkPlanFits, patternAt, samePattern } from './sparsity.js';
import type { LayerSegment, Op } from './trace.js';

/** The linear ops of a transformer layer that carry weights (attention products do not). */
export const WEIGHT_OPS = ['qkv', 'attn_proj', 'ffn_1', 'ffn_2'] as const;

export type LayerPatterns = Readonly<Partial<Record<string, NmPattern>>>;

export interface PatternRun {
  readonly patterns: LayerPatterns;
  readonly count: number;
}

export function patternRuns(spec: SparsitySpec | undefined, layers: number): PatternRun[] {
  checkPlanFits(spec, layers, WEIGHT_OPS);
  const runs: { patterns: LayerPatterns; count: number }[] = [];
  for (let i = 0; i < layers; i++) {
    const patterns: Partial<Record<string, NmPattern>> = {};
    for (const op of WEIGHT_OPS) {
      const p = patternAt(spec, i, op);
      if (p) patterns[op] = p;
    }
    const last = runs[runs.length - 1];
    if (last && WEIGHT_OPS.every((op) => samePattern(last.patterns[op], patterns[op]))) last.count++;
    else runs.push({ patterns, count: 1 });
  }
  return runs;
}

/** Segments for StepOps: `segments` only when layers differ. */
export function buildSegments(runs: readonly PatternRun[], build: (p: LayerPatterns) => Op[]): { layer: Op[]; segments?: LayerSegment[] } {
  const segs = runs.map((r) => ({ layer: build(r.patterns), count: r.count }));
  return segs.length === 1 ? { layer: segs[0].layer } : { layer: segs[0].layer, segments: segs };
}
