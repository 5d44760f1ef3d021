/**
 * Where designs are evaluated: a piscina pool of worker threads (one per
 * core asked for), or the calling thread when workers = 0. Designs travel in
 * batches (one message each way per batch); each comes back as its
 * results.jsonl line and what the sweep keeps of it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { projectRoot } from '../arch/project-root.js';
import { evaluateToLine, type DesignTask, type EvalContext, type Evaluated } from './evaluate.js';

export interface Evaluator {
  /** Batches that may run at once (enough to keep every worker busy while rows are written). */
  readonly slots: number;
  /** Designs per batch. */
  readonly batch: number;
  run(tasks: readonly DesignTask[]): Promise<Evaluated[]>;
  close(): Promise<void>;
}

function workerFile(): string {
  // A CommonJS entry (worker-entry.cts says why) that imports worker.js.
  const here = fileURLToPath(new URL('./worker-entry.cjs', import.meta.url));
  // From the TypeScript sources (tests), the compiled worker lives in dist/.
  return existsSync(here) ? here : join(projectRoot(), 'dist', 'dse', 'worker-entry.cjs');
}

/** Evaluate a batch in this thread. */
export async function evaluateBatch(ctx: EvalContext, tasks: readonly DesignTask[]): Promise<Evaluated[]> {
  const out: Evaluated[] = [];
  for (const t of tasks) out.push(await evaluateToLine(ctx, t));
  return out;
}

export function makeEvaluator(ctx: EvalContext, workers: number): Evaluator {
  // In this thread a batch saves no message: rows are written one by one.
  if (workers <= 0) return { slots: 1, batch: 1, run: (tasks) => evaluateBatch(ctx, tasks), close: async () => {} };
  const pool = new Piscina({ filename: workerFile(), minThreads: workers, maxThreads: workers, workerData: ctx, idleTimeout: 60_000 });
  return {
    slots: 2 * workers,
    batch: BATCH,
    run: (tasks) => pool.run(tasks) as Promise<Evaluated[]>,
    close: () => pool.destroy(),
  };
}

/**
 * Designs per message to a worker: enough that a message's cost is small
 * beside the designs' (a few ms of work), few enough that a kill loses
 * little (the batches in flight are evaluated again on --resume).
 */
const BATCH = 32;

/**
 * Evaluate the tasks `next()` hands out, BATCH at a time on every slot, until
 * it gives none; `onBatch` sees each batch's rows as soon as it finishes.
 */
export async function runBatches(ev: Evaluator, next: () => DesignTask | undefined, onBatch: (rows: readonly Evaluated[]) => void): Promise<void> {
  const lane = async () => {
    for (;;) {
      const batch: DesignTask[] = [];
      while (batch.length < ev.batch) {
        const t = next();
        if (!t) break;
        batch.push(t);
      }
      if (!batch.length) return;
      onBatch(await ev.run(batch));
    }
  };
  await Promise.all(Array.from({ length: ev.slots }, lane));
}
