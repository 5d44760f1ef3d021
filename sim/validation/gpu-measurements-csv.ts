/**
 * A user's measured latencies for `tasim calibrate`: a CSV with the header
 * `model,batch,input,output,tp,latency_ms` (model = preset name or config
 * path; tp = tensor-parallel GPUs). Each bad line is a one-line error naming it.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { readInputText } from '../../arch/input-file.js';
import { COUNT_BOUNDS } from '../../arch/schema/common.js';
import { UserError } from '../../arch/user-error.js';
import { REQUEST_BOUNDS } from '../../workloads/model-bounds.js';
import { loadModel } from '../../workloads/models.js';

/** A measurements file is a short table: a few thousand lines at most. */
const MEASUREMENTS_FILE = { what: 'measurements file', fix: `give a CSV with the header model,batch,input,output,tp,latency_ms`, maxBytes: 1024 * 1024 };

const CSV_COLUMNS = ['model', 'batch', 'input', 'output', 'tp', 'latency_ms'] as const;

export interface MeasuredLatency {
  line: number;
  model: string;
  batch: number;
  input: number;
  output: number;
  tp: number;
  latency_ms: number;
}

export function readMeasurementsCsv(file: string): MeasuredLatency[] {
  const lines = readInputText(file, MEASUREMENTS_FILE).split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((c) => c.trim().toLowerCase());
  if (header.join(',') !== CSV_COLUMNS.join(',')) {
    throw new UserError({
      input: `${file} line 1`,
      field: 'header',
      problem: `expected the columns ${CSV_COLUMNS.join(',')}, got "${lines[0] ?? ''}"`,
      fix: `write the header ${CSV_COLUMNS.join(',')} (latency in milliseconds)`,
    });
  }
  const out: MeasuredLatency[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === '' || text.startsWith('#')) continue;
    const where = `${file} line ${i + 1}`;
    const cells = text.split(',').map((c) => c.trim());
    if (cells.length !== CSV_COLUMNS.length)
      throw new UserError({
        input: where,
        problem: `${cells.length} columns, expected ${CSV_COLUMNS.length} (${CSV_COLUMNS.join(',')})`,
        fix: 'one measurement per line, no commas inside a value',
      });
    const [name, ...nums] = cells;
    // A config path is relative to the CSV, as a spec's extends: is to its file.
    const path = /[\\/]/.test(name) || name.endsWith('.json');
    const model = path && !isAbsolute(name) ? resolve(dirname(file), name) : name;
    const [batch, input, output, tp, latency] = nums.map(Number);
    const whole = (name: string, v: number, min: number, max: number) => {
      if (!Number.isInteger(v) || v < min || v > max)
        throw new UserError({
          input: where,
          field: name,
          problem: `"${cells[CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number])]}" is not a whole number from ${min} to ${max}`,
          fix: `write ${name} as a whole number from ${min} to ${max} (docs/limits.md)`,
        });
    };
    whole('batch', batch, 1, REQUEST_BOUNDS.batch);
    whole('input', input, 1, REQUEST_BOUNDS.tokens);
    whole('output', output, 0, REQUEST_BOUNDS.output);
    whole('tp', tp, 1, COUNT_BOUNDS.devices);
    if (input + output > REQUEST_BOUNDS.tokens)
      throw new UserError({
        input: where,
        field: 'input + output',
        problem: `${input + output} tokens, more than the ${REQUEST_BOUNDS.tokens} of one request`,
        fix: `keep input + output <= ${REQUEST_BOUNDS.tokens} (docs/limits.md)`,
      });
    if (!Number.isFinite(latency) || latency <= 0)
      throw new UserError({
        input: where,
        field: 'latency_ms',
        problem: `"${cells[5]}" is not a positive latency`,
        fix: 'write the measured end-to-end latency in milliseconds, > 0',
      });
    try {
      loadModel(model);
    } catch (e) {
      if (e instanceof UserError) throw new UserError({ input: where, field: 'model', problem: `${name}: ${e.problem}`, fix: e.fix });
      throw e;
    }
    out.push({ line: i + 1, model, batch, input, output, tp, latency_ms: latency });
  }
  if (out.length === 0) throw new UserError({ input: file, problem: 'no measurements', fix: `add lines of ${CSV_COLUMNS.join(',')}` });
  return out;
}
