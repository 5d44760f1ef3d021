/** Errors of the measured GPU rows, per stack, role and batch class: the table docs/gpu.md quotes. */
import type { CaseRole } from './case.js';
import { type MeasuredRun, measuredRuns } from './gpu-measured-cases.js';
import { runConfig } from './gpu-run.js';

export interface MeasuredError {
  run: MeasuredRun;
  simulated_ms: number;
  error_pct: number;
}

export async function measuredErrors(runs: readonly MeasuredRun[] = measuredRuns()): Promise<MeasuredError[]> {
  const out: MeasuredError[] = [];
  for (const run of runs) {
    const r = await runConfig(run.config);
    const ms = r.feasible ? r.latency_s * 1e3 : Number.NaN;
    out.push({ run, simulated_ms: ms, error_pct: (ms / run.row.value - 1) * 100 });
  }
  return out;
}

export interface ErrorSummary {
  stack: string;
  role: CaseRole;
  batch: string;
  rows: number;
  mean_abs_pct: number;
  max_abs_pct: number;
}

/** Mean and max |error| per (stack, role, batch class), with 'all' batch classes. */
export function summarise(errors: readonly MeasuredError[]): ErrorSummary[] {
  const groups = new Map<string, MeasuredError[]>();
  for (const e of errors) {
    if (e.run.role === 'reference') continue;
    for (const batch of [e.run.batchClass, 'all']) {
      const key = JSON.stringify([e.run.config.stack, e.run.role, batch]);
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
  }
  return [...groups.entries()]
    .map(([key, es]) => {
      const [stack, role, batch] = JSON.parse(key) as [string, CaseRole, string];
      const abs = es.map((e) => Math.abs(e.error_pct));
      return { stack, role, batch, rows: es.length, mean_abs_pct: abs.reduce((a, b) => a + b, 0) / abs.length, max_abs_pct: Math.max(...abs) };
    })
    .sort((a, b) => (a.stack + a.role + a.batch).localeCompare(b.stack + b.role + b.batch));
}

export function summaryTable(s: readonly ErrorSummary[]): string {
  const lines = ['| stack | role | batch | rows | mean \\|error\\| | max \\|error\\| |', '|---|---|---|---:|---:|---:|'];
  for (const r of s) lines.push(`| ${r.stack} | ${r.role} | ${r.batch} | ${r.rows} | ${r.mean_abs_pct.toFixed(1)} % | ${r.max_abs_pct.toFixed(1)} % |`);
  return lines.join('\n');
}
