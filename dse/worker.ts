/** Piscina worker: evaluates batches of designs of the space given as workerData. */
import { workerData } from 'piscina';
import type { DesignTask, EvalContext, Evaluated } from './evaluate.js';
import { evaluateBatch } from './pool.js';

const ctx = workerData as EvalContext;

export default function run(tasks: readonly DesignTask[]): Promise<Evaluated[]> {
  return evaluateBatch(ctx, tasks);
}
