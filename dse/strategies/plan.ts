/**
 * The designs an enumerating strategy visits, in a fixed order: every
 * scenario with the same value-index vectors. Designs are made one at a time
 * as the sweep asks for them (a million-design grid is never held whole);
 * those a constraint rules out come as null; repeats (random draws) merge by
 * hash.
 */
import { makeDesign, type Design } from '../design.js';
import type { Space } from '../space.js';
import { gridGenes, lhsGenes, randomGenes } from './sampling.js';

export interface Plan {
  designs: Design[];
  /** Points ruled out by constraints (per scenario x points). */
  excluded: number;
}

/** Points the plan visits (scenarios x value vectors, before constraints and repeats). */
export function planSize(space: Space): number {
  const s = space.strategy;
  const per = s.kind === 'grid' ? space.parameters.reduce((n, p) => n * p.values.length, 1) : s.kind === 'nsga2' ? s.evaluations : s.samples;
  return per * space.scenarios.length;
}

/** The designs of the plan one by one: a Design, or null for a point a constraint rules out. */
export function* planStream(space: Space, seed: number): Generator<Design | null> {
  const sizes = space.parameters.map((p) => p.values.length);
  const s = space.strategy;
  if (s.kind === 'nsga2') throw new Error('planStream: nsga2 is not an enumerating strategy');
  // A grid visits every vector once; samples may repeat one.
  const seen = s.kind === 'grid' ? undefined : new Set<string>();
  const genes = (): Iterable<number[]> => (s.kind === 'grid' ? gridGenes(sizes) : s.kind === 'random' ? randomGenes(sizes, s.samples, seed) : lhsGenes(sizes, s.samples, seed));
  for (let sc = 0; sc < space.scenarios.length; sc++) {
    for (const g of genes()) {
      const d = makeDesign(space, sc, g);
      if (!d) yield null;
      else if (!seen) yield d;
      else if (!seen.has(d.hash)) {
        seen.add(d.hash);
        yield d;
      }
    }
  }
}

export function planDesigns(space: Space, seed: number): Plan {
  const designs: Design[] = [];
  let excluded = 0;
  for (const d of planStream(space, seed)) {
    if (d) designs.push(d);
    else excluded++;
  }
  return { designs, excluded };
}
