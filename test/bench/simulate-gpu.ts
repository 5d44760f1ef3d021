/** Simulations per second of a GPU baseline: GPT-20B on 8 x A100-80GB under FasterTransformer, batch 64, 128:20, fast mode, one core. */
import { join } from 'node:path';
import { loadArch } from '../../arch/load.js';
import { projectRoot } from '../../arch/project-root.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { rate } from './measure.js';

export async function benchSimulateGpu(): Promise<string[]> {
  const arch = await loadArch('a100-80gb', { devices: 8, stack: 'fastertransformer' });
  const model = loadModel(join(projectRoot(), 'sim', 'validation', 'gpu-models', 'gpt-20b.json'));
  const run = () => simulate(arch, buildWorkload(model, { input: 128, output: 20, batch: 64 }));
  return [`BENCH simulate_gpu_gpt20b_8xa100_b64_128_20 ${rate(run).toFixed(0)} sims/s`];
}
