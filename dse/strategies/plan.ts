/**
 * The designs an enumerating strategy visits, in a fixed order: every
 * scenario with the same value-index vectors. Designs ruled out by a
 * constraint are counted, not kept; repeats (random draws) merge by hash.
 */
import { makeDesign, type Design } from '../design.js';
import type { Space } from '../space.js';
import { gridGenes, lhsGenes, randomGenes } from './sampling.js';

export interface Plan {
  designs: Design[];
  /** Points ruled out by constraints (per scenario x points). */
  excluded: number;
}

export function planDesigns(space: Space, seed: number): Plan {
  const sizes = space.parameters.map((p) => p.values.length);
  const s = space.strategy;
  let genes: Iterable<number[]>;
  if (s.kind === 'grid') genes = gridGenes(sizes);
  else if (s.kind === 'random') genes = randomGenes(sizes, s.samples, seed);
  else if (s.kind === 'lhs') genes = lhsGenes(sizes, s.samples, seed);
  else throw new Error('planDesigns: nsga2 is not an enumerating strategy');
  const gs = [...genes];
  const designs: Design[] = [];
  const seen = new Set<string>();
  let excluded = 0;
  for (let sc = 0; sc < space.scenarios.length; sc++) {
    for (const g of gs) {
      const d = makeDesign(space, sc, g);
      if (!d) excluded++;
      else if (!seen.has(d.hash)) {
        seen.add(d.hash);
        designs.push(d);
      }
    }
  }
  return { designs, excluded };
}
