/**
 * Sweep throughput on the shipped space dse/spaces/dfx-gpt2.yaml with 1 and
 * 2 worker threads: designs evaluated per second, pool start-up included.
 * A third of the space (shard 1/3, a hash-uniform sample) keeps the bench short.
 * The space is read once before timing, so that neither figure carries the
 * one-time import of the expression parser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';
import { loadSpace } from '../../dse/space.js';
import { sweep } from '../../dse/sweep.js';

const SPACE = join(projectRoot(), 'dse', 'spaces', 'dfx-gpt2.yaml');

async function configsPerSecond(workers: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'tasim-bench-'));
  try {
    const t0 = performance.now();
    const s = await sweep(SPACE, { out, workers, shard: { index: 1, count: 3 }, progress: null, warn: () => {} });
    return s.evaluated / ((performance.now() - t0) / 1e3);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchSweep(): Promise<string[]> {
  await loadSpace(SPACE);
  const one = await configsPerSecond(1);
  const two = await configsPerSecond(2);
  return [`BENCH sweep_1_worker ${one.toFixed(1)} configs/s`, `BENCH sweep_2_workers ${two.toFixed(1)} configs/s`, `BENCH sweep_2_workers_speedup ${(two / one).toFixed(2)} x`];
}
