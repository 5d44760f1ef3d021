/**
 * The highest request rate a deployment sustains within an SLO, by
 * bisection. Every probe serves the same requests (the stream rescaled to
 * the probe's rate), so probes differ only in load: the SLO statistic then
 * grows with the rate almost surely, and bisection is sound.
 */
import type { CapacityProbe } from './result.js';

export interface CapacityOutcome {
  readonly max_rate_rps: number;
  readonly probes: CapacityProbe[];
  readonly unbounded: boolean;
}

/** Bisect on the rate until the bracket is within `tolerance` of its top; `start` is a first guess (e.g. one request at a time). */
export function searchCapacity(probe: (rate: number) => CapacityProbe, start: number, tolerance = 0.01): CapacityOutcome {
  if (!(start > 0 && Number.isFinite(start))) throw new Error(`capacity search from rate ${start}`);
  const probes: CapacityProbe[] = [];
  const ok = (rate: number): boolean => {
    const p = probe(rate);
    probes.push(p);
    return p.meets_slo;
  };
  let lo = 0;
  let hi = Number.NaN;
  let r = start;
  if (ok(r)) {
    lo = r;
    for (let i = 0; i < 40 && Number.isNaN(hi); i++) {
      r *= 2;
      if (ok(r)) lo = r;
      else hi = r;
    }
    if (Number.isNaN(hi)) return { max_rate_rps: lo, probes, unbounded: true };
  } else {
    hi = r;
    // Below a thousandth of one-at-a-time service the requests hardly overlap: an SLO missed there is missed at any rate.
    for (let i = 0; i < 10 && lo === 0; i++) {
      r /= 2;
      if (ok(r)) lo = r;
      else hi = r;
    }
    if (lo === 0) return { max_rate_rps: 0, probes, unbounded: false };
  }
  while (hi - lo > tolerance * hi) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return { max_rate_rps: lo, probes, unbounded: false };
}
