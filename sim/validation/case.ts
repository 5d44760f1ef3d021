/** A validation row: a published figure and how tasim computes the same quantity. */
import type { PublishedFigure } from './figures.js';

export type CaseRole = 'calibration' | 'validation' | 'reference';

/** Batch classes of the GPU error table (docs/gpu.md). */
export type BatchClass = 'batch 1' | 'batch 2-4' | 'batch >= 8';

export interface ValidationCase {
  /** Id of the figure in published.json (or of the row `published` carries). */
  id: string;
  /** The figure itself, for rows kept outside published.json (the measured GPU rows). */
  published?: PublishedFigure;
  /** calibration: a fitted constant was set with it; validation: never used to fit; reference: shown, no tolerance. */
  role: CaseRole;
  /** Allowed |error| in percent (validation and calibration rows). */
  tolerance_pct?: number;
  /** A GPU latency figure: the stack it runs and its batch class, which place it in the GPU error table (gpu-error-table.ts). */
  gpu?: { readonly stack: string; readonly batchClass: BatchClass };
  /** What tasim ran, in words. */
  setup: string;
  /** The simulated value in the figure's unit. */
  simulate(extraSet?: readonly string[]): Promise<number>;
}
