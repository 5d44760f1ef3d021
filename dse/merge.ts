/**
 * `tasim merge`: join the run directories of shards (or of separate runs of
 * the same space) into one: rows united by hash, fronts recomputed. The
 * result is the run a single machine would have written.
 */
import { closeSync, copyFileSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { UserError } from '../arch/user-error.js';
import type { ParetoDoc } from './fronts.js';
import { FrontBuilder } from './fronts.js';
import { forEachResult } from './results-file.js';
import { ensureDir, readManifest, runFiles, writeAtomic, writeError, type Manifest } from './run-dir.js';
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
    if (m.space_sha256 !== first.space_sha256)
      throw new UserError({
        input: dirs[i],
        field: 'manifest.json space_sha256',
        problem: `made with a different space than ${dirs[0]}`,
        fix: 'merge only runs of the same space file',
      });
    if (JSON.stringify(m.strategy) !== JSON.stringify(first.strategy))
      throw new UserError({
        input: dirs[i],
        field: 'manifest.json strategy',
        problem: `made with strategy ${JSON.stringify(m.strategy)}, not ${JSON.stringify(first.strategy)}`,
        fix: 'merge runs made with the same --seed',
      });
  });
  const scenarios = first.models.flatMap((model) => first.mixes.map((mix) => ({ model, mix: mix.name })));
  // Rows are read twice, line by line, never whole: first for the fronts and where each hash's first line is,
  // then those lines in hash order into the merged file.
  const fronts = new FrontBuilder(first.objectives, scenarios);
  const seen = new Set<string>();
  const at: { hash: string; source: number; offset: number; bytes: number }[] = [];
  dirs.forEach((d, source) => {
    forEachResult(runFiles(d).results, (r, _line, offset, bytes) => {
      if (seen.has(r.hash)) return;
      seen.add(r.hash);
      at.push({ hash: r.hash, source, offset, bytes });
      fronts.addRow(r);
    });
  });
  seen.clear();
  at.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
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
  writeLinesAtomic(
    files.results,
    dirs.map((d) => runFiles(d).results),
    at,
  );
  const pareto = writeFronts(out, fronts.doc());
  return { dir: out, rows: at.length, sources: dirs.length, pareto };
}

/** Bytes gathered before each write of the merged file. */
const WRITE_CHUNK = 4 << 20;

/**
 * Write the given lines of the source files, in the order given, as `file`,
 * whole or not at all (written aside, then renamed). Each line is written as
 * JSON.stringify gives its row, as the sweep writes it.
 */
function writeLinesAtomic(file: string, sources: readonly string[], lines: readonly { source: number; offset: number; bytes: number }[]): void {
  const tmp = `${file}.tmp`;
  const fds = sources.map((s) => openSync(s, 'r'));
  let out: number | undefined;
  try {
    out = openSync(tmp, 'w');
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      writeSync(out as number, pending.join(''));
      pending = [];
      size = 0;
    };
    let buf = Buffer.allocUnsafe(1 << 16);
    for (const l of lines) {
      if (buf.length < l.bytes) buf = Buffer.allocUnsafe(2 * l.bytes);
      readSync(fds[l.source], buf, 0, l.bytes, l.offset);
      const text = `${JSON.stringify(JSON.parse(buf.toString('utf8', 0, l.bytes)))}\n`;
      pending.push(text);
      size += text.length;
      if (size >= WRITE_CHUNK) flush();
    }
    flush();
    closeSync(out);
    out = undefined;
    renameSync(tmp, file);
  } catch (e) {
    throw writeError(file, e);
  } finally {
    if (out !== undefined) closeSync(out);
    for (const fd of fds) closeSync(fd);
  }
}
