/** Repeat a function for at least `seconds` after a warm-up; return calls per second. */
export function rate(fn: () => unknown, seconds = 2, warmup = 20): number {
  for (let i = 0; i < warmup; i++) fn();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1e3) {
    fn();
    n++;
  }
  return n / ((performance.now() - t0) / 1e3);
}
