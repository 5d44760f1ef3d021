/**
 * Errors of the GPU latency figures per stack, role and batch class: the
 * measured rows (gpu-measured.json) and the latency figures of gpu-cases.ts.
 * The table docs/gpu.md quotes; a test holds it to the acceptance bounds.
 */
import type { CaseRole } from './case.js';
import { GPU_CASES } from './gpu-cases.js';
import { type MeasuredRun, type RunnableRun, inRowMetric, runnableRuns } from './gpu-measured-cases.js';
import { runConfig } from './gpu-run.js';
import { evaluateCase } from './validate.js';

type BatchClass = MeasuredRun['batchClass'];

/** One latency figure's error, with the stack and batch it ran. */
export interface RowError {
  id: string;
  stack: string;
  role: CaseRole;
  batch: BatchClass;
  error_pct: number;
}

/** The latency figures of gpu-cases.ts (all at batch 1) and the stack each runs. */
const CASE_STACKS: Record<string, string> = {
  'gpu-1.5b-4v100-64-64-throughput': 'megatron',
  'gpu-per-extra-output-token': 'megatron',
  'ft-13b-a100-tp1-prefill': 'fastertransformer',
  'ft-13b-a100-tp1-decode': 'fastertransformer',
  'ft-13b-a100-tp1-total': 'fastertransformer',
  'ft-13b-a100-tp2-prefill': 'fastertransformer',
  'ft-13b-a100-tp2-decode': 'fastertransformer',
  'ft-13b-a100-tp2-total': 'fastertransformer',
  'hf-gpt2-124m-v100-batch1-per-token': 'huggingface',
};

/** Errors of the measured rows (reference rows left out), with `set` applied to every run. */
export async function measuredErrors(runs: readonly RunnableRun[] = runnableRuns(), set: readonly string[] = []): Promise<RowError[]> {
  const out: RowError[] = [];
  for (const run of runs) {
    if (run.role === 'reference') continue;
    const r = await runConfig(run.config, set);
    const value = r.feasible ? inRowMetric(run, r) : Number.NaN;
    out.push({ id: run.row.id, stack: run.config.stack, role: run.role, batch: run.batchClass, error_pct: (value / run.row.value - 1) * 100 });
  }
  return out;
}

/** Errors of the latency figures of gpu-cases.ts. */
export async function caseErrors(set: readonly string[] = []): Promise<RowError[]> {
  const out: RowError[] = [];
  for (const c of GPU_CASES) {
    const stack = CASE_STACKS[c.id];
    if (!stack || c.role === 'reference') continue;
    const row = await evaluateCase(c, set);
    out.push({ id: c.id, stack, role: c.role, batch: 'batch 1', error_pct: row.error_pct });
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
