/** Simulations per second of the FABNet accelerator (fabnet-vcu128) on fabnet-large at sequence 1024, fast mode, per second of CPU time (best of 5 rounds: the machine is shared). */
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { cpuRate } from './measure.js';

export async function benchSimulateFabnet(): Promise<string[]> {
  const arch = await loadArch('fabnet-vcu128');
  const model = loadModel('fabnet-large');
  const run = () => simulate(arch, buildWorkload(model, { input: 1024, output: 0, batch: 1 }));
  const fast = run();
  const exact = simulate(arch, buildWorkload(model, { input: 1024, output: 0, batch: 1 }), { exact: true });
  const diff = Math.abs(fast.latency_s - exact.latency_s) / exact.latency_s;
  if (diff > 1e-9) throw new Error(`fast and exact modes differ by ${(diff * 100).toFixed(6)} %`);
  return [`BENCH simulate_fabnet_large_1024 ${cpuRate(run).toFixed(0)} sims/s`];
}
