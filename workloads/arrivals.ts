/**
 * Generated request streams: arrivals of a renewal process at a rate
 * (Poisson, or gamma inter-arrival times for burstier traffic) and request
 * lengths drawn from distributions or from a weighted mix. A seed makes a
 * stream reproducible; arrivals and lengths draw from separate generators,
 * so changing the lengths leaves the arrival times as they were.
 */
import { randomGamma, randomLcg } from 'd3-random';
import { type LengthDistribution, describeLength, lengthSampler } from './length-distribution.js';
import type { ArrivingRequest, RequestStream } from './request-stream.js';

/** Inter-arrival times: exponential (Poisson arrivals), or gamma with a coefficient of variation (cv 1 = Poisson, above 1 = bursty). */
export type ArrivalProcess = { readonly kind: 'poisson' } | { readonly kind: 'gamma'; readonly cv: number };

/** Prompt and answer lengths: independent distributions, or (input, output) pairs in proportion to their weights. */
type RequestShapes =
  | { readonly kind: 'lengths'; readonly input: LengthDistribution; readonly output: LengthDistribution }
  | { readonly kind: 'mix'; readonly pairs: readonly { readonly input: number; readonly output: number; readonly weight: number }[] };

export interface StreamSpec {
  readonly arrivals: ArrivalProcess;
  readonly rate_rps: number;
  readonly requests: number;
  readonly shapes: RequestShapes;
  readonly seed: number;
}

/** A generator for one of a seed's streams; the seed is hashed so that nearby seeds start far apart. */
function seeded(seed: number, stream: number): () => number {
  let x = (Math.imul(seed | 0, 0x9e3779b9) + stream) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return randomLcg(((x ^ (x >>> 16)) >>> 0) / 2 ** 32);
}

function interArrival(p: ArrivalProcess, rate: number, source: () => number): () => number {
  // Poisson is gamma with shape 1; shape 1/cv^2 and scale 1/(rate * shape) keep the mean at 1/rate.
  const shape = p.kind === 'poisson' ? 1 : 1 / (p.cv * p.cv);
  return randomGamma.source(source)(shape, 1 / (rate * shape));
}

function shapeSampler(s: RequestShapes, source: () => number): () => { input: number; output: number } {
  if (s.kind === 'lengths') {
    const i = lengthSampler(s.input, source);
    const o = lengthSampler(s.output, source);
    return () => ({ input: i(), output: o() });
  }
  const total = s.pairs.reduce((a, p) => a + p.weight, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const p of s.pairs) {
    acc += p.weight / total;
    cum.push(acc);
  }
  return () => {
    const u = source();
    let k = 0;
    while (k < cum.length - 1 && u >= cum[k]) k++;
    return { input: s.pairs[k].input, output: s.pairs[k].output };
  };
}

export function generateStream(spec: StreamSpec): RequestStream {
  const gap = interArrival(spec.arrivals, spec.rate_rps, seeded(spec.seed, 1));
  const shape = shapeSampler(spec.shapes, seeded(spec.seed, 2));
  const requests: ArrivingRequest[] = [];
  let t = 0;
  for (let id = 0; id < spec.requests; id++) {
    t += gap();
    const { input, output } = shape();
    requests.push({ id, arrival_s: t, input, output });
  }
  return { requests, rate_rps: spec.rate_rps, source: describeStream(spec) };
}

function describeStream(spec: StreamSpec): string {
  const arr = spec.arrivals.kind === 'poisson' ? 'Poisson' : `gamma (cv ${spec.arrivals.cv})`;
  const lens =
    spec.shapes.kind === 'lengths'
      ? `input ${describeLength(spec.shapes.input)}, output ${describeLength(spec.shapes.output)}`
      : `a mix of ${spec.shapes.pairs.length} request shapes`;
  return `${spec.requests} requests, ${arr} arrivals at ${spec.rate_rps} req/s, ${lens}, seed ${spec.seed}`;
}
