/** The parts of a SimResult every template fills the same way. */
import type { Arch } from '../arch/load.js';
import type { Workload } from '../workloads/trace.js';
import type { EnergyModel, RunAccumulator } from './accumulate.js';
import { parameterCount } from '../workloads/model.js';
import { kvBytesPerToken, memoryFit, memoryUse } from './memory-check.js';
import type { MemoryReport, OpRow, Resources, ResultBase, SimResult } from './result.js';
import type { MemoryPlan } from './template.js';

/** Memory planning fields: what the model needs and what the design's memory holds (`plan` a string: it has none). */
function memoryFields(
  w: Workload,
  devices: number,
  plan: MemoryPlan | string,
): Pick<SimResult, 'model_params' | 'weight_bytes' | 'kv_cache_bytes_per_token' | 'kv_cache_bytes' | 'memory'> {
  const params = parameterCount(w.model);
  if (typeof plan === 'string') return { model_params: params, weight_bytes: NaN, kv_cache_bytes_per_token: NaN, kv_cache_bytes: NaN, memory: null };
  const use = memoryUse(plan, w, devices);
  const fit = memoryFit(plan, w, devices);
  const memory: MemoryReport = {
    capacity_bytes: plan.capacity,
    where: plan.where,
    used_bytes: use.perDevice,
    max_batch: w.model.kind === 'decoder' ? fit.maxBatch : null,
    max_context: w.model.kind === 'decoder' ? fit.maxContext : null,
  };
  return { model_params: params, weight_bytes: plan.weights, kv_cache_bytes_per_token: kvBytesPerToken(w.model, plan.kvBytesPerValue), kv_cache_bytes: use.kvCache, memory };
}

export function resultBase(
  arch: Arch,
  template: string,
  w: Workload,
  devices: number,
  resources: Resources | null,
  pricePerDevice: number | null,
  exact: boolean | undefined,
  memory: MemoryPlan | string,
  stack?: string,
): ResultBase {
  const base: ResultBase = {
    arch: arch.ref,
    template,
    model: w.model.name,
    devices,
    batch: w.request.batch,
    input_tokens: w.request.input,
    output_tokens: w.request.output,
    ...memoryFields(w, devices, memory),
    resources,
    cost_usd: pricePerDevice !== null ? pricePerDevice * devices : null,
    mode: exact ? 'exact' : 'fast',
    overrides: [...arch.overrides],
  };
  if (stack !== undefined) base.stack = stack;
  return base;
}

/**
 * Price a finished run and fill the metrics. `clock` converts the
 * accumulator's cycles to seconds; `opRows` asks for the per-op rows (detail). Tokens/s counts generated tokens of every
 * sequence; TTFT is the summarization (the whole run for an encoder).
 */
export function feasibleResult(
  base: ResultBase,
  total: RunAccumulator,
  clock: number,
  energy: EnergyModel,
  units: readonly string[],
  scheduled: number,
  w: Workload,
  opRows = false,
): { result: SimResult; ops: OpRow[] } {
  const priced = total.price(clock, energy, opRows);
  const cycles = total.totalCycles();
  const latency = cycles / clock;
  const outTokens = w.request.output * w.request.batch;
  const utilization: Record<string, number> = {};
  units.forEach((u, i) => {
    utilization[u] = total.unitBusy[i] / cycles;
  });
  // Property by property: an object literal that starts with a spread and adds fields is slow in V8.
  const result = base as SimResult;
  Object.assign(result, {
    feasible: true,
    latency_s: latency,
    ttft_s: w.request.output > 0 ? priced.stages.summarization.seconds : latency,
    tokens_per_s: outTokens / latency,
    energy_j: priced.energy_j,
    avg_power_w: priced.energy_j / latency,
    energy_per_token_j: outTokens > 0 ? priced.energy_j / outTokens : NaN,
    tokens_per_j: outTokens / priced.energy_j,
    inferences_per_s: w.request.batch / latency,
    energy_per_inference_j: priced.energy_j / w.request.batch,
    stages: priced.stages,
    breakdown: priced.breakdown,
    utilization,
    scheduled_blocks: scheduled,
  });
  return { result, ops: priced.ops };
}
