/**
 * Serving a request stream on a design: the entry point of `tasim serve`
 * and of serving objectives in sweeps. A deployment is prepared once (the
 * design checked as `simulate` checks it, its KV cache sized, its iteration
 * costs memoised) and then serves any number of streams, so a capacity
 * search re-prices nothing it has priced before.
 */
import type { Arch } from '../../arch/load.js';
import { UserError } from '../../arch/user-error.js';
import { longestSequence, type ModelConfig } from '../../workloads/model.js';
import { REQUEST_BOUNDS } from '../../workloads/model-bounds.js';
import { buildWorkload, type WorkloadOptions } from '../../workloads/models.js';
import { atRate, type ArrivingRequest, outputTokens, type RequestStream, STREAM_LIMITS } from '../../workloads/request-stream.js';
import type { Workload } from '../../workloads/trace.js';
import { prepared } from '../simulate.js';
import { feasibility, type Prepared } from '../run.js';
import { opSupport } from '../templates.js';
import { searchCapacity } from './capacity.js';
import { runEngine } from './engine.js';
import { IterationCoster, Usage } from './iteration-cost.js';
import { type KvCache, kvCache } from './kv-cache.js';
import type { Policy, PolicyEvents, PolicyLimits, PolicyName } from './policy.js';
import { chunkedPolicy } from './policies/chunked.js';
import { continuousPolicy } from './policies/continuous.js';
import { fifoPolicy } from './policies/fifo.js';
import { staticPolicy } from './policies/static.js';
import { Recorder } from './recorder.js';
import type { CapacityProbe, CapacitySearch, ServeDesign, ServeDocument, ServeResult } from './result.js';
import { describeSlo, type SloTerm } from './slo.js';
import { type RunFigures, summarise } from './summarise.js';

/** Policy defaults, each a serving runtime's default or a stated choice. */
export const SERVE_DEFAULTS = {
  /** static batch size: a choice (FasterTransformer-style deployments batch a handful of requests). */
  staticBatch: 8,
  /** Most sequences per iteration: vLLM's default max_num_seqs. */
  maxBatch: 256,
  /** Chunked-prefill token budget: Sarathi-Serve's setting for tight time-between-token targets. */
  tokenBudget: 512,
  /** KV-cache block size in tokens: vLLM's default block_size. */
  blockTokens: 16,
  /** Share of the cache kept free when admitting: vLLM's default watermark. */
  watermark: 0.01,
  /** Prompt tokens per continuous-batching prefill iteration: vLLM's max_num_batched_tokens, max(2048, the model's context). */
  prefillTokens: 2048,
  /** Requests per capacity probe, at least: enough for a stable 99th percentile (about 40 requests above it). */
  probeRequests: 4000,
} as const;

/** Bounds of serving options (docs/limits.md): beyond them a run would take minutes or describe no real deployment. */
export const SERVE_LIMITS = {
  replicas: 1_024,
  batch: REQUEST_BOUNDS.batch,
  tokenBudget: REQUEST_BOUNDS.tokens,
  blockTokens: 4_096,
  probeRequests: 200_000,
} as const;

/** A capacity probe's arrivals span at least this many times the SLO's largest limit (see Deployment.capacity). */
export const PROBE_SPAN_SLOS = 100;
const MAX_PROBE_REQUESTS = SERVE_LIMITS.probeRequests;
const CAPACITY_TOLERANCE = 0.01;

export interface ServeOptions {
  readonly policy: PolicyName;
  readonly replicas?: number;
  /** Most sequences per iteration (static: the batch size; fifo: 1). */
  readonly batch?: number;
  readonly tokenBudget?: number;
  readonly blockTokens?: number;
  /** Seconds the router spends per request (requests are routed one after another). */
  readonly routerTime_s?: number;
  readonly slo?: readonly SloTerm[];
  /** Requests for the capacity search: a fixed stream, or streams of n requests on demand (default: the stream itself). */
  readonly probe?: RequestStream | ((requests: number) => RequestStream);
  /** Requests of the first probes when `probe` generates streams (default SERVE_DEFAULTS.probeRequests). */
  readonly probeRequests?: number;
  /** Also search the highest rate within the SLO (needs `slo`). */
  readonly capacity?: boolean;
  /** CDFs and time series for reports. */
  readonly detail?: boolean;
  readonly workload?: WorkloadOptions;
  /** How the caller names these options in its messages (default: tasim serve's flags). */
  readonly names?: OptionNames;
}

/** How a front end names the serving options in its messages: CLI flags (the default) or a space file's fields. */
export interface OptionNames {
  readonly batch: string;
  readonly tokenBudget: string;
  /** The setting that picks policy `p`. */
  policy(p: PolicyName): string;
}

const CLI_NAMES: OptionNames = { batch: '--batch', tokenBudget: '--token-budget', policy: (p) => `--policy ${p}` };

/** An option the policy does not take, named as the front end names it (`o.names`), or undefined. */
export function policyOptionProblem(o: Pick<ServeOptions, 'policy' | 'batch' | 'tokenBudget' | 'names'>): UserError | undefined {
  const n = o.names ?? CLI_NAMES;
  if (o.policy === 'fifo' && o.batch !== undefined && o.batch !== 1)
    return new UserError({
      input: n.batch,
      field: String(o.batch),
      problem: 'fifo serves one request at a time',
      fix: `drop ${n.batch}, or use ${n.policy('static')}, continuous or chunked`,
    });
  if (o.tokenBudget !== undefined && o.policy !== 'chunked')
    return new UserError({
      input: n.tokenBudget,
      field: String(o.tokenBudget),
      problem: `only chunked prefill has a token budget (the policy is ${o.policy})`,
      fix: `drop ${n.tokenBudget}, or use ${n.policy('chunked')}`,
    });
  return undefined;
}

function streamProblem(model: ModelConfig, r: ArrivingRequest): UserError | undefined {
  const where = r.origin ?? `request ${r.id}`;
  if (model.kind === 'decoder' && r.output < 1)
    return new UserError({ input: where, field: 'output', problem: `${model.name} generates text: a request must ask for at least one token`, fix: 'give output >= 1' });
  if (model.kind === 'encoder' && r.output > 0)
    return new UserError({ input: where, field: 'output', problem: `${model.name} is an encoder and generates no tokens`, fix: 'give output 0 (input is the sequence length)' });
  return undefined;
}

/** A design ready to serve streams of one model. */
export class Deployment {
  readonly coster: IterationCoster;
  private constructor(
    readonly x: Prepared,
    readonly w: Workload,
    readonly kv: KvCache,
    readonly o: ServeOptions,
    readonly design: Omit<ServeDesign, 'arrivals' | 'offered_rate_rps' | 'requests'>,
  ) {
    this.coster = new IterationCoster(x, w);
  }

  /**
   * Prepare a deployment, or say why the design cannot serve the model
   * (infeasible: exit 3). Requests longer than the model's context (or its
   * sliding window) are not an error here: they are dropped and counted when they arrive.
   */
  static create(
    arch: Arch,
    model: ModelConfig,
    stream: RequestStream,
    o: ServeOptions,
  ): Deployment | { reason: string; design: Omit<ServeDesign, 'arrivals' | 'offered_rate_rps' | 'requests'> } {
    if (!stream.requests.length) throw new UserError({ input: 'request stream', problem: 'no requests', fix: 'give --requests >= 1 or a trace with requests' });
    const asked = outputTokens(stream);
    if (asked > STREAM_LIMITS.outputTokens)
      throw new UserError({
        input: 'request stream',
        problem: `asks for ${asked.toLocaleString('en-US')} output tokens, more than the ${STREAM_LIMITS.outputTokens.toLocaleString('en-US')} one serving run simulates`,
        fix: 'serve fewer or shorter requests',
      });
    if (model.kind === 'encoder' && o.policy === 'chunked')
      throw new UserError({
        input: '--policy',
        field: 'chunked',
        problem: `${model.name} is an encoder: it attends to its whole input at once, so its input cannot be prefilled in causal chunks`,
        fix: 'use fifo, static or continuous',
      });
    const refused = policyOptionProblem(o);
    if (refused) throw refused;
    for (const r of stream.requests) {
      const p = streamProblem(model, r);
      if (p) throw p;
    }
    const fitting = stream.requests.filter((r) => r.input + r.output <= longestSequence(model));
    const longest = fitting.reduce<ArrivingRequest | undefined>((a, r) => (!a || r.input + r.output > a.input + a.output ? r : a), undefined);
    // The design is checked as simulate checks it, on the longest request it will have to hold.
    const w = buildWorkload(model, { input: longest?.input ?? 1, output: longest?.output ?? (model.kind === 'decoder' ? 1 : 0), batch: 1 }, o.workload);
    const x = prepared(arch);
    const maxBatch = o.policy === 'fifo' ? 1 : (o.batch ?? (o.policy === 'static' ? SERVE_DEFAULTS.staticBatch : SERVE_DEFAULTS.maxBatch));
    const stack = x.template.describe?.(x.spec).stack;
    const design = {
      arch: arch.ref,
      template: x.template.name,
      model: model.name,
      devices: x.spec.devices,
      ...(stack ? { stack } : {}),
      policy: o.policy,
      replicas: o.replicas ?? 1,
      max_batch: maxBatch,
      token_budget: o.policy === 'chunked' ? (o.tokenBudget ?? SERVE_DEFAULTS.tokenBudget) : null,
    };
    const f = feasibility(x, w, opSupport);
    if (f.reason !== undefined) return { reason: f.reason, design };
    return new Deployment(x, w, kvCache(w, f.plan, x.spec.devices, o.blockTokens ?? SERVE_DEFAULTS.blockTokens), o, design);
  }

  private policy(events: PolicyEvents): Policy {
    const limits: PolicyLimits = {
      maxBatch: this.design.max_batch,
      maxPrefillTokens: Math.max(SERVE_DEFAULTS.prefillTokens, this.w.model.maxPositions),
      tokenBudget: this.design.token_budget ?? SERVE_DEFAULTS.tokenBudget,
      watermarkBlocks: Number.isFinite(this.kv.blocks) ? Math.floor(SERVE_DEFAULTS.watermark * this.kv.blocks) : 0,
    };
    switch (this.o.policy) {
      case 'fifo':
        return fifoPolicy();
      case 'static':
        return staticPolicy(limits);
      case 'continuous':
        return continuousPolicy(limits, events);
      case 'chunked':
        return chunkedPolicy(limits, events);
    }
  }

  /** Serve a stream; the figures of one run. */
  run(stream: RequestStream, detail = false): RunFigures {
    const rec = new Recorder(new Usage(this.x.units.length));
    runEngine(
      stream,
      this.coster,
      {
        policy: this.policy({ preempted: () => rec.preempted++ }),
        replicas: this.design.replicas,
        routerTime_s: this.o.routerTime_s ?? 0,
        kv: this.kv,
        maxPositions: longestSequence(this.w.model),
      },
      rec,
    );
    return summarise(rec, { replicas: this.design.replicas, units: this.x.units, staticPower_w: this.x.energy.staticPower * this.x.energy.devices, slo: this.o.slo, detail });
  }

  /** Mean seconds of the stream's requests served alone: a first guess of one replica's capacity. */
  meanAlone(stream: RequestStream): number {
    let sum = 0;
    let n = 0;
    for (const r of stream.requests.slice(0, 500)) {
      if (r.input + r.output > longestSequence(this.w.model)) continue;
      sum += this.coster.alone(r.input, r.output).usage.busy_s;
      n++;
    }
    return n ? sum / n : Number.NaN;
  }

  /**
   * The highest rate within the SLO, the stream rescaled per probe, below
   * the saturation throughput (see capacity.ts). A probe
   * must last long enough for a queue that grows without bound to break the
   * SLO within it: its arrivals span at least PROBE_SPAN_SLOS times the
   * largest SLO limit, so the rate found is at most about 1 % above the
   * sustainable one. Given a generator of streams of n requests (the same
   * seed, so longer streams extend shorter ones), the search lengthens its
   * probes until they do; a fixed stream (a trace) that is too short gets a
   * warning instead.
   */
  capacity(probe: RequestStream | ((requests: number) => RequestStream), firstRequests: number = SERVE_DEFAULTS.probeRequests): CapacitySearch & { max_rate_rps: number } {
    const slo = this.o.slo;
    if (!slo?.length) throw new Error('capacity search without an SLO');
    const longest = Math.max(...slo.map((t) => t.limit_s));
    let stream = typeof probe === 'function' ? probe(firstRequests) : probe;
    const all: CapacityProbe[] = [];
    const run =
      (s: RequestStream) =>
      (rate: number): CapacityProbe => {
        const f = this.run(atRate(s, rate));
        const values: Record<string, number | null> = {};
        const figures = { ttft: f.ttft_s, tpot: f.tpot_s, itl: f.itl_s, latency: f.latency_s };
        for (const t of slo) values[`${t.metric}_${t.stat}_s`] = figures[t.metric][t.stat];
        return { rate_rps: rate, meets_slo: f.slo_met === true, values };
      };
    const start = this.design.replicas / this.meanAlone(stream);
    if (!Number.isFinite(start))
      return {
        max_rate_rps: 0,
        slo: describeSlo(slo),
        requests_per_probe: stream.requests.length,
        tolerance: CAPACITY_TOLERANCE,
        probes: [],
        saturation_rps: 0,
        unbounded: false,
        warning: 'no request of the stream fits the model',
      };
    // Saturation: the same requests arriving all but at once; what completes per second then bounds every sustainable rate.
    const saturation = this.run(atRate(stream, start * 1e6)).throughput_rps;
    let out = searchCapacity(run(stream), start, saturation, CAPACITY_TOLERANCE);
    all.push(...out.probes);
    const needed = (rate: number) => Math.ceil(PROBE_SPAN_SLOS * longest * rate) + 1;
    // Probes stay within the stream bounds: at most so many requests, and their output tokens.
    const perRequest = Math.max(1, outputTokens(stream) / stream.requests.length);
    const most = Math.min(MAX_PROBE_REQUESTS, Math.floor(STREAM_LIMITS.outputTokens / perRequest));
    for (let i = 0; i < 4 && typeof probe === 'function' && needed(out.max_rate_rps) > stream.requests.length && stream.requests.length < most; i++) {
      stream = probe(Math.min(most, needed(out.max_rate_rps)));
      out = searchCapacity(run(stream), out.max_rate_rps, saturation, CAPACITY_TOLERANCE);
      all.push(...out.probes);
    }
    const span = out.max_rate_rps > 0 ? stream.requests.length / out.max_rate_rps / longest : Number.POSITIVE_INFINITY;
    return {
      max_rate_rps: out.max_rate_rps,
      slo: describeSlo(slo),
      requests_per_probe: stream.requests.length,
      tolerance: CAPACITY_TOLERANCE,
      probes: all,
      saturation_rps: saturation,
      unbounded: out.unbounded,
      warning:
        span < PROBE_SPAN_SLOS
          ? `at the rate found the probe's arrivals span only ${span.toFixed(0)} SLO limits (${PROBE_SPAN_SLOS} wanted): a growing queue may not have broken the SLO yet, so the rate may be overestimated; use a longer stream`
          : null,
    };
  }
}

/** Serve a stream on a design: the serve document (infeasible designs get a reason and no figures). */
export function serve(arch: Arch, model: ModelConfig, stream: RequestStream, o: ServeOptions): ServeDocument {
  const d = Deployment.create(arch, model, stream, o);
  const head = { arrivals: stream.source, offered_rate_rps: Number.isFinite(stream.rate_rps) ? stream.rate_rps : null, requests: stream.requests.length };
  if (!(d instanceof Deployment)) return { ...d.design, ...head, feasible: false, reason: d.reason };
  const f = d.run(stream, o.detail);
  const kv = d.kv;
  const result: ServeResult = {
    ...d.design,
    ...head,
    feasible: true,
    ...f,
    kv_cache: {
      blocks: Number.isFinite(kv.blocks) ? kv.blocks : null,
      block_tokens: kv.blockTokens,
      tokens: Number.isFinite(kv.blocks) ? kv.blocks * kv.blockTokens : null,
      bytes_per_token: kv.bytesPerToken,
    },
    simulated_steps: 0,
  };
  if (o.capacity && o.slo?.length) {
    const c = d.capacity(o.probe ?? stream, o.probeRequests);
    result.max_rate_rps = c.max_rate_rps;
    const { max_rate_rps: _, ...search } = c;
    result.capacity = search;
  }
  result.simulated_steps = d.coster.simulated;
  // The detail goes last so that the headline figures lead the document.
  if (f.detail) {
    delete result.detail;
    result.detail = f.detail;
  }
  return result;
}
