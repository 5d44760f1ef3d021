/**
 * What a server is asked to do over time: requests, each arriving at its
 * own moment with its own prompt and answer lengths. Streams come from an
 * arrival process (arrivals.ts) or a trace file (request-trace.ts).
 */

import { REQUEST_BOUNDS } from './model-bounds.js';

/**
 * Bounds of a request stream (see docs/limits.md): a million requests take a
 * serving simulation tens of seconds; a length distribution whose mean or
 * maximum exceeds the longest request any model takes describes no traffic.
 */
export const STREAM_LIMITS = {
  requests: 1_000_000,
  tokens: REQUEST_BOUNDS.tokens,
  /** Coefficient of variation of gamma inter-arrival times. */
  cv: 100,
  /** Requests per second. */
  rate: 1e9,
  /** Output tokens of all requests of a stream: each is a step of some iteration to simulate. */
  outputTokens: 10_000_000,
} as const;

/** Output tokens a stream asks for. */
export function outputTokens(s: RequestStream): number {
  let n = 0;
  for (const r of s.requests) n += r.output;
  return n;
}

/** One request as a server sees it. Token counts are whole numbers; `output` 0 only for encoder models. */
export interface ArrivingRequest {
  readonly id: number;
  readonly arrival_s: number;
  readonly input: number;
  readonly output: number;
  /** Where the request was read from ("chat.csv line 12"), for messages about it. */
  readonly origin?: string;
}

/** Requests in arrival order, and the rate they were offered at. */
export interface RequestStream {
  readonly requests: readonly ArrivingRequest[];
  /** Offered load: the process's rate, or a trace's requests over its span. */
  readonly rate_rps: number;
  /** How the stream was made, for reports ("poisson at 2 req/s", "trace chat.csv"). */
  readonly source: string;
}

/**
 * The same requests offered at another rate: arrival times stretched or
 * compressed, lengths unchanged. Capacity searches probe rates this way, so
 * every probe sees the same requests in the same order (common random numbers).
 */
export function atRate(s: RequestStream, rate_rps: number): RequestStream {
  if (!(rate_rps > 0) || !Number.isFinite(rate_rps)) throw new Error(`atRate: rate must be positive, got ${rate_rps}`);
  const k = s.rate_rps / rate_rps;
  const t0 = s.requests[0]?.arrival_s ?? 0;
  return {
    requests: s.requests.map((r) => ({ ...r, arrival_s: t0 + (r.arrival_s - t0) * k })),
    rate_rps,
    source: s.source,
  };
}
