/**
 * The space file: what to explore (parameters over arch paths), on what
 * (models and request mixes), towards what (objectives) and how (strategy).
 * See docs/dse.md for the format with examples.
 */
import { z } from 'zod';
import { servingSchema } from './serving-spec.js';

/**
 * The most designs a space file may declare with `max_designs`: a sweep keeps
 * a hash per design (about 100 bytes) and its fronts, so ten million designs
 * stay well within 1 GB.
 */
export const MAX_DESIGNS_DECLARED = 10_000_000;

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const posInt = z.number().int().positive();

const request = z.strictObject({
  input: posInt,
  output: z.number().int().nonnegative(),
  batch: posInt.default(1),
  /** Relative weight within the mix (normalised to sum to 1); bounded so that ratios stay finite. */
  weight: z.number().min(1e-9).max(1e9).default(1),
});

/** A trace of requests: a CSV (header with input,output[,batch]) or JSON lines of token counts. */
const traceRef = z.strictObject({
  trace: z.string(),
  /** Round token counts up to a multiple of this before merging equal requests (fewer distinct requests to simulate). */
  bucket: posInt.default(1),
});

const mixSchema = z.union([z.array(request).min(1), traceRef]);

const scalar = z.union([num, z.string(), z.boolean()]);

const valueList = z.strictObject({
  values: z.array(scalar).min(1),
  unit: z.string().optional(),
});
const linearRange = z.strictObject({
  range: z.strictObject({ from: num, to: num, step: num.refine((s) => s > 0, 'must be > 0').optional(), count: z.number().int().min(2).optional() }),
  unit: z.string().optional(),
  integer: z.boolean().default(false),
});
const logRange = z.strictObject({
  log_range: z.strictObject({
    from: num.refine((v) => v > 0, 'must be > 0'),
    to: num.refine((v) => v > 0, 'must be > 0'),
    factor: num.refine((f) => f > 1, 'must be > 1').optional(),
    count: z.number().int().min(2).optional(),
  }),
  unit: z.string().optional(),
  integer: z.boolean().default(false),
});

const parameterSchema = z.union([z.array(scalar).min(1), valueList, linearRange, logRange]);

const objective = z.union([z.string(), z.strictObject({ metric: z.string(), goal: z.enum(['min', 'max']) })]);

const seed = z.number().int().nonnegative().default(1);
const strategy = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('grid') }),
  z.strictObject({ kind: z.literal('random'), samples: posInt, seed }),
  z.strictObject({ kind: z.literal('lhs'), samples: posInt, seed }),
  z.strictObject({
    kind: z.literal('nsga2'),
    population: posInt.min(4).default(24),
    /** Distinct designs simulated per scenario (model x mix), at most. */
    evaluations: posInt,
    seed,
  }),
]);

const baseline = z.strictObject({
  label: z.string(),
  arch: z.string(),
  devices: posInt.optional(),
  stack: z.string().optional(),
  set: z.array(z.string()).default([]),
});

export const spaceSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  base: z.strictObject({
    arch: z.string(),
    model: z.string().optional(),
    devices: posInt.optional(),
    set: z.array(z.string()).default([]),
  }),
  /** Several models make several scenarios, each with its own front. */
  models: z.array(z.string()).min(1).optional(),
  requests: mixSchema.optional(),
  /** Named request mixes; each is a scenario with its own front. */
  mixes: z.record(z.string(), mixSchema).optional(),
  parameters: z.record(z.string(), parameterSchema),
  derived: z.record(z.string(), z.string()).default({}),
  constraints: z.array(z.string()).default([]),
  objectives: z.array(objective).min(2),
  strategy: strategy.default({ kind: 'grid' }),
  /** Designs this space may sweep, when it means to go beyond the default limit (dse/space-limits.ts; --max-designs overrides it). */
  max_designs: posInt.max(MAX_DESIGNS_DECLARED).optional(),
  baselines: z.array(baseline).default([]),
  /** The load designs are served under, for metrics under load (see serving-spec.ts). */
  serving: servingSchema.optional(),
});

export type SpaceFile = z.output<typeof spaceSchema>;
export type ParameterSpec = z.output<typeof parameterSchema>;
export type MixSpec = z.output<typeof mixSchema>;
export type StrategySpec = SpaceFile['strategy'];
export type BaselineSpec = SpaceFile['baselines'][number];
