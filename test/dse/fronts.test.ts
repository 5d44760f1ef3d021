import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../dse/evaluate.js';
import { FrontBuilder, frontOfRows } from '../../dse/fronts.js';
import { normalisedHypervolume } from '../../dse/hypervolume.js';
import type { Objective } from '../../dse/space.js';

const OBJECTIVES: Objective[] = [
  { metric: 'latency_s', goal: 'min' },
  { metric: 'energy_j', goal: 'min' },
  { metric: 'tokens_per_s', goal: 'max' },
];

// Small integer metrics so that ties and duplicates of a front point are common; null: a metric missing.
const metric = fc.option(fc.integer({ min: 0, max: 6 }), { freq: 8 });
const rows = fc
  .array(fc.record({ feasible: fc.integer({ min: 0, max: 4 }).map((k) => k > 0), latency_s: metric, energy_j: metric, tokens_per_s: metric }), { maxLength: 60 })
  .map((xs) =>
    xs.map(
      (x, i): ResultRow => ({
        hash: `h${String(i).padStart(3, '0')}`,
        params: { model: 'm', mix: 'x' },
        metrics: { latency_s: x.latency_s, energy_j: x.energy_j, tokens_per_s: x.tokens_per_s },
        feasible: x.feasible,
      }),
    ),
  );
/** Rows in another order: each row's random key decides its place. */
const shuffled = rows.chain((rs) =>
  fc.array(fc.double({ noNaN: true }), { minLength: rs.length, maxLength: rs.length }).map((keys) => ({
    rs,
    order: rs
      .map((r, i) => ({ r, k: keys[i] }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.r),
  })),
);

describe('FrontBuilder', () => {
  it('finds, row by row in any order, the front and hypervolume frontOfRows finds over all rows at once', () => {
    fc.assert(
      fc.property(shuffled, ({ rs, order }) => {
        const b = new FrontBuilder(OBJECTIVES, [{ model: 'm', mix: 'x' }]);
        for (const r of order) b.addRow(r);
        const [g] = b.doc().groups;
        const want = frontOfRows(rs, OBJECTIVES);
        expect(new Set(g.points.map((p) => p.hash))).toEqual(new Set(want.front.map((r) => r.hash)));
        expect(g.candidates).toBe(want.all.length);
        if (!want.all.length) {
          expect(g.hypervolume).toBe(0);
          return;
        }
        const ideal = OBJECTIVES.map((_, i) => Math.min(...want.all.map((v) => v[i])));
        const nadir = OBJECTIVES.map((_, i) => Math.max(...want.all.map((v) => v[i])));
        expect(g.hypervolume).toBeCloseTo(normalisedHypervolume(want.vectors, ideal, nadir), 12);
      }),
    );
  });
});
