import { describe, expect, it } from 'vitest';
import { DFX_CASES } from '../../sim/validation/dfx-cases.js';
import { figure } from '../../sim/validation/figures.js';
import { evaluateCase } from '../../sim/validation/validate.js';

describe('DFX against its published figures', () => {
  it.each(DFX_CASES.filter((c) => c.tolerance_pct !== undefined).map((c) => [c.id, c.role, c.tolerance_pct, c] as const))('%s (%s) within %i %', async (_id, _role, tol, c) => {
    const row = await evaluateCase(c);
    expect(Math.abs(row.error_pct)).toBeLessThanOrEqual(tol ?? 0);
  });

  it('carries every figure it checks, with its source', () => {
    for (const c of DFX_CASES) {
      const f = figure(c.id);
      expect(f.source.length).toBeGreaterThan(10);
    }
  });
});
