/**
 * `node dist/sim/validation/calibrate-gpu.js`: how the GPU template's fitted
 * constants were set. Each constant has its own figure and the figure is
 * monotone in it, so each is found by bisection, in this order:
 *   stacks.fastertransformer.kernel_floor -> FasterTransformer 13B decode, 1 x A100-40GB (22.0 ms/token)
 *   stacks.megatron.op_overhead           -> 13.01 tokens/s, GPT-2 1.5B 64:64, 4 x V100
 *   power.idle (v100)                     -> 47.5 W mean per V100 over the DFX workloads
 * It prints the values; the presets hold them (rounded).
 */
import { GPU_CASES } from './gpu-cases.js';
import { evaluateCase } from './validate.js';

async function bisect(id: string, path: string, unit: string, lo: number, hi: number, rising: boolean, fixed: string[]): Promise<number> {
  const c = GPU_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const row = await evaluateCase(c, [...fixed, `${path}=${mid}${unit}`]);
    // rising: the simulated value grows with the constant.
    if ((row.simulated < row.published) === rising) lo = mid;
    else hi = mid;
  }
  const v = (lo + hi) / 2;
  console.log(`${path} = ${v.toFixed(3)} ${unit}  (figure ${id})`);
  return v;
}

async function main(): Promise<void> {
  const floor = await bisect('ft-13b-a100-tp1-decode', 'stacks.fastertransformer.kernel_floor', 'us', 0, 50, true, []);
  const set = [`stacks.megatron.kernel_floor=${floor}us`];
  const op = await bisect('gpu-1.5b-4v100-64-64-throughput', 'stacks.megatron.op_overhead', 'us', 10, 400, false, set);
  set.push(`stacks.megatron.op_overhead=${op}us`);
  await bisect('gpu-v100-avg-power', 'power.idle', 'W', 0, 300, true, set);
}

await main();
