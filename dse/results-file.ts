/**
 * results.jsonl: one design per line, appended with one write as each design
 * finishes. A process killed mid-write leaves at most one torn last line;
 * reading drops it and `openResults` cuts it off before appending again.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UserError } from '../arch/user-error.js';
import type { ResultRow } from './evaluate.js';

export function readResults(file: string): ResultRow[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  const rows: ResultRow[] = [];
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        rows.push(JSON.parse(line) as ResultRow);
      } catch {
        throw new UserError({ input: file, field: `line ${i + 1}`, problem: 'not a JSON row (the file was edited or written by two sweeps at once)', fix: 'delete that line; --resume evaluates the design again' });
      }
    });
  return rows;
}

export class ResultsWriter {
  private fd: number;

  constructor(file: string) {
    // Drop a torn line left by a killed run, so the next line starts clean.
    if (existsSync(file)) {
      const text = readFileSync(file);
      const end = text.lastIndexOf(0x0a) + 1;
      if (end !== text.length) {
        const fd = openSync(file, 'r+');
        ftruncateSync(fd, end);
        closeSync(fd);
      }
    }
    this.fd = openSync(file, 'a');
  }

  write(row: ResultRow): void {
    writeSync(this.fd, `${JSON.stringify(row)}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Rows with distinct hashes (the first of each), sorted by hash: the canonical content of a run. */
export function uniqueRows(rows: readonly ResultRow[]): ResultRow[] {
  const m = new Map<string, ResultRow>();
  for (const r of rows) if (!m.has(r.hash)) m.set(r.hash, r);
  return [...m.values()].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
}
