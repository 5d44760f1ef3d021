/**
 * How many requests the first capacity probe serves: at least the stream's
 * own length, and at least what was asked (by default enough for a stable
 * 99th percentile). `tasim serve`, a sweep's serving section and the capacity
 * table all ask here, so the same design, load and seed give the same
 * max_rate_rps everywhere.
 */
import { SERVE_DEFAULTS } from './serve.js';

export function probeRequestsFor(requests: number, asked: number = SERVE_DEFAULTS.probeRequests): number {
  return Math.max(requests, asked);
}
