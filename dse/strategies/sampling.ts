/**
 * The enumerating strategies: the full grid, uniform random sampling and
 * Latin-hypercube sampling. Each returns value-index vectors in a fixed
 * order; the same seed gives the same vectors.
 */
import { makeRng, randInt, shuffle } from '../rng.js';

/** Every index vector of a grid with these dimension sizes, last dimension fastest. */
export function* gridGenes(sizes: readonly number[]): Generator<number[]> {
  const total = sizes.reduce((n, s) => n * s, 1);
  for (let k = 0; k < total; k++) {
    const g = new Array<number>(sizes.length);
    let r = k;
    for (let i = sizes.length - 1; i >= 0; i--) {
      g[i] = r % sizes[i];
      r = Math.floor(r / sizes[i]);
    }
    yield g;
  }
}

/** `samples` uniform draws (repeats are possible on small grids and merge later by hash). */
export function randomGenes(sizes: readonly number[], samples: number, seed: number): number[][] {
  const rng = makeRng(seed);
  return Array.from({ length: samples }, () => sizes.map((s) => randInt(rng, s)));
}

/**
 * Latin hypercube: each dimension's range is cut into `samples` equal strata
 * and every stratum is used once, in an independent random order per dimension.
 */
export function lhsGenes(sizes: readonly number[], samples: number, seed: number): number[][] {
  const rng = makeRng(seed);
  const perms = sizes.map(() =>
    shuffle(
      rng,
      Array.from({ length: samples }, (_, i) => i),
    ),
  );
  return Array.from({ length: samples }, (_, k) => sizes.map((s, d) => Math.min(s - 1, Math.floor(((perms[d][k] + rng()) / samples) * s))));
}
