/**
 * results.jsonl: one design per line, appended as designs finish (a batch of
 * lines in one write). A process killed mid-write leaves at most one torn
 * last line; reading drops it and ResultsWriter cuts it off before appending
 * again. A last line that lacks only its newline is a whole row: reading
 * takes it and ResultsWriter completes it.
 * Readers stream the file line by line, whatever its size (a
 * million-design run's file is far longer than a JavaScript string may be).
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkInputFile } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';
import type { ResultRow } from './evaluate.js';
import { writeError } from './run-dir.js';

/** Bytes read at a time. */
const CHUNK = 1 << 20;

/**
 * Call `onLine` with every whole line of `file` (without its newline), its
 * 1-based number and its byte offset and length, in order; a last line
 * without its newline (perhaps torn by a kill) goes to `onTail`, or is dropped.
 */
function forEachLine(
  file: string,
  onLine: (line: string, no: number, offset: number, bytes: number) => void,
  onTail?: (text: string, no: number, offset: number, bytes: number) => void,
): void {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let rest: Buffer | undefined;
    let no = 0;
    let offset = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      let chunk = buf.subarray(0, n);
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        const piece = chunk.subarray(start, nl);
        const line = rest ? Buffer.concat([rest, piece]) : piece;
        rest = undefined;
        onLine(line.toString('utf8'), ++no, offset, line.length);
        offset += line.length + 1;
        start = nl + 1;
      }
      if (start < chunk.length) {
        chunk = chunk.subarray(start);
        rest = rest ? Buffer.concat([rest, chunk]) : Buffer.from(chunk);
      }
    }
    if (rest && onTail) onTail(rest.toString('utf8'), no + 1, offset, rest.length);
  } finally {
    closeSync(fd);
  }
}

/** Stream the rows of results.jsonl with each line's byte offset and length (a malformed line is a one-line error naming it). */
export function forEachResult(file: string, onRow: (row: ResultRow, line: string, offset: number, bytes: number) => void): void {
  if (!existsSync(file)) return;
  checkInputFile(file, { what: 'results file', fix: 'give a run directory written by tasim sweep', maxBytes: Number.MAX_SAFE_INTEGER });
  forEachLine(
    file,
    (line, no, offset, bytes) => {
      if (!line.trim()) return;
      const row = parseRow(line);
      if (!row)
        throw new UserError({
          input: file,
          field: `line ${no}`,
          problem: 'not a result row {hash, params, metrics, feasible} (the file was edited or written by two sweeps at once)',
          fix: 'delete that line; --resume evaluates the design again',
        });
      onRow(row, line, offset, bytes);
    },
    // A last line without its newline is a row when it is whole, else a line torn by a kill.
    (tail, _no, offset, bytes) => {
      const row = parseRow(tail);
      if (row) onRow(row, tail, offset, bytes);
    },
  );
}

function parseRow(line: string): ResultRow | undefined {
  try {
    const row: unknown = JSON.parse(line);
    return isResultRow(row) ? row : undefined;
  } catch {
    return undefined;
  }
}

/** Every row of results.jsonl in memory (for small runs and tests; sweeps stream). */
export function readResults(file: string): ResultRow[] {
  const rows: ResultRow[] = [];
  forEachResult(file, (r) => rows.push(r));
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
      // Drop a torn line left by a killed run, or end a whole one with its newline, so the next line starts clean.
      if (existsSync(file)) {
        const fd = openSync(file, 'r+');
        try {
          const end = lastNewline(fd) + 1;
          const size = fstatSync(fd).size;
          if (end !== size) {
            const tail = Buffer.alloc(size - end);
            readSync(fd, tail, 0, tail.length, end);
            if (parseRow(tail.toString('utf8'))) writeSync(fd, '\n', size);
            else ftruncateSync(fd, end);
          }
        } finally {
          closeSync(fd);
        }
      }
      this.fd = openSync(file, 'a');
    } catch (e) {
      throw writeError(file, e);
    }
  }

  write(row: ResultRow): void {
    this.append(`${JSON.stringify(row)}\n`);
  }

  /** Append whole lines (each ending in a newline) with one write. */
  append(lines: string): void {
    try {
      writeSync(this.fd, lines);
    } catch (e) {
      // A partial line (disk full) is cut off by the next run, like a torn line after a kill.
      throw writeError(this.file, e);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Offset of the file's last newline, or -1: read backwards a chunk at a time. */
function lastNewline(fd: number): number {
  const size = fstatSync(fd).size;
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, size)));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - buf.length);
    const n = readSync(fd, buf, 0, end - start, start);
    const at = buf.subarray(0, n).lastIndexOf(0x0a);
    if (at >= 0) return start + at;
    end = start;
  }
  return -1;
}

/** Rows with distinct hashes (the first of each), sorted by hash: the canonical content of a run. */
export function uniqueRows(rows: readonly ResultRow[]): ResultRow[] {
  const m = new Map<string, ResultRow>();
  for (const r of rows) if (!m.has(r.hash)) m.set(r.hash, r);
  return [...m.values()].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
}
