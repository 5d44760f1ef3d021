/**
 * Errors of the GPU latency figures per stack, role and batch class: the
 * measured rows (gpu-measured.json) and the latency figures of gpu-cases.ts.
 * The table docs/gpu.md quotes; a test holds it to the acceptance bounds.
 */
import type { BatchClass, CaseRole } from './case.js';
import { GPU_CASES } from './gpu-cases.js';
import { GPU_MEASURED_CASES } from './gpu-measured-validation.js';
import { evaluateCase } from './validate.js';

/** One latency figure's error, with the stack and batch it ran. */
export interface RowError {
  id: string;
  stack: string;
  role: CaseRole;
  batch: BatchClass;
  error_pct: number;
}

/** Errors of every GPU latency figure (the cases that name their stack and batch class; reference rows left out). */
export async function gpuErrors(): Promise<RowError[]> {
  const out: RowError[] = [];
  for (const c of [...GPU_MEASURED_CASES, ...GPU_CASES]) {
    if (!c.gpu || c.role === 'reference') continue;
    const row = await evaluateCase(c);
    out.push({ id: c.id, stack: c.gpu.stack, role: c.role, batch: c.gpu.batchClass, error_pct: row.error_pct });
  }
  return out;
}

export interface ErrorSummary {
  stack: string;
  role: CaseRole;
  batch: BatchClass | 'all';
  rows: number;
  mean_abs_pct: number;
  max_abs_pct: number;
}

/** Mean and max |error| per (stack, role, batch class), with 'all' batch classes. */
export function summarise(errors: readonly RowError[]): ErrorSummary[] {
  const groups = new Map<string, RowError[]>();
  for (const e of errors) {
    for (const batch of [e.batch, 'all']) {
      const key = JSON.stringify([e.stack, e.role, batch]);
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
  }
  return [...groups.entries()]
    .map(([key, es]) => {
      const [stack, role, batch] = JSON.parse(key) as [string, CaseRole, BatchClass | 'all'];
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
