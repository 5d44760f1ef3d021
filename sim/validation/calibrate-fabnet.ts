/**
 * The fabnet template has no fitted constant: every timing constant is a
 * source (RTL, the authors' simulator setting, a datasheet) or a named
 * assumption. This prints the FABNet rows, how far each moves when one
 * constant changes (so that a reader sees which constants the figures
 * depend on, and that none was tuned to them), and each row reconciled
 * with the authors' counting (sim/validation/fabnet-reconcile.ts).
 * Run: npm run calibrate:fabnet
 */
import { FABNET_CASES } from './fabnet-cases.js';
import { reconcileFabnet } from './fabnet-reconcile.js';
import { evaluateCase } from './validate.js';

const DRAINS = ['fp_multiplier', 'fp_adder', 'bank_read', 'bank_write'];

const VARIANTS: readonly { what: string; set: string[] }[] = [
  { what: 'as shipped', set: [] },
  { what: 'no pipeline drains between stages (all depths 0)', set: DRAINS.map((d) => `timing.pipeline.${d}=0`) },
  { what: 'FP16 adder 8 cycles, multiplier 4 (shallower IP configuration)', set: ['timing.pipeline.fp_adder=8', 'timing.pipeline.fp_multiplier=4'] },
  { what: 'bank read 1 cycle (no RAM output register)', set: ['timing.pipeline.bank_read=1'] },
  { what: 'converters 32 bit (a complex point per cycle)', set: ['converters.input=32bit', 'converters.output=32bit'] },
  { what: 'memory.latency x 2', set: ['memory.latency=500ns'] },
  { what: 'norm and GELU latencies x 2', set: ['timing.norm_latency=80', 'timing.gelu_latency=40'] },
];

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;

async function main(): Promise<void> {
  for (const c of FABNET_CASES) {
    console.log(`${c.id} (${c.role})`);
    for (const v of VARIANTS) {
      const r = await evaluateCase(c, v.set);
      console.log(`  ${r.simulated.toFixed(3).padStart(8)} ms vs ${r.published} ms (${signed(r.error_pct)})  ${v.what}`);
    }
    const [, arch, input] = /^fabnet-base-(\w+)-\d+be-seq(\d+)$/.exec(c.id) ?? [];
    const published = (await evaluateCase(c)).published;
    const r = await reconcileFabnet(`fabnet-${arch}`, 'fabnet-base', Number(input));
    const pct = (x: number) => signed(((x - published) / published) * 100);
    console.log(
      `  reconciled: without one round of every FFT pass ${r.without_dropped_round_ms.toFixed(3)} ms (${pct(r.without_dropped_round_ms)}); and without pass boundaries ${r.authors_conventions_ms.toFixed(3)} ms (${pct(r.authors_conventions_ms)})`,
    );
  }
}

await main();
