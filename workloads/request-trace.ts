/**
 * Request traces, as users bring them from production logs: one request
 * per line with its arrival time in seconds and its prompt and answer token
 * counts, as CSV with a header or as JSON lines. Lines must be in arrival
 * order; every problem is one error naming the file and the line.
 *
 *   arrival_s,input,output        {"arrival_s": 0.00, "input": 64, "output": 64}
 *   0.00,64,64                    {"arrival_s": 0.41, "input": 812, "output": 97}
 */
import { basename } from 'node:path';
import { INPUT_LIMITS, readInputText } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';
import { type ArrivingRequest, type RequestStream, STREAM_LIMITS } from './request-stream.js';

type Column = 'arrival_s' | 'input' | 'output';

/** Names each column goes by in common log formats (matched without regard to case). */
const ALIASES: Record<Column, readonly string[]> = {
  arrival_s: ['arrival_s', 'arrival', 'arrival_time', 'time_s', 'time', 'timestamp'],
  input: ['input', 'input_tokens', 'prompt_tokens', 'context_tokens', 'num_prefill_tokens'],
  output: ['output', 'output_tokens', 'completion_tokens', 'generated_tokens', 'num_decode_tokens'],
};
const COLUMNS: readonly Column[] = ['arrival_s', 'input', 'output'];
const EXAMPLE = 'arrival_s,input,output (or one {"arrival_s": 0.5, "input": 64, "output": 64} per line)';

function findKey(keys: readonly string[], c: Column): string | undefined {
  const lower = keys.map((k) => k.trim().toLowerCase());
  for (const a of ALIASES[c]) {
    const i = lower.indexOf(a);
    if (i >= 0) return keys[i];
  }
  return undefined;
}

export function readRequestTrace(file: string): RequestStream {
  const lines = readInputText(file, { what: 'request trace', fix: 'check the --trace path', maxBytes: INPUT_LIMITS.traceBytes }).split(/\r?\n/);
  const fail = (line: number, problem: string, fix: string): UserError => new UserError({ input: file, field: `line ${line}`, problem, fix });
  const rows: { line: number; cells: Record<Column, unknown> }[] = [];
  let header: { line: number; index: Record<Column, number> } | undefined;
  let json: boolean | undefined;

  lines.forEach((raw, i) => {
    const text = raw.trim();
    const line = i + 1;
    if (!text || text.startsWith('#')) return;
    json ??= text.startsWith('{');
    if (json) {
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch {
        throw fail(line, 'not a JSON object', `write one object per line, e.g. {"arrival_s": 0.5, "input": 64, "output": 64}`);
      }
      if (!o || typeof o !== 'object' || Array.isArray(o)) throw fail(line, 'not a JSON object', `write one object per line, e.g. {"arrival_s": 0.5, "input": 64, "output": 64}`);
      const rec = o as Record<string, unknown>;
      const cells = {} as Record<Column, unknown>;
      for (const c of COLUMNS) {
        const k = findKey(Object.keys(rec), c);
        if (k === undefined) throw fail(line, `missing field ${c}`, `add "${c}" (also read as ${ALIASES[c].slice(1).join(', ')})`);
        cells[c] = rec[k];
      }
      rows.push({ line, cells });
      return;
    }
    const parts = text.split(',').map((x) => x.trim());
    if (!header) {
      const index = {} as Record<Column, number>;
      for (const c of COLUMNS) {
        const k = findKey(parts, c);
        if (k === undefined) throw fail(line, `the header names no ${c} column`, `start the file with ${EXAMPLE}; ${c} may also be called ${ALIASES[c].slice(1).join(', ')}`);
        index[c] = parts.indexOf(k);
      }
      header = { line, index };
      return;
    }
    const cells = {} as Record<Column, unknown>;
    for (const c of COLUMNS) {
      const v = parts[header.index[c]];
      if (v === undefined || v === '') throw fail(line, `missing the ${c} column`, `give ${COLUMNS.length} values as the header on line ${header.line} says`);
      cells[c] = v;
    }
    rows.push({ line, cells });
  });

  if (rows.length > STREAM_LIMITS.requests)
    throw new UserError({
      input: file,
      problem: `holds ${rows.length} requests, more than the ${STREAM_LIMITS.requests.toLocaleString('en-US')} one serving run takes`,
      fix: 'split the trace',
    });
  if (!rows.length) throw new UserError({ input: file, problem: 'the trace holds no requests', fix: `write a header and one line per request: ${EXAMPLE}` });
  const name = basename(file);
  const requests: ArrivingRequest[] = [];
  let prev = -Infinity;
  for (const { line, cells } of rows) {
    const num = (c: Column): number => {
      const v = typeof cells[c] === 'string' ? Number(cells[c]) : cells[c];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw fail(line, `${c} ${JSON.stringify(cells[c])} is not a number`, c === 'arrival_s' ? 'give the arrival time in seconds' : 'give a whole token count');
      return v;
    };
    const t = num('arrival_s');
    const input = num('input');
    const output = num('output');
    if (t < 0) throw fail(line, `arrival ${t} s is negative`, 'give arrival times in seconds from the start of the trace');
    if (t < prev) throw fail(line, `arrival ${t} s comes before the previous request's ${prev} s`, 'sort the trace by arrival time');
    if (!Number.isInteger(input) || input < 1) throw fail(line, `input ${input} must be a whole number of tokens >= 1`, 'fix or remove that line');
    if (!Number.isInteger(output) || output < 0) throw fail(line, `output ${output} must be a whole number of tokens >= 0`, 'fix or remove that line');
    prev = t;
    requests.push({ id: requests.length, arrival_s: t, input, output, origin: `${name} line ${line}` });
  }
  const span = requests[requests.length - 1].arrival_s - requests[0].arrival_s;
  return { requests, rate_rps: span > 0 ? (requests.length - 1) / span : Number.POSITIVE_INFINITY, source: `trace ${name} (${requests.length} requests)` };
}
