import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, type FrontGoal, nonDominated } from '../../reports/page/pareto-front.js';

/** The definition, quadratically: kept only if nothing dominates it. */
function bruteForce(rows: (number | null)[][], goals: FrontGoal[]): number[] {
  const ok = (r: (number | null)[]) => r.every((v) => v !== null && Number.isFinite(v));
  const min = (r: (number | null)[]) => r.map((v, j) => (goals[j] === 'max' ? -(v as number) : (v as number)));
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (!ok(r)) return;
    if (!rows.some((q, k) => k !== i && ok(q) && dominates(min(q), min(r)))) out.push(i);
  });
  return out;
}

const value = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(Number.NaN) });

describe('nonDominated', () => {
  it('equals the definition for 1-4 objectives, ties, missing values and either goal', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((k) =>
            fc.tuple(
              fc.array(fc.array(value, { minLength: k, maxLength: k }), { maxLength: 40 }),
              fc.array(fc.constantFrom<FrontGoal>('min', 'max'), { minLength: k, maxLength: k }),
            ),
          ),
        ([rows, goals]) => {
          expect(nonDominated(rows, goals)).toEqual(bruteForce(rows, goals));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every feasible row off the front is dominated by a row on it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 60 }), (pts) => {
        const front = nonDominated(pts, ['min', 'max']);
        expect(front.length).toBeGreaterThan(0);
        const onFront = new Set(front);
        pts.forEach((p, i) => {
          if (onFront.has(i)) return;
          expect(front.some((f) => dominates([pts[f][0], -pts[f][1]], [p[0], -p[1]]))).toBe(true);
        });
      }),
    );
  });

  it('keeps the trade-off points of a known case', () => {
    // (latency, energy): 2 and 3 trade off, 1 is beaten by 2, 4 has no energy.
    const rows = [
      [5, 5],
      [1, 4],
      [3, 2],
      [2, null],
    ];
    expect(nonDominated(rows, ['min', 'min'])).toEqual([1, 2]);
  });
});
