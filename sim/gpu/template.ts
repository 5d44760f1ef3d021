/**
 * The GPU template: one or more GPUs with tensor parallelism under a
 * software stack. The summarization is one batched forward pass (GEMMs),
 * each generated token one pass with a growing KV cache; every pass ends
 * with the host reading the sampled token, so all units drain between passes.
 */
import { type GpuArch, gpuSchema } from '../../arch/schema/gpu.js';
import { headShape, parameterCount } from '../../workloads/model.js';
import { evenHeadSplit } from '../head-split.js';
import { ALL_KINDS, DTYPE_BYTES, type OpKind, type StepSpec } from '../../workloads/trace.js';
import { type Template, defineTemplate } from '../template.js';
import { gpuEnergy } from './energy.js';
import { lowerStep } from './lower.js';
import { GPU_UNITS, type GpuParams, TICKS_PER_S, gpuParams } from './params.js';

const OPS: ReadonlySet<OpKind> = new Set(ALL_KINDS);

/**
 * A prefill that emits is one pass, unless the stack's context phase only fills the cache: then a
 * decode pass over each sequence's last prompt token (its cache entry written again) samples the token.
 */
function* passes(p: GpuParams, step: StepSpec): Generator<{ step: StepSpec; times: number }> {
  const rerun = step.stage === 'summarization' && step.emits && !p.stack.prefill_emits && step.seqs.every((g) => g.tokens > 1);
  if (!rerun) {
    yield { step, times: 1 };
    return;
  }
  yield { step: { ...step, emits: false }, times: 1 };
  yield { step: { stage: step.stage, seqs: step.seqs.map((g) => ({ tokens: 1, context: g.context + g.tokens - 1, count: g.count })), emits: true }, times: 1 };
}

/**
 * Why an encoder stack cannot run a request with output tokens, and the stacks of the spec to use instead:
 * TensorRT's and FasterTransformer's generation engines where the spec has them, else any that generates.
 */
function encoderOnly(a: GpuArch, output: number): string {
  const generating = Object.keys(a.stacks).filter((s) => a.stacks[s].generates);
  const preferred = ['fastertransformer', 'tensorrt-llm'].filter((s) => generating.includes(s));
  const use = preferred.length > 0 ? preferred : generating;
  const fix = use.length > 0 ? `--stack ${use.join(' or ')} for generation, or --output 0` : '--output 0';
  return `the ${a.stack} stack runs encoders only (stacks.${a.stack}.generates is false) and cannot generate ${output} output tokens; use ${fix}`;
}

const template: Template<GpuArch, GpuParams> = {
  name: 'gpu',
  schema: gpuSchema,
  ops: OPS,
  params: (a) => gpuParams(a),
  units: () => GPU_UNITS,
  tickRate: () => TICKS_PER_S,
  edgeLatency: () => 0,
  capabilities: () => ({
    // Every pattern runs: 2:4 on sparse tensor cores where they pay, any other as dense weights (lower.ts).
    nm: 'any',
    nmFix: '',
    // The GPU model prices FP16 tensor-core math; integer and FP32 inference would need their own rates.
    precisions: { weights: ['fp16'], activations: ['fp16'] },
    maxDevices: Number.POSITIVE_INFINITY,
    batching: 'parallel',
  }),
  precision: (a) => a.precision,
  infeasibility(a, p, w) {
    const m = w.model;
    if (!p.stack.generates && w.request.output > 0) return encoderOnly(a, w.request.output);
    if (m.heads % a.devices !== 0)
      return `${m.heads} attention heads cannot be split evenly over ${a.devices} GPUs (tensor parallelism splits by heads); use a device count dividing ${m.heads}`;
    const split = evenHeadSplit(headShape(m), a.devices);
    return typeof split === 'string' ? `${split} (tensor parallelism over GPUs)` : undefined;
  },
  memory: (a, _p, w) => ({
    capacity: a.memory.capacity,
    where: `memory of ${a.name}`,
    weights: parameterCount(w.model) * DTYPE_BYTES[a.precision.weights],
    kvBytesPerValue: DTYPE_BYTES[a.precision.activations],
    extra: [{ name: 'runtime reserve', bytes: a.memory.reserved }],
  }),
  passes,
  lower: (p, ops) => lowerStep(p, ops),
  energy: (a) => gpuEnergy(a),
  resources: () => null,
  peak: (a) => ({ flops_per_s: a.compute.fp16_tensor * a.devices, bytes_per_s: a.memory.bandwidth * a.devices }),
  price: (a) => a.price,
  describe: (a) => ({ stack: a.stack }),
};

export const gpuTemplate = defineTemplate(template);
