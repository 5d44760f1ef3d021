/**
 * The shipped million-design space (dse/spaces/dfx-gpt2-1m.yaml) swept with
 * 2 workers: designs evaluated per second of wall time (pool start-up and
 * fronts included) and the process's peak resident memory. On a sample of
 * SAMPLE random designs of the same grid unless `--full` (the whole grid
 * takes about 6 minutes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';

const SAMPLE = 30_000;

export async function benchSweep1m(full = process.argv.includes('--full')): Promise<string[]> {
  const root = projectRoot();
  const shipped = join(root, 'dse', 'spaces', 'dfx-gpt2-1m.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'tasim-bench-1m-'));
  try {
    let space = shipped;
    if (!full) {
      space = join(dir, 'sample.yaml');
      writeFileSync(space, readFileSync(shipped, 'utf8').replace(/^strategy: .*$/m, `strategy: { kind: random, samples: ${SAMPLE}, seed: 1 }`));
    }
    const out = execFileSync(process.execPath, [join(root, 'dist', 'test', 'bench', 'sweep-child.js'), space, join(dir, 'run'), '2'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split('\n').pop() as string) as { evaluated: number; seconds: number; max_rss_mb: number };
    const what = full ? 'whole grid' : `sample of ${SAMPLE}`;
    return [
      `BENCH sweep_1m_designs_per_s ${(r.evaluated / r.seconds).toFixed(0)} designs/s (${what}: ${r.evaluated} in ${r.seconds.toFixed(1)} s)`,
      `BENCH sweep_1m_peak_rss_mb ${r.max_rss_mb.toFixed(0)} MB`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
