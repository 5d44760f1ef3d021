/**
 * `npm run calibrate:gpu`: how the GPU stacks' fitted constants were set, on
 * the calibration rows of sim/validation/gpu-measured-cases.ts (and the DFX
 * paper's 13.01 tokens/s for megatron), in this order:
 *   fastertransformer: per-kernel GPU time, collective time, per-request time, both efficiency curves (GPT-20B, TP 1-8)
 *   tensorrt: per-kernel GPU time, per-request time (BERT-base dense, sequence 32 and 384)
 *   2:4 speedup curve of the A100 (BERT-base 2:4, batch 1 and 32)
 *   megatron: host time per framework operator, per token, per request, its compute curve (GPT-89B; DFX 1.5B 64:64 on 4 x V100)
 *   huggingface: host time per framework operator and per token (openai/gpt-2 TensorFlow, 128 tokens)
 *   power.idle (v100): 47.5 W mean per V100 over the DFX workloads, by bisection
 * It prints the values and the error table; the presets hold the values (rounded).
 */
import type { GpuArch } from '../../arch/schema/gpu.js';
import { GPU_CASES } from './gpu-cases.js';
import { summarise, summaryTable, measuredErrors } from './gpu-error-table.js';
import { type FitParam, type FitTarget, fit, stackParams } from './gpu-fit.js';
import { type GpuRunConfig, measuredRuns } from './gpu-measured-cases.js';
import { baseArch, runConfig } from './gpu-run.js';
import { evaluateCase } from './validate.js';

function targets(stack: string, pick: (r: ReturnType<typeof measuredRuns>[number]) => boolean = () => true): FitTarget[] {
  return measuredRuns()
    .filter((r) => r.role === 'calibration' && r.config.stack === stack && pick(r))
    .map((r) => ({ config: r.config, ms: r.row.value, label: r.row.id }));
}

/** The DFX paper's GPU figure: 13.01 tokens/s for GPT-2 1.5B 64:64 on 4 x V100 under Megatron-LM. */
const DFX_MEGATRON: FitTarget = {
  config: { arch: 'v100', stack: 'megatron', model: 'gpt2-xl-dfx', devices: 4, batch: 1, input: 64, output: 64, set: [], dtype: 'fp16' },
  ms: (64 / 13.01) * 1e3,
  label: 'gpu-1.5b-4v100-64-64-throughput',
};

/** Fitted leaves without a unit; every other fitted constant is a time. */
const UNITLESS = new Set(['efficiency', 'speedup']);

async function fitStack(name: string, ts: FitTarget[], params: (spec: GpuArch) => FitParam[], set: string[]): Promise<string[]> {
  const spec = (await baseArch(ts[0].config, set)).spec as GpuArch;
  const ps = params(spec);
  const start = ps.map((p) => {
    let t: unknown = spec;
    for (const k of p.path) t = (t as Record<string | number, unknown>)[k];
    return t as number;
  });
  // Earlier fits apply to later ones through `set`.
  const withSet = ts.map((t) => ({ ...t, config: { ...t.config, set: [...t.config.set, ...set] } as GpuRunConfig }));
  const values = await fit(withSet, ps, start, { maxSweeps: 14, log: (m) => console.log(`  ${name} ${m}`) });
  const out = ps.map((p, i) => `${p.path.join('.')}=${values[i]}${UNITLESS.has(String(p.path[p.path.length - 1])) ? '' : 's'}`);
  for (const o of out) console.log(`${o}`);
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

async function bisectIdle(set: string[]): Promise<void> {
  const c = GPU_CASES.find((x) => x.id === 'gpu-v100-avg-power');
  if (!c) throw new Error('no case gpu-v100-avg-power');
  let lo = 0;
  let hi = 300;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const row = await evaluateCase(c, [...set, `power.idle=${mid}W`]);
    if (row.simulated < row.published) lo = mid;
    else hi = mid;
  }
  console.log(`power.idle (v100) = ${((lo + hi) / 2).toFixed(2)} W`);
}

async function main(): Promise<void> {
  const set: string[] = [];
  const only = process.argv[2];
  if (!only || only === 'fastertransformer') set.push(...(await fitStack('fastertransformer', targets('fastertransformer'), (s) => stackParams(s, 'fastertransformer', { collectives: true, curves: true }), set)));
  if (!only || only === 'tensorrt') {
    set.push(...(await fitStack('tensorrt', targets('tensorrt', (r) => r.row.sparsity === 'dense'), (s) => stackParams(s, 'tensorrt', { collectives: false, curves: false }), set)));
    const sparse = (s: GpuArch): FitParam[] => s.sparse_tensor_cores.speedup.map((_, i) => ({ path: ['sparse_tensor_cores', 'speedup', i, 'speedup'], lo: 0.5, hi: 2, group: 'speedup' }));
    set.push(...(await fitStack('2:4', await sparseTargets(set), sparse, set)));
  }
  if (!only || only === 'megatron') {
    const mParams = (s: GpuArch) => [
      ...stackParams(s, 'megatron', { collectives: false, curves: false }),
      ...s.stacks.megatron.compute_efficiency.map((_, i): FitParam => ({ path: ['stacks', 'megatron', 'compute_efficiency', i, 'efficiency'], lo: 0.002, hi: 1, group: 'compute' })),
    ];
    set.push(...(await fitStack('megatron', [...targets('megatron'), DFX_MEGATRON], mParams, set)));
  }
  if (!only || only === 'huggingface') set.push(...(await fitStack('huggingface', targets('huggingface'), (s) => stackParams(s, 'huggingface', { collectives: false, curves: false }), set)));
  if (!only) await bisectIdle(set.filter((s) => s.startsWith('stacks.megatron')));
  console.log(summaryTable(summarise(await measuredErrors())));
}

await main();
