/** Run every validation case and compare with the published figure. */
import { CASES } from './cases.js';
import type { CaseRole, ValidationCase } from './case.js';
import { figure } from './figures.js';

export interface ValidationRow {
  id: string;
  metric: string;
  published: number;
  simulated: number;
  error_pct: number;
  source: string;
  role: CaseRole;
  tolerance_pct: number | null;
  within_tolerance: boolean | null;
  setup: string;
}

export interface ValidationReport {
  rows: ValidationRow[];
  /** Over validation rows only (figures no constant was fitted to). */
  mean_abs_error_pct: number;
  max_abs_error_pct: number;
  calibration_mean_abs_error_pct: number;
}

export async function evaluateCase(c: ValidationCase, extraSet: readonly string[] = []): Promise<ValidationRow> {
  const f = c.published ?? figure(c.id);
  const simulated = await c.simulate(extraSet);
  const error_pct = ((simulated - f.value) / f.value) * 100;
  const tol = c.tolerance_pct ?? null;
  return {
    id: c.id,
    metric: f.metric,
    published: f.value,
    simulated,
    error_pct,
    source: f.source,
    role: c.role,
    tolerance_pct: tol,
    within_tolerance: tol === null ? null : Math.abs(error_pct) <= tol,
    setup: c.setup,
  };
}

export async function validateAll(cases: readonly ValidationCase[] = CASES): Promise<ValidationReport> {
  const rows: ValidationRow[] = [];
  for (const c of cases) rows.push(await evaluateCase(c));
  const abs = (role: CaseRole) => rows.filter((r) => r.role === role && Number.isFinite(r.error_pct)).map((r) => Math.abs(r.error_pct));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const v = abs('validation');
  return { rows, mean_abs_error_pct: mean(v), max_abs_error_pct: v.length ? Math.max(...v) : 0, calibration_mean_abs_error_pct: mean(abs('calibration')) };
}
