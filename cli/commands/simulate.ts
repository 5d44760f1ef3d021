/** `tasim simulate`: one design, one request. */
import type { Argv } from 'yargs';

interface SimulateArgs {
  arch: string;
  model: string;
  input: number;
  output: number;
  devices?: number;
  batch: number;
  sparsity?: string;
  weightPrecision?: string;
  stack?: string;
  set: string[];
  json: boolean;
  exact: boolean;
  detail: boolean;
  report?: string;
}

function simulateOptions<T>(y: Argv<T>) {
  return y
    .option('arch', {
      type: 'string',
      demandOption: true,
      describe: 'arch preset (dfx, dfx-nm, sta, v100, a100-40gb, a100-80gb, h100-sxm, rtx2080ti, t4, ...) or spec file (.yaml/.json)',
    })
    .option('model', {
      type: 'string',
      demandOption: true,
      describe:
        'model preset (gpt2, gpt2-xl-dfx, llama-2-7b, llama-3.2-1b, mistral-7b, qwen2-0.5b, bert-base, ...; docs/models.md) or a HuggingFace config.json (gpt2, opt, gptj, gpt_neox, llama, mistral, qwen2, phi)',
    })
    .option('input', { type: 'number', demandOption: true, describe: 'input (prompt) tokens; the sequence length when --output 0' })
    .option('output', { type: 'number', demandOption: true, describe: 'tokens to generate; 0 = encoder-only run' })
    .option('devices', { type: 'number', describe: 'accelerators working together (overrides the spec)' })
    .option('batch', { type: 'number', default: 1, describe: 'sequences served at once' })
    .option('sparsity', { type: 'string', describe: 'N:M sparsity of every layer weight matrix (e.g. 2:4), or a per-layer YAML file (m, default, layers, ops)' })
    .option('weight-precision', {
      type: 'string',
      describe: 'per-layer weight precision plan (YAML: default, layers, ops with fp16/int8/int4); the global one is --set precision.weights=...',
    })
    .option('stack', { type: 'string', describe: 'GPU software stack (e.g. fastertransformer, tensorrt-llm, vllm, huggingface, megatron, roofline; GPU archs only)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a spec field: path=value (units allowed: --set clock=250MHz)' })
    .option('exact', { type: 'boolean', default: false, describe: 'simulate every layer and token with no reuse (slower; same results)' });
}

async function runSimulate(a: SimulateArgs): Promise<void> {
  // Loaded on use, so that the CLI starts with what the command needs.
  const [{ loadArch }, { simulate }, { buildWorkload, checkExactWork, loadModel }, { summary }] = await Promise.all([
    import('../../arch/load.js'),
    import('../../sim/simulate.js'),
    import('../../workloads/models.js'),
    import('../format/summary.js'),
  ]);
  const arch = await loadArch(a.arch, { set: a.set, devices: a.devices, stack: a.stack });
  const sparsity = a.sparsity !== undefined ? (await import('../../workloads/sparsity.js')).readSparsityArg(String(a.sparsity)) : undefined;
  const weightPrecision = a.weightPrecision !== undefined ? (await import('../../workloads/precision-plan.js')).readWeightPrecisionFile(String(a.weightPrecision)) : undefined;
  const w = buildWorkload(loadModel(a.model), { input: a.input, output: a.output, batch: a.batch }, { sparsity, weightPrecision });
  if (a.exact) checkExactWork(w.model, w.request);
  const r = simulate(arch, w, { exact: a.exact, detail: a.detail || !!a.report });
  if (a.report) {
    const [{ configView }, { designReport }, { commandLine, writeReport }] = await Promise.all([
      import('../../reports/config-view.js'),
      import('../../reports/design-report.js'),
      import('../write-report.js'),
    ]);
    writeReport(a.report, designReport({ results: [r], config: configView(arch), command: commandLine() }));
  }
  // --report needs the detail; the printed document carries it only when asked for.
  const shown = a.detail ? r : { ...r, detail: undefined };
  if (a.json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else process.stdout.write(`${summary(r)}\n`);
  if (!r.feasible) process.exitCode = 3;
}

export function registerSimulate(y: Argv): Argv {
  return y.command(
    'simulate',
    'simulate one design on one request (latency, energy, breakdowns, resources)',
    (b) =>
      simulateOptions(b)
        .option('json', { type: 'boolean', default: false, describe: 'print the result as one JSON document' })
        .option('detail', { type: 'boolean', default: false, describe: 'include per-op rows and unit timelines in the JSON' })
        .option('report', { type: 'string', describe: 'also write a self-contained HTML report of this design to this file' })
        .example('$0 simulate --arch dfx --devices 4 --model gpt2-xl-dfx --input 64 --output 64', 'DFX on 4 U280s')
        .example('$0 simulate --arch dfx --model gpt2 --input 32 --output 32 --set mpu.lanes=32 --set clock=250MHz', 'a variant')
        .example('$0 simulate --arch sta --model bert-base --input 512 --output 0 --sparsity 2:8', 'an N:M sparse encoder on the STA-style engine')
        .example('$0 simulate --arch v100 --devices 4 --stack megatron --model gpt2-xl-dfx --input 64 --output 64', 'the DFX paper GPU baseline'),
    async (args) => runSimulate(args as unknown as SimulateArgs),
  );
}
