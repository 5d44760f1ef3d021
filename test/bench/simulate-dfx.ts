/** Simulations per second of DFX (4 x U280) on gpt2-xl-dfx 64:64, fast mode, per second of CPU time (best of 5 rounds: the machine is shared). */
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { cpuRate } from './measure.js';

export async function benchSimulateDfx(): Promise<string[]> {
  const arch = await loadArch('dfx', { devices: 4 });
  const model = loadModel('gpt2-xl-dfx');
  const run = () => simulate(arch, buildWorkload(model, { input: 64, output: 64, batch: 1 }));
  const fast = run();
  const exact = simulate(arch, buildWorkload(model, { input: 64, output: 64, batch: 1 }), { exact: true });
  const diff = Math.abs(fast.latency_s - exact.latency_s) / exact.latency_s;
  if (diff > 1e-3) throw new Error(`fast and exact modes differ by ${(diff * 100).toFixed(3)} %`);
  return [`BENCH simulate_dfx_gpt2xl_64_64 ${cpuRate(run).toFixed(0)} sims/s`];
}
