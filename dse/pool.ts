/**
 * Where designs are evaluated: a piscina pool of worker threads (one per
 * core asked for), or the calling thread when workers = 0. Either way the
 * rows come back in the order of the tasks, so results never depend on it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { projectRoot } from '../arch/project-root.js';
import { evaluateDesign, type DesignTask, type EvalContext, type ResultRow } from './evaluate.js';

export interface Evaluator {
  /** Tasks that may run at once (enough to keep every worker busy while rows are written). */
  readonly slots: number;
  run(tasks: DesignTask[]): Promise<ResultRow[]>;
  close(): Promise<void>;
}

function workerFile(): string {
  const here = fileURLToPath(new URL('./worker.js', import.meta.url));
  // From the TypeScript sources (tests), the compiled worker lives in dist/.
  return existsSync(here) ? here : join(projectRoot(), 'dist', 'dse', 'worker.js');
}

export function makeEvaluator(ctx: EvalContext, workers: number): Evaluator {
  if (workers <= 0) {
    return {
      slots: 1,
      run: async (tasks) => {
        const out: ResultRow[] = [];
        for (const t of tasks) out.push(await evaluateDesign(ctx, t));
        return out;
      },
      close: async () => {},
    };
  }
  const pool = new Piscina({ filename: workerFile(), minThreads: workers, maxThreads: workers, workerData: ctx, idleTimeout: 60_000 });
  return {
    slots: 2 * workers,
    run: (tasks) => pool.run(tasks) as Promise<ResultRow[]>,
    close: () => pool.destroy(),
  };
}

/** Designs per message to a worker: small, so that a kill loses little and workers stay balanced. */
const CHUNK = 4;

/** Run every task; `onRow` sees each row as soon as its chunk finishes. Returns rows in task order. */
export async function runTasks(ev: Evaluator, tasks: readonly DesignTask[], onRow: (r: ResultRow) => void): Promise<ResultRow[]> {
  const chunks: DesignTask[][] = [];
  for (let i = 0; i < tasks.length; i += CHUNK) chunks.push(tasks.slice(i, i + CHUNK));
  const done: ResultRow[][] = new Array(chunks.length);
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) {
      const i = next++;
      const rows = await ev.run(chunks[i]);
      for (const r of rows) onRow(r);
      done[i] = rows;
    }
  };
  await Promise.all(Array.from({ length: Math.min(ev.slots, chunks.length) }, lane));
  return done.flat();
}
