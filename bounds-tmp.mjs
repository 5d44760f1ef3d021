import { rawSpec, validateArch } from './dist/arch/load.js';
import { siTree } from './dist/arch/quantity.js';
import { leafPaths } from './dist/arch/spec-tree.js';
import { applyOverrides } from './dist/arch/overrides.js';
import { QUANTITY_BOUNDS } from './dist/arch/schema/common.js';
import { simulate } from './dist/sim/simulate.js';
import { buildWorkload, loadModel } from './dist/workloads/models.js';
import { isUserError } from './dist/arch/user-error.js';
const presets = process.argv[2] ? [process.argv[2]] : ['dfx','dfx-nm','sta','fabnet-vcu128','v100','fabnet-dense-baseline'];
const nums = [0, 1e-3, 0.01, 1, 1e6, 1e9];
let worst = 0, n = 0, bad = [];
for (const p of presets) {
  const { tree: raw, input } = rawSpec(p);
  const tree = await siTree(raw);
  const paths = leafPaths(tree);
  const get = (t, path) => path.split('.').reduce((o, k) => { const v = o?.[k]; return v && typeof v === 'object' && 'value' in v && !('si' in v) ? v.value : v; }, t);
  const models = p.startsWith('fabnet') ? [['fabnet-base', 128, 0]] : p === 'sta' ? [['bert-base', 128, 0]] : [['gpt2', 32, 32], ['gpt2-xl-dfx', 64, 64]];
  for (const path of paths) {
    const v = get(tree, path);
    let cands = [];
    if (typeof v === 'number') cands = nums;
    else if (v && typeof v === 'object' && 'si' in v) { const b = QUANTITY_BOUNDS[v.dim]; cands = [b.min, b.max].map((si) => ({ si, dim: v.dim })); }
    else continue;
    for (const c of cands) {
      const t = structuredClone(tree);
      let arch;
      try { applyOverrides(t, [{ path, value: c }], input); arch = await validateArch(t, input, p); } catch (e) { if (!isUserError(e)) bad.push([p, path, c, 'load', e.message]); continue; }
      for (const [m, i, o] of models) {
        const t0 = performance.now();
        try { const r = simulate(arch, buildWorkload(loadModel(m), { input: i, output: o, batch: 1 })); } catch (e) { if (!isUserError(e)) bad.push([p, path, JSON.stringify(c), m, e.message.slice(0, 200)]); }
        const dt = performance.now() - t0; n++;
        if (dt > worst) worst = dt;
        if (dt > 1000) bad.push([p, path, JSON.stringify(c), m, `slow ${dt.toFixed(0)} ms`]);
      }
    }
  }
}
console.log('runs', n, 'worst ms', worst.toFixed(0));
for (const b of bad) console.log(b.join(' | '));
