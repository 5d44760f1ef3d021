/**
 * The three published FABNet figures come from the authors' performance
 * model, which leaves out work the engine does (one FFT round per pass, the
 * complex half of the FFT data, the shortcut reads, the loads and drains at
 * pass boundaries). No constant of the template is fitted to them. tasim is
 * therefore above each, by a gap docs/fabnet.md breaks down; this pins its
 * sign and size so that a change to either is seen.
 */
import { describe, expect, it } from 'vitest';
import { FABNET_CASES } from '../../sim/validation/fabnet-cases.js';
import { evaluateCase } from '../../sim/validation/validate.js';

const GAP_PCT: Record<string, [number, number]> = {
  // Short sequence: the dropped FFT round is half the FFT work, and the pass boundaries weigh most.
  'fabnet-base-vcu128-120be-seq128': [30, 45],
  'fabnet-base-vcu128-120be-seq1024': [10, 25],
  // 64-bit input stream: the complex FFT data and the shortcut reads the authors' model omits.
  'fabnet-base-zynq7045-20be-seq128': [15, 35],
};

describe('the authors\' performance-model figures', () => {
  for (const c of FABNET_CASES) {
    it(`${c.id}: a reference row, tasim above it by the documented gap`, async () => {
      expect(c.role).toBe('reference');
      const r = await evaluateCase(c);
      const [lo, hi] = GAP_PCT[c.id];
      expect(r.error_pct).toBeGreaterThanOrEqual(lo);
      expect(r.error_pct).toBeLessThanOrEqual(hi);
    });
  }
});
