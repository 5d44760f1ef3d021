/**
 * The grid searches that set FABNet's two fitted constants, each on one
 * figure: timing.stage_overhead on fabnet-base-vcu128-120be-seq128 and the
 * Zynq's memory.efficiency on fabnet-base-zynq7045-20be-seq128. It prints
 * the best values and the untouched validation row; the presets hold them.
 * Run: npm run build && node dist/sim/validation/calibrate-fabnet.js
 */
import { FABNET_CASES } from './fabnet-cases.js';
import { evaluateCase } from './validate.js';

const byId = (id: string) => {
  const c = FABNET_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
};

async function best(id: string, path: string, values: number[]): Promise<{ value: number; error: number }> {
  let out = { value: NaN, error: Infinity };
  for (const v of values) {
    const r = await evaluateCase(byId(id), [`${path}=${v}`]);
    if (Math.abs(r.error_pct) < Math.abs(out.error)) out = { value: v, error: r.error_pct };
  }
  return out;
}

async function main(): Promise<void> {
  const ls = await best('fabnet-base-vcu128-120be-seq128', 'timing.stage_overhead', Array.from({ length: 81 }, (_, i) => i));
  console.log(`timing.stage_overhead = ${ls.value} cycles (seq128 error ${ls.error.toFixed(2)} %)`);
  const v = await evaluateCase(byId('fabnet-base-vcu128-120be-seq1024'), [`timing.stage_overhead=${ls.value}`]);
  console.log(`  validation: seq1024 error ${v.error_pct.toFixed(2)} %`);
  const eff = await best('fabnet-base-zynq7045-20be-seq128', 'memory.efficiency', Array.from({ length: 91 }, (_, i) => 0.1 + i * 0.005));
  console.log(`zynq memory.efficiency = ${eff.value.toFixed(3)} (error ${eff.error.toFixed(2)} %)`);
}

await main();
