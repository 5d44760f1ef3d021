/**
 * How FABNet latency scales with the number of butterfly engines and the
 * sequence length, as the Markdown table docs/fabnet.md shows (a test checks
 * that the page holds what this prints).
 * Run: npm run build && node dist/sim/fabnet/scaling-table.js
 */
import { pathToFileURL } from 'node:url';
import { loadArch } from '../../arch/load.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { simulate } from '../simulate.js';

const SCALING_ENGINES = [16, 32, 64, 120, 160] as const;
const SCALING_SEQUENCES = [128, 256, 512, 1024, 2048, 4096] as const;
const SCALING_MODELS = ['fabnet-base', 'fabnet-large'] as const;

/** Encoder latency in ms of `model` at `seq` tokens on fabnet-vcu128 with `engines` BEs. */
async function scalingLatencyMs(model: string, seq: number, engines: number): Promise<number> {
  const arch = await loadArch('fabnet-vcu128', { set: [`engines=${engines}`] });
  const r = simulate(arch, buildWorkload(loadModel(model), { input: seq, output: 0, batch: 1 }));
  if (!r.feasible) throw new Error(`${model} at ${seq} tokens on ${engines} BEs: ${r.reason}`);
  return r.latency_s * 1e3;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/** One Markdown table per model: sequence length down, BE count across, latency in ms. */
export async function scalingTable(): Promise<string> {
  const out: string[] = [];
  for (const model of SCALING_MODELS) {
    out.push(`${model} (ms):`, '', `| sequence | ${SCALING_ENGINES.map((e) => `${e} BEs`).join(' | ')} |`, `|---:|${SCALING_ENGINES.map(() => '---:').join('|')}|`);
    for (const seq of SCALING_SEQUENCES) {
      const cells: string[] = [];
      for (const e of SCALING_ENGINES) cells.push(fmt(await scalingLatencyMs(model, seq, e)));
      out.push(`| ${seq} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await scalingTable());
