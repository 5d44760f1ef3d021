/**
 * The GPU template: one or more identical GPUs running a transformer with
 * tensor parallelism under a named software stack. The device part holds
 * datasheet figures; `stacks` holds the software stacks as data (the kernels
 * each operator becomes, where their fixed costs are paid, achieved
 * efficiencies as curves) and `stack` picks one. docs/gpu.md says how a
 * stack is written.
 */
import { z } from 'zod';
import { count, deviceCount, dtype, fraction, positive, positiveCount, qty } from './common.js';

/** Kinds every stack must price (a catch-all entry each); the newer kinds fall back to the nearest of these (sim/gpu/lower.ts) unless listed. */
const REQUIRED_KINDS = ['embedding', 'layernorm', 'linear', 'attn_scores', 'softmax', 'attn_context', 'gelu', 'residual', 'butterfly', 'fft'] as const;
/** The trace's operator kinds and weight roles (workloads/trace.ts); sim/gpu/params.ts holds them equal at compile time. */
export const OP_KINDS = [...REQUIRED_KINDS, 'rmsnorm', 'rotary', 'relu', 'silu_mul'] as const;
export const WEIGHT_ROLES = ['qkv', 'attn_out', 'mlp_in', 'mlp_gate', 'mlp_out', 'lm_head', 'embedding', 'embed_proj', 'norm'] as const;
/**
 * The kinds whose operators carry a weight role (products and butterfly layers their matrix, norms
 * their scale, embeddings their table): a `covers.weight` on any other kind matches nothing.
 */
export const WEIGHTED_KINDS: ReadonlySet<(typeof OP_KINDS)[number]> = new Set(['linear', 'butterfly', 'layernorm', 'rmsnorm', 'embedding']);
/**
 * The kinds whose operators read the KV cache: the only ones whose `kv_copies` the lowering prices
 * (sim/gpu/lower.ts deviceWork; a product's bytes are its weights and activations alone).
 */
export const KV_KINDS: ReadonlySet<(typeof OP_KINDS)[number]> = new Set(['attn_scores', 'attn_context']);

/** Megatron's small-batch decode GEMMs reach under 1 % of peak (docs/gpu.md): a fraction bounded lower than `fraction`. */
const decodeFraction = z.number().gte(1e-4).lte(1);
/** A CTA (thread-block) tile of a GEMM kernel: the output rows and columns one SM computes at a time. */
const tile = z.strictObject({ m: positiveCount, n: positiveCount });
/** Achieved fraction of peak DRAM bandwidth vs the bytes one kernel moves; interpolated in log(bytes). */
const bytesPoint = z.strictObject({ bytes: qty('bytes'), efficiency: fraction });
/** Realised speedup of a 2:4 sparse GEMM kernel over the dense one vs GEMM rows; interpolated in log(rows). */
const speedupPoint = z.strictObject({ rows: positiveCount, speedup: positive });

/**
 * Which operators a kernel entry covers: an operator kind, optionally only
 * those with one weight role, optionally only in prefill (several new tokens
 * per sequence) or decode (one).
 */
const covers = z.strictObject({
  kind: z.enum(OP_KINDS),
  weight: z.enum(WEIGHT_ROLES).optional(),
  stage: z.enum(['prefill', 'decode']).optional(),
});

/** Kernels or host operators of one entry. No operator needs more than 64. */
const perOp = count.max(64);

/** The kernels a stack runs for the operators an entry covers; the first entry that matches an operator is used. */
const kernelEntry = z.strictObject({
  /** What the stack's source calls the kernel(s). */
  name: z.string(),
  covers,
  /** GPU kernels launched; 0 = fused into the kernel before it (its intermediate never reaches DRAM). */
  kernels: perOp,
  /** Framework operators dispatched on the host for it (eager frameworks: one per tensor op); 0 for a C++ host loop. */
  host_ops: perOp,
  /** Times the stack copies the whole KV cache (keys and values) per step to append to it (torch.cat of the past: 1); each reads and writes it. */
  kv_copies: perOp.optional(),
});
export type KernelEntry = z.output<typeof kernelEntry>;

const stackSchema = z
  .strictObject({
    description: z.string(),
    /** Fixed costs and where they are paid. */
    fixed: z.strictObject({
      /** GPU-side time of every kernel on top of its work (launch latency, ramp-up, wave tail). */
      gpu_per_kernel: qty('time'),
      /** Host time to launch one kernel (CUDA runtime and driver). */
      host_per_kernel: qty('time'),
      /** Host time per framework operator (Python and framework dispatch), on top of its launches. */
      host_per_op: qty('time'),
      /** GPU-side time of a collective on top of its ring steps and bytes (NCCL kernel and synchronisation). */
      collective: qty('time'),
      /**
       * Host time at the start of every pass that the GPU waits for: a Python engine's work between two
       * steps (output processing, scheduling, building the next inputs) runs after the previous step's
       * tokens reach the host and before the next step's first kernel, so no kernel can hide it.
       */
      host_per_pass: qty('time'),
    }),
    /** Work of every step that emits tokens, besides the model's operators (sampling, stop check, copying the token to the host): kernels, and framework operators on the host. */
    per_token: z.strictObject({ kernels: perOp, host_ops: perOp }),
    /** Host time of a request before its first kernel (setup, input copy) and after its last (output copy). */
    per_request: qty('time'),
    /**
     * Whether the prefill samples the first token. false: the context phase only fills the KV cache,
     * and the first token comes from a decode pass that runs the last prompt token again.
     */
    prefill_emits: z.boolean(),
    /** Whether the stack generates tokens; false: an encoder engine, which runs only requests without output tokens. */
    generates: z.boolean(),
    /** Whether the host waits for each operator's kernels before it dispatches the next (no overlap of host and GPU work). */
    host_waits: z.boolean(),
    memory_efficiency: z.array(bytesPoint).min(1),
    /**
     * Tensor-core GEMMs: the library picks, per shape, the CTA tile and K split that finish first; a GEMM
     * runs in whole waves of CTAs over the SMs, each CTA at `efficiency` of the SM's peak (less when the
     * tile is too small for L2 to feed it). No tiles = ideal (no tile or wave quantisation).
     */
    gemm: z.strictObject({
      efficiency: fraction,
      tiles: z.array(tile),
      /** Largest number of CTAs one output tile's K may be split over (split-K), partial sums reduced in FP32. */
      split_k: positiveCount,
      /** The splits tried: 1, then each this many times the last, up to split_k. */
      split_k_step: count.min(2),
      /** Fewest K values one split may get (one k-block of the kernel's main loop): no deeper split is tried below it. */
      split_k_min_depth: positiveCount,
      /**
       * For a stack whose decode GEMMs (one new token per sequence) run slower than tiles and waves
       * explain: the fraction of peak they reach on their useful FLOPs, so that their time grows with
       * every sequence of the batch. Absent: decode GEMMs are tiled like any other.
       */
      decode_efficiency: decodeFraction.optional(),
    }),
    /** Achieved fraction of the link bandwidth by the stack's collectives (NCCL bus bandwidth / link bandwidth). */
    link_efficiency: fraction,
    kernels: z.array(kernelEntry).min(1),
  })
  .superRefine((s, ctx) => {
    // Every operator kind must be covered by an entry that matches all of its operators, so that no operator goes unpriced.
    for (const kind of REQUIRED_KINDS) {
      if (!s.kernels.some((k) => k.covers.kind === kind && !k.covers.weight && !k.covers.stage)) {
        ctx.addIssue({
          code: 'custom',
          path: ['kernels'],
          message: `no kernel entry covers every "${kind}" operator`,
          params: { fix: `add an entry with covers: { kind: ${kind} } after the more specific ones` },
        });
      }
    }
    s.kernels.forEach((e, i) => {
      const c = e.covers;
      if (c.weight && !WEIGHTED_KINDS.has(c.kind))
        ctx.addIssue({
          code: 'custom',
          path: ['kernels', i, 'covers', 'weight'],
          message: `"${c.kind}" operators carry no weight, so this entry (${e.name}) matches nothing`,
          params: { fix: `drop covers.weight, or use it on one of: ${[...WEIGHTED_KINDS].join(', ')}` },
        });
      if (e.kv_copies !== undefined && !KV_KINDS.has(c.kind))
        ctx.addIssue({
          code: 'custom',
          path: ['kernels', i, 'kv_copies'],
          message: `"${c.kind}" operators do not read the KV cache, so kv_copies of this entry (${e.name}) is never priced`,
          params: { fix: `drop kv_copies, or give it on an entry of: ${[...KV_KINDS].join(', ')}` },
        });
      // The first matching entry wins: one whose operators an earlier entry all matches is never used.
      const j = s.kernels.findIndex(
        (b, bi) => bi < i && b.covers.kind === c.kind && (!b.covers.weight || b.covers.weight === c.weight) && (!b.covers.stage || b.covers.stage === c.stage),
      );
      if (j >= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['kernels', i, 'covers'],
          message: `entry ${i} (${e.name}) is never used: entry ${j} (${s.kernels[j].name}) comes first and covers all its operators`,
          params: { fix: `move it before entry ${j}, or delete it` },
        });
    });
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
      /** L2-to-SM read bandwidth, all SMs together: what feeds GEMM tiles their operands. */
      l2_bandwidth: qty('bandwidth'),
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
      /** Realised speedup of a 2:4 GEMM kernel over the dense kernel, by rows (below 1 where the sparse kernel is slower). */
      speedup: z.array(speedupPoint).min(1),
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
    /** Host time multiplier of the machine running the stack (CPU, driver and framework versions) against the machines the stacks were fitted on. */
    host_scale: positive,
    stacks: z.record(z.string(), stackSchema),
  })
  .superRefine((a, ctx) => {
    if (!Object.hasOwn(a.stacks, a.stack)) {
      ctx.addIssue({ code: 'custom', path: ['stack'], message: `unknown stack "${a.stack}"`, params: { fix: `use one of: ${Object.keys(a.stacks).join(', ')}` } });
    }
    if (a.power.idle > a.power.tdp)
      ctx.addIssue({ code: 'custom', path: ['power', 'idle'], message: 'idle power exceeds TDP', params: { fix: 'give an idle power at most power.tdp' } });
  });
export type GpuArch = z.output<typeof gpuSchema>;
