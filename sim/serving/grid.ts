/**
 * The grid iteration costs are memoised on: every whole number up to 64,
 * then 32 points per octave (.., 128, 132, .., 256, 264, ..), so neighbours
 * are at most 3.2 % apart and every power of two is a point. Powers of two
 * matter because hardware tiles are powers of two: a template's cost is
 * piecewise linear in a step's tokens and contexts with breaks at tile
 * multiples, and between grid points it is interpolated linearly.
 */
export interface Bracket {
  readonly lo: number;
  readonly hi: number;
  /** Weight of `hi`: x = lo + frac * (hi - lo). */
  readonly frac: number;
}

export function gridStep(x: number): number {
  if (x <= 64) return 1;
  return 2 ** (Math.floor(Math.log2(x)) - 5);
}

/** The grid points around x >= 0 (one point when x is on the grid). */
export function bracket(x: number): Bracket {
  const step = gridStep(x);
  const lo = Math.floor(x / step) * step;
  if (lo === x) return { lo, hi: lo, frac: 0 };
  const hi = lo + step;
  return { lo, hi, frac: (x - lo) / step };
}
