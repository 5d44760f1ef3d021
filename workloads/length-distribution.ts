/**
 * Prompt and answer lengths of a request stream: a fixed count or a
 * distribution, written on the command line as
 *   64                   every request 64 tokens
 *   uniform:32:512       whole numbers from 32 to 512, equally likely
 *   exponential:128      exponential with mean 128 (rounded, at least 1)
 *   lognormal:256:0.8    lognormal with mean 256 and coefficient of variation 0.8 (rounded, at least 1)
 */
import { randomExponential, randomLogNormal, randomUniform } from 'd3-random';
import { UserError } from '../arch/user-error.js';
import { STREAM_LIMITS } from './request-stream.js';

export type LengthDistribution =
  | { readonly kind: 'fixed'; readonly tokens: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly cv: number };

const FORMS = 'a token count (64), uniform:MIN:MAX, exponential:MEAN or lognormal:MEAN:CV';

/** Read a length argument; `min` is 1 for prompts and answers of decoders, 0 where an encoder asks for no answer. */
export function readLengthDistribution(text: string, input: string, min: number): LengthDistribution {
  const t = text.trim();
  const bad = (problem: string): UserError => new UserError({ input, field: t, problem, fix: `write ${FORMS}` });
  const num = (s: string | undefined, what: string): number => {
    const v = Number(s);
    if (s === undefined || s.trim() === '' || !Number.isFinite(v)) throw bad(`${what} "${s ?? ''}" is not a number`);
    return v;
  };
  const most = STREAM_LIMITS.tokens;
  const whole = (s: string | undefined, what: string, lo: number): number => {
    const v = num(s, what);
    if (!Number.isInteger(v) || v < lo || v > most) throw bad(`${what} must be a whole number from ${lo} to ${most.toLocaleString('en-US')}`);
    return v;
  };
  const mean = (s: string | undefined): number => {
    const v = num(s, 'MEAN');
    if (v < 1 || v > most) throw bad(`MEAN must be from 1 to ${most.toLocaleString('en-US')} tokens`);
    return v;
  };
  const parts = t.split(':');
  if (parts.length === 1) return { kind: 'fixed', tokens: whole(parts[0], 'the token count', min) };
  const [kind, ...args] = parts;
  const arity = (n: number) => {
    if (args.length !== n) throw bad(`${kind} takes ${n} number${n > 1 ? 's' : ''}`);
  };
  switch (kind) {
    case 'uniform': {
      arity(2);
      const lo = whole(args[0], 'MIN', Math.max(min, 1));
      const hi = whole(args[1], 'MAX', lo);
      return { kind: 'uniform', min: lo, max: hi };
    }
    case 'exponential': {
      arity(1);
      return { kind: 'exponential', mean: mean(args[0]) };
    }
    case 'lognormal': {
      arity(2);
      const m = mean(args[0]);
      const cv = num(args[1], 'CV');
      if (cv <= 0 || cv > STREAM_LIMITS.cv) throw bad(`CV must be greater than 0 and at most ${STREAM_LIMITS.cv} (use a fixed count for no spread)`);
      return { kind: 'lognormal', mean: m, cv };
    }
    default:
      throw bad(`unknown distribution "${kind}"`);
  }
}

/** A seeded sampler of whole token counts (at least 1 for the spread forms; a draw past the longest request any model takes is kept just past it, to be dropped as too long). */
export function lengthSampler(d: LengthDistribution, source: () => number): () => number {
  switch (d.kind) {
    case 'fixed':
      return () => d.tokens;
    case 'uniform': {
      const u = randomUniform.source(source)(d.min, d.max + 1);
      return () => Math.min(d.max, Math.floor(u()));
    }
    case 'exponential': {
      const e = randomExponential.source(source)(1 / d.mean);
      return () => Math.min(STREAM_LIMITS.tokens + 1, Math.max(1, Math.round(e())));
    }
    case 'lognormal': {
      // A lognormal with mean m and coefficient of variation c: sigma^2 = ln(1 + c^2), mu = ln m - sigma^2 / 2.
      const s2 = Math.log(1 + d.cv * d.cv);
      const l = randomLogNormal.source(source)(Math.log(d.mean) - s2 / 2, Math.sqrt(s2));
      return () => Math.min(STREAM_LIMITS.tokens + 1, Math.max(1, Math.round(l())));
    }
  }
}

export function describeLength(d: LengthDistribution): string {
  switch (d.kind) {
    case 'fixed':
      return String(d.tokens);
    case 'uniform':
      return `uniform ${d.min}-${d.max}`;
    case 'exponential':
      return `exponential, mean ${d.mean}`;
    case 'lognormal':
      return `lognormal, mean ${d.mean}, cv ${d.cv}`;
  }
}
