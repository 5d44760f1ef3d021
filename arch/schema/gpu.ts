/**
 * The GPU template: one or more identical GPUs running a transformer with
 * tensor parallelism under a named software stack. The device part holds
 * datasheet figures; `stacks` holds the software profiles (per-kernel host
 * overheads, kernel fusion, achieved efficiencies) and `stack` picks one.
 */
import { z } from 'zod';
import { count, deviceCount, dtype, fraction, positive, positiveCount, qty } from './common.js';

/** Achieved fraction of peak tensor throughput vs GEMM rows (tokens x batch); interpolated in log(rows). */
const efficiencyPoint = z.strictObject({ rows: positiveCount, efficiency: fraction });

/** Kernels launched per trace operator; 0 = fused into the kernel before it. No operator needs more than 64. */
const kernels = count.max(64);
const kernelCounts = z.strictObject({
  embedding: kernels,
  layernorm: kernels,
  linear: kernels,
  attn_scores: kernels,
  softmax: kernels,
  attn_context: kernels,
  gelu: kernels,
  residual: kernels,
  /** Whole attention of a decode step (scores, softmax, context) when the stack has one fused kernel for it; 0 = use the three counts above. */
  decode_attention: kernels,
});

export const stackSchema = z.strictObject({
  description: z.string(),
  /** Host time to launch one kernel (CUDA driver + runtime). */
  launch_overhead: qty('time'),
  /** Host time per framework operator on top of its launches (Python dispatch, module calls). */
  op_overhead: qty('time'),
  /** Host and synchronisation time per collective (all-reduce, all-gather). */
  collective_overhead: qty('time'),
  /** GPU-side time of even an empty kernel (ramp-up, tail, DRAM latency). */
  kernel_floor: qty('time'),
  memory_efficiency: fraction,
  compute_efficiency: z.array(efficiencyPoint).min(1),
  kernels: kernelCounts,
});
export type GpuStack = z.output<typeof stackSchema>;

export const gpuSchema = z
  .strictObject({
    template: z.literal('gpu'),
    name: z.string(),
    devices: deviceCount,
    stack: z.string(),
    precision: z.strictObject({ weights: dtype, activations: dtype }),
    compute: z.strictObject({
      fp16_tensor: qty('flops'),
      fp32: qty('flops'),
      sms: positiveCount,
    }),
    memory: z.strictObject({
      capacity: qty('bytes'),
      bandwidth: qty('bandwidth'),
      l2: qty('bytes'),
      /** Held back from the model by the runtime (CUDA context, allocator, workspace). */
      reserved: qty('bytes'),
    }),
    interconnect: z.strictObject({
      kind: z.enum(['nvlink', 'pcie']),
      /** Per GPU, per direction. */
      bandwidth: qty('bandwidth'),
      latency: qty('time'),
    }),
    sparse_tensor_cores: z.strictObject({
      /** Whether the GPU has 2:4 structured-sparse tensor cores. */
      supported: z.boolean(),
      /** Realised kernel speedup of a 2:4 GEMM with at least `min_rows` rows (well below the 2x peak). */
      gemm_speedup: positive,
      min_rows: positiveCount,
    }),
    power: z.strictObject({
      tdp: qty('power'),
      idle: qty('power'),
      /** Shares of TDP that scale with compute, memory and link utilisation. */
      compute_share: fraction,
      memory_share: fraction,
      link_share: fraction,
    }),
    price: qty('money').nullable(),
    stacks: z.record(z.string(), stackSchema),
  })
  .superRefine((a, ctx) => {
    if (!Object.hasOwn(a.stacks, a.stack)) {
      ctx.addIssue({ code: 'custom', path: ['stack'], message: `unknown stack "${a.stack}"`, params: { fix: `use one of: ${Object.keys(a.stacks).join(', ')}` } });
    }
    if (a.power.idle > a.power.tdp) ctx.addIssue({ code: 'custom', path: ['power', 'idle'], message: 'idle power exceeds TDP', params: { fix: 'give an idle power at most power.tdp' } });
  });
export type GpuArch = z.output<typeof gpuSchema>;
