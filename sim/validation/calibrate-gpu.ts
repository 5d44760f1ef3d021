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
import { DFX_INPUTS, DFX_OUTPUTS } from './gpu-cases.js';
import { gpuErrors, summarise, summaryTable } from './gpu-error-table.js';
import { type FitParam, type FitTarget, type Patch, UNITLESS_LEAVES, evaluate, fit, getAt, withValues } from './gpu-fit.js';
import { type GpuRunConfig, type RunnableRun, runnableRuns } from './gpu-measured-cases.js';
import { baseArch, runOn } from './gpu-run.js';

function targets(stack: string, pick: (r: RunnableRun) => boolean = () => true): FitTarget[] {
  return runnableRuns()
    .filter((r) => r.role === 'calibration' && r.config.stack === stack && pick(r))
    .map((r) => ({ config: r.config, ms: r.latencyMs, label: r.row.id }));
}

const at = (stack: string, ...path: (string | number)[]) => ['stacks', stack, ...path];
const param = (path: (string | number)[], lo: number, hi: number, group?: string): FitParam => ({ path, lo, hi, ...(group ? { group } : {}) });

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
    const [row] = await evaluate([{ config: denseConfig, ms: 1, label: '' }], [], [], patches);
    out.push({ config: r.config, ms: (row.simulated_ms * r.row.value) / dense.row.value, label: r.row.id });
  }
  return out;
}

/** Bisect one constant in log space until `value(x)` meets `goal` (value monotone in x). */
async function bisect(path: readonly (string | number)[], lo: number, hi: number, goal: number, value: (x: number) => Promise<number>): Promise<Patch> {
  const rising = (await value(hi)) > (await value(lo));
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    if ((await value(mid)) < goal === rising) lo = mid;
    else hi = mid;
  }
  const [patch] = print([param([...path], lo, hi)], [Math.sqrt(lo * hi)]);
  return patch;
}

/** A target's latency in ms with one more constant set over the patches. */
async function latencyWith(t: FitTarget, path: readonly (string | number)[], x: number, patches: readonly Patch[]): Promise<number> {
  const [row] = await evaluate([t], [param([...path], x, x)], [x], patches);
  return row.simulated_ms;
}

/** The DFX paper's GPU runs: GPT-2 1.5B on its server's 4 x V100 under Megatron-LM. */
const dfxRun = (input: number, output: number): GpuRunConfig => ({
  arch: 'v100-dfx',
  stack: 'megatron',
  model: 'gpt2-xl-dfx',
  devices: 4,
  batch: 1,
  input,
  output,
  set: [],
  dtype: 'fp16',
});

/** Mean power per V100 over the DFX workloads (the gpu-v100-avg-power case) on the patched spec. */
async function dfxPower(idle: number, patches: readonly Patch[]): Promise<number> {
  const base = await baseArch(dfxRun(64, 64));
  const a: Arch = { ...base, spec: withValues(base.spec as GpuArch, [param(['power', 'idle'], idle, idle)], [idle], patches) };
  let sum = 0;
  for (const i of DFX_INPUTS) for (const o of DFX_OUTPUTS) sum += runOn(a, dfxRun(i, o)).avg_power_w / 4;
  return sum / (DFX_INPUTS.length * DFX_OUTPUTS.length);
}

async function main(): Promise<void> {
  const patches: Patch[] = [];
  const only = process.argv[2];
  const step = (name: string) => !only || only === name;
  if (step('fastertransformer')) {
    const s = 'fastertransformer';
    const ps = [
      param(at(s, 'fixed', 'gpu_per_kernel'), 0.5e-6, 100e-6),
      param(at(s, 'fixed', 'collective'), 0, 1e-3),
      param(at(s, 'link_efficiency'), 0.05, 1),
      param(at(s, 'per_request'), 0, 1),
      param(at(s, 'gemm', 'efficiency'), 0.05, 1),
      ...[0, 1, 2].map((i) => param(at(s, 'memory_efficiency', i, 'efficiency'), 0.02, 1, 'memory')),
    ];
    patches.push(...(await fitStack(s, targets(s), ps, patches)));
  }
  if (step('fastertransformer-triton')) {
    const s = 'fastertransformer-triton';
    patches.push(...(await fitStack(s, targets(s), [param(at(s, 'per_request'), 0, 1), param(at(s, 'fixed', 'collective'), 0, 1e-3)], patches)));
  }
  if (step('tensorrt')) {
    const s = 'tensorrt';
    patches.push(
      ...(await fitStack(
        s,
        targets(s, (r) => r.row.sparsity === 'dense'),
        [param(at(s, 'fixed', 'gpu_per_kernel'), 0.1e-6, 100e-6), param(at(s, 'per_request'), 0, 0.01)],
        patches,
      )),
    );
    // The curve is the A100's: it is printed, not passed on to the fits of other GPUs.
    const sparse = [0, 1, 2].map((i) => param(['sparse_tensor_cores', 'speedup', i, 'speedup'], 0.3, 2, 'speedup'));
    await fitStack('2:4', await sparseTargets(patches), sparse, patches);
  }
  if (step('tensorrt-llm')) {
    // Its GPU time per kernel and memory curve are FasterTransformer's (the same kernels); the first-token rows
    // set what the engine adds per request, its GEMMs' efficiency and its all-reduce.
    const s = 'tensorrt-llm';
    const ps = [
      param(at(s, 'per_request'), 0, 1),
      param(at(s, 'gemm', 'efficiency'), 0.05, 1),
      param(at(s, 'link_efficiency'), 0.05, 1),
      param(at(s, 'fixed', 'collective'), 0, 1e-3),
    ];
    patches.push(...(await fitStack(s, targets(s), ps, patches)));
  }
  if (step('megatron')) {
    const s = 'megatron';
    const ps = [
      param(at(s, 'fixed', 'host_per_op'), 1e-6, 500e-6),
      param(at(s, 'per_request'), 0, 1),
      param(at(s, 'gemm', 'efficiency'), 0.05, 1),
      param(at(s, 'gemm', 'decode_efficiency'), 0.0005, 1),
    ];
    patches.push(...(await fitStack(s, targets(s), ps, patches)));
  }
  // The DFX server's host scale applies to its preset only: it goes to the power fit, not to the later fits.
  const dfxHost: Patch[] = [];
  if (step('v100-dfx')) {
    const t: FitTarget = { config: dfxRun(64, 64), ms: (64 / 13.01) * 1e3, label: 'gpu-1.5b-4v100-64-64-throughput' };
    dfxHost.push(await bisect(['host_scale'], 0.5, 20, t.ms, (x) => latencyWith(t, ['host_scale'], x, patches)));
  }
  if (step('tensorflow')) {
    const s = 'tensorflow';
    patches.push(...(await fitStack(s, targets(s), [param(at(s, 'fixed', 'host_per_op'), 1e-6, 500e-6), param(at(s, 'per_request'), 0, 1)], patches)));
  }
  if (step('huggingface')) {
    // The HF GPT-2 row: 12.2 ms a token over 64 tokens, FP32, V100 (gpu-cases.ts).
    const t: FitTarget = {
      config: { arch: 'v100', stack: 'huggingface', model: 'gpt2', devices: 1, batch: 1, input: 32, output: 64, set: [], dtype: 'fp32' },
      ms: 12.2 * 64,
      label: 'hf-gpt2-124m-v100-batch1-per-token',
    };
    const path = at('huggingface', 'fixed', 'host_per_op');
    patches.push(await bisect(path, 1e-7, 1e-3, t.ms, (x) => latencyWith(t, path, x, patches)));
  }
  if (step('power')) await bisect(['power', 'idle'], 1, 300, 47.5, (x) => dfxPower(x, [...patches, ...dfxHost]));
  // The table with the presets' values: copy the values above into the presets first.
  console.log(summaryTable(summarise(await gpuErrors())));
}

await main();
