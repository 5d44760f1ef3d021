/** `tasim compare`: an accelerator and a GPU baseline on the same request, side by side. */
import type { Argv } from 'yargs';
import type { RawTree } from '../../arch/read-spec.js';
import { UserError, isUserError } from '../../arch/user-error.js';
import type { Comparison } from '../../sim/compare.js';
import type { SimResult } from '../../sim/result.js';
import { fmtEnergy, fmtNum, fmtTime, table } from '../format/units.js';

interface CompareArgs {
  arch: string;
  devices?: number;
  gpu: string;
  'gpu-devices'?: number;
  stack?: string;
  model: string;
  input: number;
  output: number;
  batch: number;
  set: string[];
  'gpu-set': string[];
  json: boolean;
  report?: string;
  sparsity?: string;
}

function side(r: SimResult): string {
  return `${r.arch} x${r.devices}${r.stack ? ` (${r.stack})` : ''}`;
}

function compareTable(c: Comparison): string {
  const a = c.accelerator;
  const g = c.gpu;
  const ratio = (x: number, y: number) => (Number.isFinite(x / y) ? `${fmtNum(x / y)}x` : 'n/a');
  const perToken: string[][] = [
    ['time to first token', fmtTime(a.ttft_s), fmtTime(g.ttft_s), ratio(g.ttft_s, a.ttft_s)],
    ['output tokens/s', fmtNum(a.tokens_per_s), fmtNum(g.tokens_per_s), ratio(a.tokens_per_s, g.tokens_per_s)],
    ['energy', fmtEnergy(a.energy_j), fmtEnergy(g.energy_j), ratio(g.energy_j, a.energy_j)],
    ['energy per output token', fmtEnergy(a.energy_per_token_j), fmtEnergy(g.energy_per_token_j), ratio(g.energy_per_token_j, a.energy_per_token_j)],
  ];
  // An encoder run (no output tokens) is measured in inferences.
  const perInference: string[][] = [
    ['inferences/s', fmtNum(a.inferences_per_s), fmtNum(g.inferences_per_s), ratio(a.inferences_per_s, g.inferences_per_s)],
    ['energy', fmtEnergy(a.energy_j), fmtEnergy(g.energy_j), ratio(g.energy_j, a.energy_j)],
    ['energy per inference', fmtEnergy(a.energy_per_inference_j), fmtEnergy(g.energy_per_inference_j), ratio(g.energy_per_inference_j, a.energy_per_inference_j)],
  ];
  const rows: string[][] = [
    ['latency', fmtTime(a.latency_s), fmtTime(g.latency_s), ratio(g.latency_s, a.latency_s)],
    ...(a.output_tokens > 0 ? perToken : perInference),
    ['average power', `${fmtNum(a.avg_power_w, 1)} W`, `${fmtNum(g.avg_power_w, 1)} W`, ''],
  ];
  const out = [
    `${a.model} | ${a.input_tokens} in : ${a.output_tokens} out | batch ${a.batch}`,
    '',
    table(['metric', side(a), side(g), 'accelerator advantage'], rows),
    '',
    `speedup ${Number.isFinite(c.speedup) ? `${fmtNum(c.speedup)}x` : 'n/a'}, energy-efficiency ratio ${Number.isFinite(c.energy_efficiency_ratio) ? `${fmtNum(c.energy_efficiency_ratio)}x` : 'n/a'} (values > 1 favour the accelerator)`,
  ];
  for (const r of [a, g]) if (!r.feasible) out.push(`INFEASIBLE ${side(r)}: ${r.reason}`);
  return out.join('\n');
}

async function runCompare(x: CompareArgs): Promise<void> {
  // Loaded on use, so that the CLI starts with what the command needs.
  const [{ loadArch, rawSpec }, { compareResults }, { simulate }, { buildWorkload, loadModel }, { readSparsityArg }] = await Promise.all([
    import('../../arch/load.js'),
    import('../../sim/compare.js'),
    import('../../sim/simulate.js'),
    import('../../workloads/models.js'),
    import('../../workloads/sparsity.js'),
  ]);
  if (x['gpu-devices'] !== undefined && !(Number.isInteger(x['gpu-devices']) && x['gpu-devices'] >= 1)) {
    throw new UserError({ input: '--gpu-devices', field: String(x['gpu-devices']), problem: 'must be a whole number >= 1', fix: 'e.g. --gpu-devices 4' });
  }
  let gpuTree: RawTree;
  try {
    gpuTree = rawSpec(x.gpu).tree;
  } catch (e) {
    if (isUserError(e)) throw new UserError({ input: '--gpu', field: x.gpu, problem: e.problem, fix: e.fix });
    throw e;
  }
  if (gpuTree.template !== 'gpu') {
    throw new UserError({ input: '--gpu', field: x.gpu, problem: 'not a GPU arch', fix: 'use a GPU preset: v100, a100-40gb, a100-80gb, h100-sxm, rtx2080ti, t4' });
  }
  const accelerator = await loadArch(x.arch, { set: x.set, devices: x.devices });
  const gpu = await loadArch(x.gpu, { set: x['gpu-set'], devices: x['gpu-devices'], stack: x.stack });
  const sparsity = x.sparsity !== undefined ? readSparsityArg(String(x.sparsity)) : undefined;
  const w = buildWorkload(loadModel(x.model), { input: x.input, output: x.output, batch: x.batch }, { sparsity });
  const c = compareResults(simulate(accelerator, w, { detail: !!x.report }), simulate(gpu, w));
  if (x.report) {
    const [{ configView }, { compareReport }, { commandLine, writeReport }] = await Promise.all([
      import('../../reports/config-view.js'),
      import('../../reports/design-report.js'),
      import('../write-report.js'),
    ]);
    writeReport(x.report, compareReport({ accelerator: c.accelerator, gpus: [c.gpu], config: configView(accelerator), command: commandLine() }));
  }
  c.accelerator = { ...c.accelerator, detail: undefined };
  if (x.json) process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
  else process.stdout.write(`${compareTable(c)}\n`);
  if (!c.accelerator.feasible || !c.gpu.feasible) process.exitCode = 3;
}

export function registerCompare(y: Argv): Argv {
  return y.command(
    'compare',
    'an accelerator against a GPU baseline on the same request: latency, TTFT, tokens/s, energy per token, speedup, energy-efficiency ratio',
    (b) =>
      b
        .option('arch', { type: 'string', demandOption: true, describe: 'accelerator preset or spec file (e.g. dfx)' })
        .option('devices', { type: 'number', describe: 'accelerator devices (overrides the spec)' })
        .option('gpu', { type: 'string', demandOption: true, describe: 'GPU preset: v100, a100-40gb, a100-80gb, h100-sxm, rtx2080ti, t4' })
        .option('gpu-devices', { type: 'number', describe: 'GPUs in tensor parallel (overrides the spec)' })
        .option('stack', { type: 'string', describe: 'GPU software stack (e.g. fastertransformer, tensorrt-llm, vllm, huggingface, megatron, roofline)' })
        .option('model', { type: 'string', demandOption: true, describe: 'model preset or HuggingFace config.json' })
        .option('input', { type: 'number', demandOption: true, describe: 'input (prompt) tokens' })
        .option('output', { type: 'number', demandOption: true, describe: 'tokens to generate' })
        .option('batch', { type: 'number', default: 1, describe: 'sequences served at once (both sides)' })
        .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override an accelerator spec field: path=value' })
        .option('gpu-set', { type: 'string', array: true, default: [] as string[], describe: 'override a GPU spec field: path=value' })
        .option('json', { type: 'boolean', default: false, describe: 'print {accelerator, gpu, speedup, energy_efficiency_ratio} as one JSON document' })
        .option('sparsity', { type: 'string', describe: 'N:M sparsity of the weight matrices (both sides), e.g. 2:4, or a per-layer YAML file' })
        .option('report', { type: 'string', describe: 'also write a self-contained HTML comparison report to this file' })
        .example('$0 compare --arch dfx --devices 4 --gpu v100 --gpu-devices 4 --stack megatron --model gpt2-xl-dfx --input 64 --output 64', 'the DFX paper comparison'),
    async (args) => runCompare(args as unknown as CompareArgs),
  );
}
