/**
 * A user's measured latencies for `tasim calibrate`: a CSV with the header
 * `model,batch,input,output,tp,latency_ms` (model = preset name or config
 * path; tp = tensor-parallel GPUs). Each bad line is a one-line error naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../../arch/user-error.js';
import { loadModel } from '../../workloads/models.js';

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
  if (!existsSync(file)) throw new UserError({ input: '--measurements', field: file, problem: 'no such file', fix: `give a CSV with the header ${CSV_COLUMNS.join(',')}` });
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((c) => c.trim().toLowerCase());
  if (header.join(',') !== CSV_COLUMNS.join(',')) {
    throw new UserError({ input: `${file} line 1`, field: 'header', problem: `expected the columns ${CSV_COLUMNS.join(',')}, got "${lines[0] ?? ''}"`, fix: `write the header ${CSV_COLUMNS.join(',')} (latency in milliseconds)` });
  }
  const out: MeasuredLatency[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === '' || text.startsWith('#')) continue;
    const where = `${file} line ${i + 1}`;
    const cells = text.split(',').map((c) => c.trim());
    if (cells.length !== CSV_COLUMNS.length) throw new UserError({ input: where, problem: `${cells.length} columns, expected ${CSV_COLUMNS.length} (${CSV_COLUMNS.join(',')})`, fix: 'one measurement per line, no commas inside a value' });
    const [model, ...nums] = cells;
    const [batch, input, output, tp, latency] = nums.map(Number);
    const whole = (name: string, v: number, min: number) => {
      if (!Number.isInteger(v) || v < min) throw new UserError({ input: where, field: name, problem: `"${cells[CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number])]}" is not a whole number >= ${min}`, fix: `write ${name} as a whole number >= ${min}` });
    };
    whole('batch', batch, 1);
    whole('input', input, 1);
    whole('output', output, 0);
    whole('tp', tp, 1);
    if (!Number.isFinite(latency) || latency <= 0) throw new UserError({ input: where, field: 'latency_ms', problem: `"${cells[5]}" is not a positive latency`, fix: 'write the measured end-to-end latency in milliseconds, > 0' });
    try {
      loadModel(model);
    } catch (e) {
      if (e instanceof UserError) throw new UserError({ input: where, field: 'model', problem: `${model}: ${e.problem}`, fix: e.fix });
      throw e;
    }
    out.push({ line: i + 1, model, batch, input, output, tp, latency_ms: latency });
  }
  if (out.length === 0) throw new UserError({ input: file, problem: 'no measurements', fix: `add lines of ${CSV_COLUMNS.join(',')}` });
  return out;
}
