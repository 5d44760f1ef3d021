/**
 * The accelerator-template interface. Every kind of machine tasim models (a
 * DFX-style appliance, an N:M sparse engine, a butterfly engine, a systolic
 * ASIC, a GPU under a software stack) is one implementation of this: data
 * (its spec schema, units and capabilities) plus one lowering. The driver in
 * run.ts does everything else the same way for all of them: the step loop,
 * reuse of identical layers and passes, scheduling, energy, the memory check,
 * resources, detail and the result document.
 */
import type { z } from 'zod';
import type { ArchSpec, TemplateName } from '../arch/registry.js';
import type { ModelConfig } from '../workloads/model.js';
import type { NmPattern } from '../workloads/sparsity.js';
import type { DType, OpKind, StepOps, StepSpec, Workload } from '../workloads/trace.js';
import type { EnergyModel } from './accumulate.js';
import type { Block } from './engine/program.js';
import type { Resources } from './result.js';

/** What a template can run. Anything a run asks for beyond these is a user error, never ignored. */
export interface Capabilities {
  /** N:M weight patterns with native support; 'any' = every pattern runs (natively or as dense, the template's business). */
  readonly nm: readonly NmPattern[] | 'any';
  /** What to do when a pattern is not supported. */
  readonly nmFix: string;
  /** Weight storage and activation precisions the datapath has (per-layer plans may use any listed weight precision no wider than the design's). */
  readonly precisions: { readonly weights: readonly DType[]; readonly activations: readonly DType[] };
  /** Largest number of devices working together (1 = single device). */
  readonly maxDevices: number;
  /** How a batch of sequences runs: together in one pass, or one sequence after another. */
  readonly batching: 'parallel' | 'sequential';
}

/** A step lowered to blocks: `pre` once, each segment of identical layers `count` times, `post` once. */
export interface LoweredStep {
  readonly pre?: Block;
  readonly segments: readonly { readonly block: Block; readonly count: number }[];
  readonly post?: Block;
}

/** What occupies a device's off-chip memory, for the memory check and memory planning. */
export interface MemoryPlan {
  /** Bytes per device, and what they are ("HBM of U280"). */
  readonly capacity: number;
  readonly where: string;
  /** Weight bytes of the whole model as stored (compressed where the design compresses them). */
  readonly weights: number;
  /** Bytes per cached key or value element. */
  readonly kvBytesPerValue: number;
  /** Per device, on top of weights and cache: runtime reserve, activations in flight. */
  readonly extra?: readonly { readonly name: string; readonly bytes: number }[];
}

/** Peak rates of the whole design, for the roofline. */
interface PeakRates {
  readonly flops_per_s: number;
  readonly bytes_per_s: number;
}

/**
 * One accelerator template. `S` is its validated spec (the zod schema's
 * output, SI units), `P` the derived numbers its lowering needs (computed
 * once per design by the driver).
 */
export interface Template<S extends ArchSpec = ArchSpec, P = unknown> {
  readonly name: TemplateName;
  /** The spec schema (arch/schema/<name>.ts): fields, units, bounds. */
  readonly schema: z.ZodType<S>;
  /** Operator kinds the lowering handles. */
  readonly ops: ReadonlySet<OpKind>;
  params(spec: S, ref: string): P;
  /** Names of the units instructions run on (for utilisation and timelines). */
  units(p: P): readonly string[];
  /** Schedule ticks per second: the clock, or 1e9 where the template counts nanoseconds. */
  tickRate(p: P): number;
  /** Ticks added to every dependency edge (instruction issue and scoreboard). */
  edgeLatency(p: P): number;
  capabilities(spec: S, p: P): Capabilities;
  /** The design's weight and activation precision. */
  precision(spec: S): { readonly weights: DType; readonly activations: DType };
  /** Why the design cannot run this workload (a missing memory, too few ports, ...), or undefined. Resources and memory are checked by the driver. */
  infeasibility(spec: S, p: P, w: Workload): string | undefined;
  memory(spec: S, p: P, w: Workload): MemoryPlan | string;
  /**
   * The passes the engine runs back to back for a step (a matrix-vector
   * datapath runs one token of one sequence at a time), each `times` over.
   * With `reuse` (not --exact), consecutive passes of equal `passKey` may
   * come as one with their times summed. Absent: the step is one pass.
   */
  passes?(p: P, step: StepSpec, reuse: boolean): Iterable<{ readonly step: StepSpec; readonly times: number }>;
  /** Passes with equal keys cost exactly the same (the driver simulates one of them unless --exact). */
  passKey?(p: P, step: StepSpec): number | undefined;
  lower(p: P, ops: StepOps, model: ModelConfig): LoweredStep;
  /**
   * Re-cost in place a lowering `lower` made, for the ops of another step
   * that differs from it only in attention's context (the driver checks that
   * every other op is the very same): only layer blocks' cycle counts and
   * events may change, never their instructions or dependencies. Returns
   * the step's signature: numbers of which every count it sets is a fixed
   * multiple (the same factors for every re-costing of this lowering), so
   * that where signatures vary affinely the counts do (sim/ranges.ts). False
   * when it cannot (the driver lowers the step again). Absent: every step is
   * lowered anew.
   */
  recost?(p: P, lowered: LoweredStep, ops: StepOps): readonly number[] | false;
  energy(spec: S, p: P): EnergyModel;
  /** FPGA resources or ASIC area of one device (for this model's context length), or null (a GPU). */
  resources(spec: S, model: ModelConfig): Resources | null;
  peak(spec: S, p: P): PeakRates;
  /** Price of one device, when known. */
  price(spec: S): number | null;
  /** Extra fields for the result document (e.g. the GPU software stack). */
  describe?(spec: S): { readonly stack?: string };
}

/** A template with its spec and params types erased, for the registry. */
export type AnyTemplate = Template<ArchSpec, unknown>;

export function defineTemplate<S extends ArchSpec, P>(t: Template<S, P>): AnyTemplate {
  return t as unknown as AnyTemplate;
}
