/**
 * The three published FABNet figures come from the authors' performance
 * model. No constant of the template is fitted to them. Two hold within
 * 10 % as validation rows. The third (VCU128, 120 BEs, 128 tokens) is a
 * reference row: the model drops one round of every FFT pass and charges
 * no pass boundaries. Removing exactly that work from tasim's own per-pass
 * breakdown must land within 10 % of the figure; removing the dropped round
 * alone must explain part of the gap and not all of it.
 */
import { describe, expect, it } from 'vitest';
import { FABNET_CASES } from '../../sim/validation/fabnet-cases.js';
import { type FabnetReconciliation, reconcileFabnet } from '../../sim/validation/fabnet-reconcile.js';
import { evaluateCase } from '../../sim/validation/validate.js';

const pct = (x: number, ref: number) => ((x - ref) / ref) * 100;

describe("the authors' performance-model figures", () => {
  for (const c of FABNET_CASES.filter((x) => x.role === 'validation')) {
    it(`${c.id}: a validation row within 10 %`, async () => {
      const r = await evaluateCase(c);
      expect(c.tolerance_pct).toBe(10);
      expect(r.within_tolerance).toBe(true);
    });
  }

  it('the short-sequence VCU128 figure is a reference row, and tasim is above it', async () => {
    const c = FABNET_CASES.find((x) => x.id === 'fabnet-base-vcu128-120be-seq128')!;
    expect(c.role).toBe('reference');
    const r = await evaluateCase(c);
    expect(r.error_pct).toBeGreaterThan(10);
  });

  it('reconciliation: tasim without the dropped FFT round per pass and the pass boundaries is within 10 % of every figure', async () => {
    const rows: Record<string, { published: number; r: FabnetReconciliation }> = {};
    for (const [id, arch, input] of [
      ['fabnet-base-vcu128-120be-seq128', 'fabnet-vcu128', 128],
      ['fabnet-base-vcu128-120be-seq1024', 'fabnet-vcu128', 1024],
      ['fabnet-base-zynq7045-20be-seq128', 'fabnet-zynq7045', 128],
    ] as const) {
      const row = await evaluateCase(FABNET_CASES.find((x) => x.id === id)!);
      const r = await reconcileFabnet(arch, 'fabnet-base', input);
      rows[id] = { published: row.published, r };
      expect(r.simulated_ms).toBeCloseTo(row.simulated, 9);
      expect(Math.abs(pct(r.authors_conventions_ms, row.published))).toBeLessThanOrEqual(10);
      expect(r.dropped_round_ms).toBeGreaterThan(0);
      expect(r.without_dropped_round_ms).toBeCloseTo(r.simulated_ms - r.dropped_round_ms, 9);
    }
    // The dropped round weighs more where the FFT passes have fewer rounds (two at 128 tokens on 120 BEs, nine at 1024).
    const short = rows['fabnet-base-vcu128-120be-seq128'];
    const long = rows['fabnet-base-vcu128-120be-seq1024'];
    expect(short.r.dropped_round_ms / short.r.simulated_ms).toBeGreaterThan(2 * (long.r.dropped_round_ms / long.r.simulated_ms));
    // At 128 tokens the dropped round alone leaves tasim more than 10 % above the figure: the pass boundaries are the rest.
    expect(pct(short.r.without_dropped_round_ms, short.published)).toBeGreaterThan(10);
  });
});
