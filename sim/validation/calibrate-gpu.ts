/**
 * `npm run calibrate:gpu`: how the GPU stacks' fitted constants were set, on
 * the calibration rows stated in gpu-measured-cases.ts and gpu-cases.ts, in
 * this order (each fit sees the values of the fits before it):
 *   fastertransformer: GPU time per kernel, collective time and link efficiency, per-request time,
 *     the GEMM efficiency and the memory-efficiency curve (GPT-20B, TP 1 and 8, 85 rows)
 *   fastertransformer-triton: per-request time and collective time (GPT-89B, 13 rows)
 *   tensorrt: GPU time per kernel, per-request time (BERT-base dense, sequence 32 and 384)
 *   the A100's 2:4 speedup curve (BERT-base 2:4 against dense, batch 1 and 32)
 *   tensorrt-llm: per-request time, GEMM efficiency, link efficiency and collective time (its first-token
 *     latencies on A100: GPT-J 6B, LLaMA 7B, LLaMA 70B at TP 4, 6 rows)
 *   megatron: host time per framework operator, per-request time, its GEMM and decode GEMM efficiencies (GPT-89B, 13 rows)
 *   v100-dfx host_scale: DFX's 13.01 tokens/s (GPT-2 1.5B 64:64, 4 x V100), by bisection
 *   tensorflow: host time per operator, per-request time (openai/gpt-2 TensorFlow, 128 tokens)
 *   huggingface: host time per framework operator (HF GPT-2 on V100, 12.2 ms a token), by bisection
 *   power.idle (v100): 47.5 W mean per V100 over the DFX workloads, by bisection
 * Fits compose through the spec (a fitted curve point cannot be a --set). It prints each value
 * and the error table of the presets as they stand; the presets hold the values (rounded).
 * `npm run calibrate:gpu -- megatron` runs one step.
 */
import type { Arch } from '../../arch/load.js';
import type { GpuArch } from '../../arch/schema/gpu.js';
import { figure } from './figures.js';
import { DFX_INPUTS, DFX_OUTPUTS, HF_GPT2_RUN, xlGpuRun } from './gpu-cases.js';
import { gpuErrors, summarise, summaryTable } from './gpu-error-table.js';
import { FIT_BOUNDS, type FitParam, type FitTarget, type Patch, UNITLESS_LEAVES, evaluate, fit, fitParam, getAt, withValues } from './gpu-fit.js';
import { type RunnableRun, latencySeconds, runnableRuns } from './gpu-measured-cases.js';
import { baseArch, runOn } from './gpu-run.js';

function targets(stack: string, pick: (r: RunnableRun) => boolean = () => true): FitTarget[] {
  return runnableRuns()
    .filter((r) => r.role === 'calibration' && r.config.stack === stack && pick(r))
    .map((r) => ({ config: r.config, ms: r.latencyMs, label: r.row.id, seconds: latencySeconds(r) }));
}

const at = (stack: string, ...path: (string | number)[]) => ['stacks', stack, ...path];

function print(ps: readonly FitParam[], values: readonly number[]): Patch[] {
  const out = ps.map((p, i) => ({ path: p.path, value: values[i] }));
  const unit = (leaf: string) => (leaf === 'idle' ? ' W' : UNITLESS_LEAVES.has(leaf) ? '' : ' s');
  for (const o of out) console.log(`${o.path.join('.')} = ${o.value}${unit(String(o.path[o.path.length - 1]))}`);
  return out;
}

/** Fit `ps` to the targets over the earlier fits' patches; print and return the new patches. */
async function fitStack(name: string, ts: FitTarget[], ps: FitParam[], patches: readonly Patch[]): Promise<Patch[]> {
  const spec = withValues((await baseArch(ts[0].config)).spec as GpuArch, [], [], patches);
  const start = ps.map((p) => getAt(spec, p.path));
  const values = await fit(ts, ps, start, { maxSweeps: 30, patches, log: (m) => console.log(`  ${name} ${m}`) });
  return print(ps, values);
}

/**
 * The 2:4 curve is fitted to the measured sparse/dense ratio, not to the sparse latency, so that the
 * dense model's own error does not leak into it: each target is the simulated dense latency times
 * the measured ratio.
 */
async function sparseTargets(patches: readonly Patch[]): Promise<FitTarget[]> {
  const runs = runnableRuns();
  const out: FitTarget[] = [];
  for (const r of runs.filter((x) => x.role === 'calibration' && x.config.sparsity === '2:4')) {
    const dense = runs.find(
      (d) =>
        d.config.stack === r.config.stack &&
        d.row.stack_variant === r.row.stack_variant &&
        d.row.sparsity === 'dense' &&
        d.config.batch === r.config.batch &&
        d.config.input === r.config.input,
    );
    if (!dense) continue;
    const { sparsity: _drop, ...denseConfig } = r.config;
    const [row] = await evaluate([{ config: denseConfig, ms: 1, label: '', seconds: latencySeconds(dense) }], [], [], patches);
    out.push({ config: r.config, ms: (row.simulated_ms * r.row.value) / dense.row.value, label: r.row.id, seconds: latencySeconds(r) });
  }
  return out;
}

/** Bisect one constant in log space until `value(x)` meets `goal` (value monotone in x). */
async function bisect(path: readonly (string | number)[], bound: keyof typeof FIT_BOUNDS, goal: number, value: (x: number) => Promise<number>): Promise<Patch> {
  let { lo, hi }: { lo: number; hi: number } = FIT_BOUNDS[bound];
  const rising = (await value(hi)) > (await value(lo));
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    if ((await value(mid)) < goal === rising) lo = mid;
    else hi = mid;
  }
  const [patch] = print([{ path, lo, hi }], [Math.sqrt(lo * hi)]);
  return patch;
}

/** A constant held at one value (to evaluate with it set). */
const fixedAt = (path: readonly (string | number)[], x: number): FitParam => ({ path, lo: x, hi: x });

/** A target's latency in ms with one more constant set over the patches. */
async function latencyWith(t: FitTarget, path: readonly (string | number)[], x: number, patches: readonly Patch[]): Promise<number> {
  const [row] = await evaluate([t], [fixedAt(path, x)], [x], patches);
  return row.simulated_ms;
}

/** Mean power per V100 over the DFX workloads (the gpu-v100-avg-power case) on the patched spec. */
async function dfxPower(idle: number, patches: readonly Patch[]): Promise<number> {
  const base = await baseArch(xlGpuRun(64, 64));
  const a: Arch = { ...base, spec: withValues(base.spec as GpuArch, [fixedAt(['power', 'idle'], idle)], [idle], patches) };
  let sum = 0;
  for (const i of DFX_INPUTS)
    for (const o of DFX_OUTPUTS) {
      const c = xlGpuRun(i, o);
      sum += runOn(a, c).avg_power_w / c.devices;
    }
  return sum / (DFX_INPUTS.length * DFX_OUTPUTS.length);
}

async function main(): Promise<void> {
  const patches: Patch[] = [];
  const only = process.argv[2];
  const step = (name: string) => !only || only === name;
  if (step('fastertransformer')) {
    const s = 'fastertransformer';
    const ps = [
      fitParam(at(s, 'fixed', 'gpu_per_kernel'), 'gpu_per_kernel'),
      fitParam(at(s, 'fixed', 'collective'), 'collective'),
      fitParam(at(s, 'link_efficiency'), 'link_efficiency'),
      fitParam(at(s, 'per_request'), 'per_request'),
      fitParam(at(s, 'gemm', 'efficiency'), 'gemm_efficiency'),
      ...[0, 1, 2].map((i) => fitParam(at(s, 'memory_efficiency', i, 'efficiency'), 'memory_efficiency', 'memory')),
    ];
    patches.push(...(await fitStack(s, targets(s), ps, patches)));
  }
  if (step('fastertransformer-triton')) {
    const s = 'fastertransformer-triton';
    patches.push(...(await fitStack(s, targets(s), [fitParam(at(s, 'per_request'), 'per_request'), fitParam(at(s, 'fixed', 'collective'), 'collective')], patches)));
  }
  if (step('tensorrt')) {
    const s = 'tensorrt';
    patches.push(
      ...(await fitStack(
        s,
        targets(s, (r) => r.row.sparsity === 'dense'),
        [fitParam(at(s, 'fixed', 'gpu_per_kernel'), 'gpu_per_kernel'), fitParam(at(s, 'per_request'), 'per_request')],
        patches,
      )),
    );
    // The curve is the A100's: it is printed, not passed on to the fits of other GPUs.
    const sparse = [0, 1, 2].map((i) => fitParam(['sparse_tensor_cores', 'speedup', i, 'speedup'], 'sparse_speedup', 'speedup'));
    await fitStack('2:4', await sparseTargets(patches), sparse, patches);
  }
  if (step('tensorrt-llm')) {
    // Its GPU time per kernel and memory curve are FasterTransformer's (the same kernels); the first-token rows
    // set what the engine adds per request, its GEMMs' efficiency and its all-reduce.
    const s = 'tensorrt-llm';
    const ps = [
      fitParam(at(s, 'per_request'), 'per_request'),
      fitParam(at(s, 'gemm', 'efficiency'), 'gemm_efficiency'),
      fitParam(at(s, 'link_efficiency'), 'link_efficiency'),
      fitParam(at(s, 'fixed', 'collective'), 'collective'),
    ];
    patches.push(...(await fitStack(s, targets(s), ps, patches)));
  }
  if (step('megatron')) {
    const s = 'megatron';
    const ps = [
      fitParam(at(s, 'fixed', 'host_per_op'), 'host_per_op'),
      fitParam(at(s, 'per_request'), 'per_request'),
      fitParam(at(s, 'gemm', 'efficiency'), 'gemm_efficiency'),
      fitParam(at(s, 'gemm', 'decode_efficiency'), 'decode_efficiency'),
    ];
    patches.push(...(await fitStack(s, targets(s), ps, patches)));
  }
  // The DFX server's host scale applies to its preset only: it goes to the power fit, not to the later fits.
  const dfxHost: Patch[] = [];
  if (step('v100-dfx')) {
    const id = 'gpu-1.5b-4v100-64-64-throughput';
    const config = xlGpuRun(64, 64);
    // A throughput in tokens/s: the run's latency is its output tokens at that rate.
    const t: FitTarget = { config, ms: (config.output / figure(id).value) * 1e3, label: id };
    dfxHost.push(await bisect(['host_scale'], 'host_scale', t.ms, (x) => latencyWith(t, ['host_scale'], x, patches)));
  }
  if (step('tensorflow')) {
    const s = 'tensorflow';
    patches.push(...(await fitStack(s, targets(s), [fitParam(at(s, 'fixed', 'host_per_op'), 'host_per_op'), fitParam(at(s, 'per_request'), 'per_request')], patches)));
  }
  if (step('huggingface')) {
    // The HF GPT-2 row: ms a token, over the run's output tokens.
    const id = 'hf-gpt2-124m-v100-batch1-per-token';
    const t: FitTarget = { config: HF_GPT2_RUN, ms: figure(id).value * HF_GPT2_RUN.output, label: id };
    const path = at('huggingface', 'fixed', 'host_per_op');
    patches.push(await bisect(path, 'host_per_op', t.ms, (x) => latencyWith(t, path, x, patches)));
  }
  if (step('power')) await bisect(['power', 'idle'], 'idle_power', figure('gpu-v100-avg-power').value, (x) => dfxPower(x, [...patches, ...dfxHost]));
  // The table with the presets' values: copy the values above into the presets first.
  console.log(summaryTable(summarise(await gpuErrors())));
}

await main();
