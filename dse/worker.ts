/** Piscina worker: evaluates designs of the space given as workerData. */
import { workerData } from 'piscina';
import { evaluateDesign, type DesignTask, type EvalContext, type ResultRow } from './evaluate.js';

const ctx = workerData as EvalContext;

export default async function run(tasks: DesignTask[]): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  for (const t of tasks) out.push(await evaluateDesign(ctx, t));
  return out;
}
