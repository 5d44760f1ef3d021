/**
 * The highest request rate a deployment sustains within an SLO, by
 * bisection. Every probe serves the same requests (the stream rescaled to
 * the probe's rate), so probes differ only in load: the SLO statistic then
 * grows with the rate almost surely, and bisection is sound.
 *
 * No rate at or above the deployment's saturation throughput (what it
 * completes per second when requests pile up) is sustainable: the queue
 * grows without bound however the SLO looked over a finite probe. The
 * search never goes above it.
 */
import type { CapacityProbe } from './result.js';

export interface CapacityOutcome {
  readonly max_rate_rps: number;
  readonly probes: CapacityProbe[];
  readonly unbounded: boolean;
}

/**
 * Bisect on the rate until the bracket is within `tolerance` of its top.
 * `start` is a first guess (e.g. one request at a time); `ceiling` the
 * saturation throughput, an upper bound that is never met.
 */
export function searchCapacity(probe: (rate: number) => CapacityProbe, start: number, ceiling = Number.POSITIVE_INFINITY, tolerance = 0.01): CapacityOutcome {
  if (!(start > 0 && Number.isFinite(start))) throw new Error(`capacity search from rate ${start}`);
  const probes: CapacityProbe[] = [];
  const ok = (rate: number): boolean => {
    if (rate >= ceiling) return false;
    const p = probe(rate);
    probes.push(p);
    return p.meets_slo;
  };
  let lo = 0;
  let hi = Number.NaN;
  let r = Math.min(start, ceiling);
  if (ok(r)) {
    lo = r;
    for (let i = 0; i < 40 && Number.isNaN(hi); i++) {
      r = Math.min(2 * r, ceiling);
      if (ok(r)) lo = r;
      else hi = r;
    }
    if (Number.isNaN(hi)) return { max_rate_rps: lo, probes, unbounded: true };
  } else {
    hi = r;
    // Below a thousandth of the first guess the requests hardly overlap: an SLO missed there is missed at any rate.
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
