/**
 * `npm run calibrate`: the grid search that set DFX's three fitted timing
 * constants (control.dependency_latency, router.sync_overhead,
 * router.hop_latency). Objective: RMS relative error over the timing rows
 * marked 'calibration' in dfx-cases.ts. It prints the best points; the preset
 * holds the best one.
 */
import { DFX_CASES } from './dfx-cases.js';
import { evaluateCase } from './validate.js';

const TIMING = ['dfx-1.5b-4u280-64-64-throughput', 'dfx-345m-1u280-64-64-throughput', 'dfx-345m-4u280-64-64-throughput', 'dfx-1.5b-sync-share'];

async function main(): Promise<void> {
  const cal = DFX_CASES.filter((c) => TIMING.includes(c.id));
  const val = DFX_CASES.filter((c) => (c.role === 'validation' && c.id.includes('-latency')) || c.id.includes('2u280') || c.id.includes('per-token'));
  const results: { rms: number; set: string[]; valMax: number }[] = [];
  for (const dep of [32, 36, 40, 44, 48, 52, 56, 60, 64]) {
    for (const so of [2, 2.5, 3, 3.5, 4, 4.5, 5]) {
      for (const hop of [0.2, 0.4, 0.6, 0.8, 1.0, 1.2]) {
        const set = [`control.dependency_latency=${dep}`, `router.sync_overhead=${so}us`, `router.hop_latency=${hop}us`];
        const errs = await Promise.all(cal.map(async (c) => (await evaluateCase(c, set)).error_pct));
        const rms = Math.sqrt(errs.reduce((a, e) => a + e * e, 0) / errs.length);
        const vErr = await Promise.all(val.map(async (c) => Math.abs((await evaluateCase(c, set)).error_pct)));
        results.push({ rms, set, valMax: Math.max(...vErr) });
      }
    }
  }
  results.sort((a, b) => a.rms - b.rms);
  for (const r of results.slice(0, 8)) console.log(`rms ${r.rms.toFixed(2)} %  (validation max ${r.valMax.toFixed(1)} %)  ${r.set.join(' ')}`);
}

await main();
