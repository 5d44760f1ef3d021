import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designHash, gridSize, makeDesign } from '../../dse/design.js';
import { inShard, parseShard } from '../../dse/shard.js';
import { loadSpace } from '../../dse/space.js';
import { planDesigns } from '../../dse/strategies/plan.js';
import { gridGenes, lhsGenes, randomGenes } from '../../dse/strategies/sampling.js';

describe('enumerating strategies', () => {
  it('grid visits every index vector once', () => {
    const gs = [...gridGenes([3, 1, 4])].map((g) => g.join(','));
    expect(gs).toHaveLength(12);
    expect(new Set(gs).size).toBe(12);
  });

  it('LHS uses every stratum of every dimension exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const size = n * 3;
        const gs = lhsGenes([size, size], n, seed);
        for (const d of [0, 1]) expect(new Set(gs.map((g) => Math.floor(g[d] / 3))).size).toBe(n);
      }),
    );
  });

  it('random and LHS repeat for a seed and differ across seeds', () => {
    expect(randomGenes([5, 5, 5], 20, 7)).toEqual(randomGenes([5, 5, 5], 20, 7));
    expect(lhsGenes([9, 9], 9, 7)).toEqual(lhsGenes([9, 9], 9, 7));
    expect(randomGenes([5, 5, 5], 20, 7)).not.toEqual(randomGenes([5, 5, 5], 20, 8));
  });

  it('apply constraints and derived parameters; hashes ignore order and derived values', async () => {
    const s = await loadSpace(join(__dirname, 'fixtures', 'small.yaml'));
    const plan = planDesigns(s, 0);
    expect(gridSize(s)).toBe(48);
    expect(plan.excluded).toBe(8); // 64 lanes x d 128 = 8192 MACs
    expect(plan.designs).toHaveLength(40);
    const d = plan.designs[0];
    expect(d.params['mpu.zigzag_cols']).toBe(d.params['mpu.d']);
    expect(d.sets.find(([p]) => p === 'mpu.zigzag_cols')).toBeDefined();
    expect(d.sets.find(([p]) => p === 'macs')).toBeUndefined();
    expect(makeDesign(s, 0, d.genes)?.hash).toBe(d.hash);
    expect(designHash({ model: 'm', mix: 'x' }, { a: 1, b: 2 })).toBe(designHash({ model: 'm', mix: 'x' }, { b: 2, a: 1 }));
  });
});

describe('shards', () => {
  it('split any set of hashes into disjoint parts covering it', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 16, maxLength: 16, unit: fc.constantFrom(...'0123456789abcdef') })), fc.integer({ min: 1, max: 9 }), (hashes, n) => {
        for (const h of hashes) expect(Array.from({ length: n }, (_, i) => inShard(h, { index: i + 1, count: n })).filter(Boolean)).toHaveLength(1);
      }),
    );
  });

  it('parse i/n and reject the rest', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(() => parseShard('0/8')).toThrow(/--shard: 0\/8: expected i\/n/);
    expect(() => parseShard('9/8')).toThrow(/expected i\/n/);
  });
});
