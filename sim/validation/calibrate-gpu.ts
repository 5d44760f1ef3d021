/**
 * `npm run calibrate:gpu`: how the GPU stacks' fitted constants were set, on
 * the calibration rows stated in gpu-measured-cases.ts and gpu-cases.ts, in
 * this order (each fit sees the values of the fits before it):
 *   fastertransformer: GPU time per kernel, collective time and link efficiency, per-request time,
 *     the GEMM efficiency and the memory-efficiency curve (GPT-20B, TP 1 and 8, 85 rows)
 *   fastertransformer-triton: per-request time and collective time (GPT-89B, 13 rows)
 *   tensorrt: GPU time per kernel, per-request time (BERT-base dense, sequence 32 and 384)
 *   the A100's 2:4 speedup curve (BERT-base 2:4 against dense, batch 1 and 32)
 *   megatron: host time per framework operator, per-request time, its GEMM and decode GEMM efficiencies (GPT-89B, 13 rows)
 *   v100-dfx host_scale: DFX's 13.01 tokens/s (GPT-2 1.5B 64:64, 4 x V100), by bisection
 *   tensorflow: host time per operator, per-request time (openai/gpt-2 TensorFlow, 128 tokens)
 *   huggingface: host time per framework operator (HF GPT-2 on V100, 12.2 ms a token), by bisection
 *   power.idle (v100): 47.5 W mean per V100 over the DFX workloads, by bisection
 * It prints each value and the error table; the presets hold the values (rounded).
 * `npm run calibrate:gpu -- megatron` runs one step.
 */
import type { GpuArch } from '../../arch/schema/gpu.js';
import { GPU_CASES } from './gpu-cases.js';
import { caseErrors, measuredErrors, summarise, summaryTable } from './gpu-error-table.js';
import { type FitParam, type FitTarget, UNITLESS_LEAVES, fit, getAt } from './gpu-fit.js';
import { type MeasuredRun, measuredRuns } from './gpu-measured-cases.js';
import { baseArch, runConfig } from './gpu-run.js';
import { evaluateCase } from './validate.js';

function targets(stack: string, pick: (r: MeasuredRun) => boolean = () => true): FitTarget[] {
  return measuredRuns()
    .filter((r) => r.role === 'calibration' && r.config.stack === stack && pick(r))
    .map((r) => ({ config: r.config, ms: r.row.value, label: r.row.id }));
}

const at = (stack: string, ...path: (string | number)[]) => ['stacks', stack, ...path];
const param = (path: (string | number)[], lo: number, hi: number, group?: string): FitParam => ({ path, lo, hi, ...(group ? { group } : {}) });

const asSet = (path: readonly (string | number)[], v: number) => `${path.join('.')}=${v}${UNITLESS_LEAVES.has(String(path[path.length - 1])) ? '' : 's'}`;

async function fitStack(name: string, ts: FitTarget[], ps: FitParam[], set: string[]): Promise<string[]> {
  // Earlier fits apply to later ones through `set`.
  const withSet = ts.map((t) => ({ ...t, config: { ...t.config, set: [...t.config.set, ...set] } }));
  const spec = (await baseArch(withSet[0].config)).spec as GpuArch;
  const start = ps.map((p) => getAt(spec, p.path));
  const values = await fit(withSet, ps, start, { maxSweeps: 30, log: (m) => console.log(`  ${name} ${m}`) });
  const out = ps.map((p, i) => asSet(p.path, values[i]));
  for (const o of out) console.log(o);
  return out;
}

/**
 * The 2:4 curve is fitted to the measured sparse/dense ratio, not to the sparse latency, so that the
 * dense model's own error does not leak into it: each target is the simulated dense latency times
 * the measured ratio.
 */
async function sparseTargets(set: string[]): Promise<FitTarget[]> {
  const runs = measuredRuns();
  const out: FitTarget[] = [];
  for (const r of runs.filter((x) => x.role === 'calibration' && x.config.sparsity === '2:4')) {
    const dense = runs.find((d) => d.config.stack === r.config.stack && d.row.stack_variant === r.row.stack_variant && d.row.sparsity === 'dense' && d.config.batch === r.config.batch && d.config.input === r.config.input);
    if (!dense) continue;
    const { sparsity: _drop, ...denseConfig } = r.config;
    const sim = (await runConfig(denseConfig, set)).latency_s * 1e3;
    out.push({ config: r.config, ms: (sim * r.row.value) / dense.row.value, label: r.row.id });
  }
  return out;
}

/** Bisect one constant (between lo and hi, in log space) until the case's simulated value meets its figure. */
async function bisect(caseId: string, key: string, lo: number, hi: number, set: string[], unit = ''): Promise<string> {
  const c = GPU_CASES.find((x) => x.id === caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  const rising = (await evaluateCase(c, [...set, `${key}=${hi}${unit}`])).simulated > (await evaluateCase(c, [...set, `${key}=${lo}${unit}`])).simulated;
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    const row = await evaluateCase(c, [...set, `${key}=${mid}${unit}`]);
    if (row.simulated < row.published === rising) lo = mid;
    else hi = mid;
  }
  const out = `${key}=${Math.sqrt(lo * hi)}${unit}`;
  console.log(out);
  return out;
}

async function main(): Promise<void> {
  const set: string[] = [];
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
    set.push(...(await fitStack(s, targets(s), ps, set)));
  }
  if (step('fastertransformer-triton')) {
    const s = 'fastertransformer-triton';
    set.push(...(await fitStack(s, targets(s), [param(at(s, 'per_request'), 0, 1), param(at(s, 'fixed', 'collective'), 0, 1e-3)], set)));
  }
  if (step('tensorrt')) {
    const s = 'tensorrt';
    set.push(...(await fitStack(s, targets(s, (r) => r.row.sparsity === 'dense'), [param(at(s, 'fixed', 'gpu_per_kernel'), 0.1e-6, 100e-6), param(at(s, 'per_request'), 0, 0.01)], set)));
    // The curve is the A100's: it is printed, not passed on to the fits of other GPUs.
    const sparse = [0, 1, 2].map((i) => param(['sparse_tensor_cores', 'speedup', i, 'speedup'], 0.3, 2, 'speedup'));
    await fitStack('2:4', await sparseTargets(set), sparse, set);
  }
  if (step('megatron')) {
    const s = 'megatron';
    set.push(...(await fitStack(s, targets(s), [param(at(s, 'fixed', 'host_per_op'), 1e-6, 500e-6), param(at(s, 'per_request'), 0, 1), param(at(s, 'gemm', 'efficiency'), 0.05, 1), param(at(s, 'gemm', 'decode_efficiency'), 0.0005, 1)], set)));
  }
  // The DFX server's host scale applies to its preset only, not to the later fits.
  const dfxHost = step('v100-dfx') ? [await bisect('gpu-1.5b-4v100-64-64-throughput', 'host_scale', 0.5, 20, set)] : [];
  if (step('tensorflow')) {
    const s = 'tensorflow';
    set.push(...(await fitStack(s, targets(s), [param(at(s, 'fixed', 'host_per_op'), 1e-6, 500e-6), param(at(s, 'per_request'), 0, 1)], set)));
  }
  if (step('huggingface')) set.push(await bisect('hf-gpt2-124m-v100-batch1-per-token', 'stacks.huggingface.fixed.host_per_op', 1e-7, 1e-3, set, 's'));
  if (step('power')) await bisect('gpu-v100-avg-power', 'power.idle', 1, 300, [...set.filter((x) => x.startsWith('stacks.megatron')), ...dfxHost], 'W');
  // The table with the fitted values (the presets' values where a step did not run, and the v100-dfx host scale).
  console.log(summaryTable(summarise([...(await measuredErrors(measuredRuns(), set)), ...(await caseErrors(set))])));
}

await main();
