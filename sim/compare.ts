/** An accelerator against a GPU baseline on the same request: the ratios researchers quote. */
import type { SimResult } from './result.js';

export interface Comparison {
  accelerator: SimResult;
  gpu: SimResult;
  /** GPU latency / accelerator latency (> 1: the accelerator is faster). */
  speedup: number;
  /** GPU energy / accelerator energy for the same tokens (> 1: the accelerator is more efficient). */
  energy_efficiency_ratio: number;
}

export function compareResults(accelerator: SimResult, gpu: SimResult): Comparison {
  const both = accelerator.feasible && gpu.feasible;
  return {
    accelerator,
    gpu,
    speedup: both ? gpu.latency_s / accelerator.latency_s : NaN,
    energy_efficiency_ratio: both ? gpu.energy_j / accelerator.energy_j : NaN,
  };
}
