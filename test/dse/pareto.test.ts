import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume, normalisedHypervolume } from '../../dse/hypervolume.js';
import { dominates, frontsByRank, nonDominated } from '../../dse/pareto.js';

const bruteFront = (ps: number[][]) => ps.map((_, i) => i).filter((i) => !ps.some((q) => dominates(q, ps[i])));
const points = (dims: number) => fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: dims, maxLength: dims }), { maxLength: 60 });

/** Monte Carlo-free check: volume of the union of boxes by inclusion-exclusion (small sets only). */
function unionVolume(ps: number[][], ref: number[]): number {
  let total = 0;
  const n = ps.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    const members = ps.filter((_, i) => mask & (1 << i));
    const corner = ref.map((_, k) => Math.max(...members.map((p) => p[k])));
    const vol = corner.reduce((v, c, k) => v * Math.max(0, ref[k] - c), 1);
    total += (members.length % 2 ? 1 : -1) * vol;
  }
  return total;
}

describe('non-dominated sets', () => {
  it('equal the brute-force definition in 2-D (sweep) and 3-D', () => {
    for (const dims of [2, 3, 4]) {
      fc.assert(
        fc.property(points(dims), (ps) => {
          expect([...nonDominated(ps)].sort((a, b) => a - b)).toEqual(bruteFront(ps));
        }),
      );
    }
  });

  it('keep duplicates of a front point and never keep a dominated one', () => {
    const ps = [
      [1, 5],
      [1, 5],
      [2, 2],
      [3, 2],
      [5, 1],
      [4, 4],
    ];
    expect(nonDominated(ps).sort()).toEqual([0, 1, 2, 4]);
  });

  it('rank every point exactly once, each rank dominated only by better ranks', () => {
    fc.assert(
      fc.property(points(3), (ps) => {
        const fronts = frontsByRank(ps);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(ps.map((_, i) => i));
        fronts.forEach((f, r) => {
          for (const i of f) for (const later of fronts.slice(r).flat()) expect(dominates(ps[later], ps[i])).toBe(false);
        });
      }),
    );
  });
});

describe('hypervolume', () => {
  it('of one point is the box to the reference', () => {
    expect(hypervolume([[1, 2, 3]], [4, 4, 4])).toBe(3 * 2 * 1);
    expect(hypervolume([[5, 0]], [4, 4])).toBe(0);
  });

  it('equals inclusion-exclusion over the boxes (2-D, 3-D)', () => {
    for (const dims of [2, 3]) {
      fc.assert(
        fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: dims, maxLength: dims }), { maxLength: 7 }), (ps) => {
          const ref = new Array(dims).fill(11);
          expect(hypervolume(ps, ref)).toBeCloseTo(unionVolume(ps, ref), 6);
        }),
      );
    }
  });

  it('never decreases when a point is added', () => {
    fc.assert(
      fc.property(points(3), fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }), (ps, p) => {
        const ref = [13, 13, 13];
        expect(hypervolume([...ps, p], ref)).toBeGreaterThanOrEqual(hypervolume(ps, ref) - 1e-9);
      }),
    );
  });

  it('normalised: the ideal point alone gives 1.1^k', () => {
    expect(normalisedHypervolume([[0, 10]], [0, 10], [5, 20])).toBeCloseTo(1.21, 12);
  });
});
