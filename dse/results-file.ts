/**
 * results.jsonl: one design per line, appended with one write as each design
 * finishes. A process killed mid-write leaves at most one torn last line;
 * reading drops it and ResultsWriter cuts it off before appending again.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { checkInputFile } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';
import type { ResultRow } from './evaluate.js';
import { writeError } from './run-dir.js';

export function readResults(file: string): ResultRow[] {
  if (!existsSync(file)) return [];
  checkInputFile(file, { what: 'results file', fix: 'give a run directory written by tasim sweep', maxBytes: Number.MAX_SAFE_INTEGER });
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  const rows: ResultRow[] = [];
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        row = undefined;
      }
      if (!isResultRow(row)) throw new UserError({ input: file, field: `line ${i + 1}`, problem: 'not a result row {hash, params, metrics, feasible} (the file was edited or written by two sweeps at once)', fix: 'delete that line; --resume evaluates the design again' });
      rows.push(row);
    });
  return rows;
}

function isResultRow(v: unknown): v is ResultRow {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  const obj = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x);
  return typeof r.hash === 'string' && obj(r.params) && obj(r.metrics) && typeof r.feasible === 'boolean';
}

export class ResultsWriter {
  private fd: number;
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
    try {
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
    } catch (e) {
      throw writeError(file, e);
    }
  }

  write(row: ResultRow): void {
    const line = `${JSON.stringify(row)}\n`;
    try {
      writeSync(this.fd, line);
    } catch (e) {
      // A partial line (disk full) is cut off by the next run, like a torn line after a kill.
      throw writeError(this.file, e);
    }
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
