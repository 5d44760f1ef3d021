/**
 * The fabnet template has no fitted constant: every timing constant is a
 * source (RTL, the authors' simulator default, a datasheet) or a named
 * assumption. This prints the FABNet rows and how far each moves when one
 * constant changes, so that a reader sees which constants the figures
 * depend on (and that none was tuned to them).
 * Run: npm run calibrate:fabnet
 */
import { FABNET_CASES } from './fabnet-cases.js';
import { evaluateCase } from './validate.js';

const VARIANTS: readonly { what: string; set: string[] }[] = [
  { what: 'as shipped', set: [] },
  { what: 'timing.efficiency = 1 (no allowance for implementation losses)', set: ['timing.efficiency=1'] },
  { what: 'converters 32 bit (a complex point per cycle)', set: ['converters.input=32bit', 'converters.output=32bit'] },
  { what: 'memory.latency x 2', set: ['memory.latency=500ns'] },
  { what: 'norm, GELU and dense latencies x 2', set: ['timing.norm_latency=80', 'timing.gelu_latency=40', 'timing.dense_latency=100'] },
];

async function main(): Promise<void> {
  for (const c of FABNET_CASES) {
    console.log(c.id);
    for (const v of VARIANTS) {
      const r = await evaluateCase(c, v.set);
      console.log(`  ${r.simulated.toFixed(3).padStart(8)} ms vs ${r.published} ms (${r.error_pct >= 0 ? '+' : ''}${r.error_pct.toFixed(1)} %)  ${v.what}`);
    }
  }
}

await main();
