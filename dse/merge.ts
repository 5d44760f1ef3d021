/**
 * `tasim merge`: join the run directories of shards (or of separate runs of
 * the same space) into one: rows united by hash, fronts recomputed. The
 * result is the run a single machine would have written.
 */
import { copyFileSync } from 'node:fs';
import { UserError } from '../arch/user-error.js';
import type { ResultRow } from './evaluate.js';
import type { ParetoDoc } from './fronts.js';
import { readResults, uniqueRows } from './results-file.js';
import { ensureDir, readManifest, runFiles, writeAtomic, type Manifest } from './run-dir.js';
import { writeFronts } from './sweep.js';

export interface MergeSummary {
  dir: string;
  rows: number;
  sources: number;
  pareto: ParetoDoc;
}

export function mergeRuns(dirs: readonly string[], out: string, command: string): MergeSummary {
  if (!dirs.length) throw new UserError({ input: 'tasim merge', problem: 'no run directories given', fix: 'tasim merge runs/s1 runs/s2 ... --out runs/all' });
  const manifests = dirs.map(readManifest);
  const first = manifests[0];
  manifests.forEach((m, i) => {
    if (m.space_sha256 !== first.space_sha256) throw new UserError({ input: dirs[i], field: 'manifest.json space_sha256', problem: `made with a different space than ${dirs[0]}`, fix: 'merge only runs of the same space file' });
    if (JSON.stringify(m.strategy) !== JSON.stringify(first.strategy)) throw new UserError({ input: dirs[i], field: 'manifest.json strategy', problem: `made with strategy ${JSON.stringify(m.strategy)}, not ${JSON.stringify(first.strategy)}`, fix: 'merge runs made with the same --seed' });
  });
  const rows: ResultRow[] = dirs.flatMap((d) => readResults(runFiles(d).results));
  const unique = uniqueRows(rows);
  ensureDir(out);
  const files = runFiles(out);
  copyFileSync(runFiles(dirs[0]).space, files.space);
  const manifest: Manifest = {
    ...first,
    command,
    created: manifests.map((m) => m.created).sort()[0],
    shard: null,
  };
  writeAtomic(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  writeAtomic(files.results, unique.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const scenarios = first.models.flatMap((model) => first.mixes.map((mix) => ({ model, mix: mix.name })));
  const pareto = writeFronts(out, unique, first.objectives, scenarios);
  return { dir: out, rows: unique.length, sources: dirs.length, pareto };
}
