/**
 * The `serving:` section of a space file: the load every design is served
 * under, so that metrics under load (ttft_p99_s, goodput_rps, max_rate_rps,
 * ...) can be objectives. Requests are drawn from each scenario's request
 * mix in proportion to its weights.
 *
 *   serving: { policy: continuous, rate: 4, requests: 2000, slo: "ttft_p99=200ms" }
 */
import { z } from 'zod';
import { POLICIES } from '../sim/serving/policy.js';
import { type OptionNames, policyOptionProblem, SERVE_LIMITS } from '../sim/serving/serve.js';
import { readSlo, type SloTerm } from '../sim/serving/slo.js';
import { STREAM_LIMITS } from '../workloads/request-stream.js';
import type { PolicyName } from '../sim/serving/policy.js';

const posInt = z.number().int().positive();

export const servingSchema = z.strictObject({
  policy: z.enum(POLICIES),
  /** Requests per second offered. */
  rate: z.number().positive().max(STREAM_LIMITS.rate),
  requests: posInt.max(STREAM_LIMITS.requests).default(2000),
  arrivals: z.enum(['poisson', 'gamma']).default('poisson'),
  /** Gamma arrivals: coefficient of variation of inter-arrival times. */
  cv: z.number().positive().max(STREAM_LIMITS.cv).optional(),
  seed: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 32 - 1)
    .default(1),
  batch: posInt.max(SERVE_LIMITS.batch).optional(),
  token_budget: posInt.max(SERVE_LIMITS.tokenBudget).optional(),
  replicas: posInt.max(SERVE_LIMITS.replicas).default(1),
  /** e.g. "ttft_p99=200ms": adds goodput_rps and max_rate_rps. */
  slo: z.string().optional(),
});

export type ServingSection = z.output<typeof servingSchema>;

/** The section's fields, as serving refusals name them. */
export const SPACE_NAMES: OptionNames = { batch: 'batch', tokenBudget: 'token_budget', policy: (p) => `policy: ${p}` };

/** The section resolved: plain data, so that it reaches sweep workers as it is. */
export interface ServingSpec {
  readonly policy: PolicyName;
  readonly rate_rps: number;
  readonly requests: number;
  readonly arrivals: { readonly kind: 'poisson' } | { readonly kind: 'gamma'; readonly cv: number };
  readonly seed: number;
  readonly batch?: number;
  readonly tokenBudget?: number;
  readonly replicas: number;
  readonly slo?: readonly SloTerm[];
}

/** Resolve the section; a problem is thrown as [path within the section, message, fix]. */
export async function resolveServing(s: ServingSection): Promise<ServingSpec> {
  const problem = (path: string, msg: string, fix: string) => Object.assign(new Error(msg), { path, fix });
  if (s.arrivals === 'gamma' && s.cv === undefined)
    throw problem('cv', 'gamma arrivals need cv, the coefficient of variation of inter-arrival times', 'add e.g. cv: 2 (1 is Poisson)');
  if (s.arrivals !== 'gamma' && s.cv !== undefined) throw problem('cv', 'only gamma arrivals take cv', 'add arrivals: gamma, or drop cv');
  // Refused as a deployment refuses them, but when the space is read, to name the line.
  const refused = policyOptionProblem({ policy: s.policy, batch: s.batch, tokenBudget: s.token_budget, names: SPACE_NAMES });
  if (refused) throw problem(refused.input, refused.problem, refused.fix ?? '');
  return {
    policy: s.policy,
    rate_rps: s.rate,
    requests: s.requests,
    arrivals: s.arrivals === 'gamma' ? { kind: 'gamma', cv: s.cv as number } : { kind: 'poisson' },
    seed: s.seed,
    ...(s.batch !== undefined ? { batch: s.batch } : {}),
    ...(s.token_budget !== undefined ? { tokenBudget: s.token_budget } : {}),
    replicas: s.replicas,
    ...(s.slo !== undefined ? { slo: await readSlo([s.slo], 'serving.slo') } : {}),
  };
}
