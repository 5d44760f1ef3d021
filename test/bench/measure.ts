/**
 * Timing for `npm run bench` on a shared machine. CPU time of this process
 * (the measured thread plus the engine's helper threads) is what one core
 * costs whatever else runs; wall time is what a user waits.
 */

/** Repeat `fn` for at least `seconds` after a warm-up; calls per second of wall time. */
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

/** Calls per second of CPU time: the best of `rounds` rounds of about `seconds` each, after a warm-up. */
export function cpuRate(fn: () => unknown, rounds = 5, seconds = 1, warmup = 200): number {
  for (let i = 0; i < warmup; i++) fn();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    while (performance.now() - t0 < seconds * 1e3) {
      for (let i = 0; i < 10; i++) fn();
      n += 10;
    }
    const c = process.cpuUsage(c0);
    best = Math.max(best, n / ((c.user + c.system) / 1e6));
  }
  return best;
}

/** The median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
