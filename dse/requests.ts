/**
 * Request mixes: what the designs are asked to serve. A mix is a weighted
 * list of requests, written out or read from a trace of token counts; equal
 * requests of a trace merge into one with the summed weight.
 */
import { INPUT_LIMITS, readInputText } from '../arch/input-file.js';
import { UserError } from '../arch/user-error.js';

export interface MixRequest {
  readonly input: number;
  readonly output: number;
  readonly batch: number;
  /** Normalised: the weights of a mix sum to 1. */
  readonly weight: number;
}

export interface Mix {
  readonly name: string;
  readonly requests: readonly MixRequest[];
}

export function normaliseWeights(rs: readonly { input: number; output: number; batch: number; weight: number }[]): MixRequest[] {
  const total = rs.reduce((s, r) => s + r.weight, 0);
  if (Number.isFinite(total)) return rs.map((r) => ({ input: r.input, output: r.output, batch: r.batch, weight: r.weight / total }));
  // Weights so large that their sum overflows: scaled by the largest first.
  const max = rs.reduce((m, r) => Math.max(m, r.weight), 0);
  const scaled = rs.reduce((s, r) => s + r.weight / max, 0);
  return rs.map((r) => ({ input: r.input, output: r.output, batch: r.batch, weight: r.weight / max / scaled }));
}

/**
 * Read a trace file: CSV with a header naming `input` and `output` (and
 * optionally `batch`), or JSON lines with those fields. Token counts are
 * rounded up to a multiple of `bucket`.
 */
export function readTrace(file: string, bucket: number): MixRequest[] {
  const text = readInputText(file, { what: 'request trace', fix: 'check the trace path (relative to the space file)', maxBytes: INPUT_LIMITS.traceBytes });
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const rows: { input: number; output: number; batch: number }[] = [];
  const up = (n: number) => Math.ceil(n / bucket) * bucket;
  const check = (r: { input: unknown; output: unknown; batch?: unknown }, line: number) => {
    const input = Number(r.input);
    const output = Number(r.output);
    const batch = r.batch === undefined || r.batch === '' ? 1 : Number(r.batch);
    if (!Number.isInteger(input) || input < 1 || !Number.isInteger(output) || output < 0 || !Number.isInteger(batch) || batch < 1) {
      throw new UserError({ input: file, field: `line ${line}`, problem: 'expected whole token counts: input >= 1, output >= 0, batch >= 1', fix: 'fix or remove that line' });
    }
    rows.push({ input: up(input), output: output === 0 ? 0 : up(output), batch });
  };
  if (lines[0]?.startsWith('{')) {
    lines.forEach((l, i) => {
      let o: unknown;
      try {
        o = JSON.parse(l);
      } catch {
        throw new UserError({ input: file, field: `line ${i + 1}`, problem: 'not a JSON object', fix: 'write one {"input": n, "output": m} per line' });
      }
      if (!o || typeof o !== 'object' || Array.isArray(o))
        throw new UserError({ input: file, field: `line ${i + 1}`, problem: 'not a JSON object', fix: 'write one {"input": n, "output": m} per line' });
      check(o as { input: unknown; output: unknown }, i + 1);
    });
  } else {
    const head = lines[0]?.split(',').map((h) => h.trim().toLowerCase()) ?? [];
    const ii = head.indexOf('input');
    const oi = head.indexOf('output');
    const bi = head.indexOf('batch');
    if (ii < 0 || oi < 0)
      throw new UserError({ input: file, field: 'line 1', problem: 'the CSV header must name the columns input and output', fix: 'start the file with "input,output"' });
    lines.slice(1).forEach((l, i) => {
      const c = l.split(',').map((x) => x.trim());
      check({ input: c[ii], output: c[oi], batch: bi >= 0 ? c[bi] : undefined }, i + 2);
    });
  }
  if (!rows.length) throw new UserError({ input: file, problem: 'the trace holds no requests', fix: 'add lines of input,output token counts' });
  const counts = new Map<string, { input: number; output: number; batch: number; weight: number }>();
  for (const r of rows) {
    const k = `${r.input}:${r.output}:${r.batch}`;
    const hit = counts.get(k);
    if (hit) hit.weight++;
    else counts.set(k, { ...r, weight: 1 });
  }
  const merged = [...counts.values()].sort((a, b) => a.input - b.input || a.output - b.output || a.batch - b.batch);
  return normaliseWeights(merged);
}
