/**
 * A loop to profile: run it under `node --cpu-prof` and aggregate the
 * profile with profile-table.js (docs/speed.md).
 *
 *   node --cpu-prof --cpu-prof-dir=prof dist/test/bench/profile-loop.js dfx 5000
 *   node --cpu-prof --cpu-prof-dir=prof dist/test/bench/profile-loop.js fabnet 50000
 *   node --cpu-prof --cpu-prof-dir=prof dist/test/bench/profile-loop.js sweep 2000
 *
 * `dfx`: DFX (4 x U280) on gpt2-xl-dfx 64:64; `fabnet`: fabnet-vcu128 on
 * fabnet-large at 1024; `sweep`: the first designs of dse/spaces/dfx-gpt2.yaml
 * evaluated in this thread, as a worker evaluates them.
 */
import { join } from 'node:path';
import { loadArch } from '../../arch/load.js';
import { projectRoot } from '../../arch/project-root.js';
import { evalContext, evaluateDesign } from '../../dse/evaluate.js';
import { loadSpace } from '../../dse/space.js';
import { planDesigns } from '../../dse/strategies/plan.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

const what = process.argv[2] ?? 'dfx';
const n = Number(process.argv[3] ?? 1000);

if (what === 'dfx' || what === 'fabnet') {
  const arch = what === 'dfx' ? await loadArch('dfx', { devices: 4 }) : await loadArch('fabnet-vcu128');
  const model = loadModel(what === 'dfx' ? 'gpt2-xl-dfx' : 'fabnet-large');
  const request = what === 'dfx' ? { input: 64, output: 64, batch: 1 } : { input: 1024, output: 0, batch: 1 };
  for (let i = 0; i < n; i++) simulate(arch, buildWorkload(model, request));
} else if (what === 'sweep') {
  const space = await loadSpace(join(projectRoot(), 'dse', 'spaces', 'dfx-gpt2.yaml'));
  const ctx = evalContext(space);
  const designs = planDesigns(space, 0).designs.slice(0, n);
  for (const d of designs) await evaluateDesign(ctx, d);
} else {
  console.error('usage: profile-loop.js dfx|fabnet|sweep [count]');
  process.exit(2);
}
