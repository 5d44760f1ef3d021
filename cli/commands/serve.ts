/** `tasim serve`: a design under a stream of requests (latency percentiles, throughput, capacity at an SLO). */
import type { Argv } from 'yargs';
import { loadArch } from '../../arch/load.js';
import { parseQuantity, prepareQuantities } from '../../arch/quantity.js';
import { UserError } from '../../arch/user-error.js';
import { POLICIES, type PolicyName } from '../../sim/serving/policy.js';
import type { SERVE_LIMITS as ServeLimits } from '../../sim/serving/serve.js';
import { readSlo } from '../../sim/serving/slo.js';
import type { StreamSpec } from '../../workloads/arrivals.js';
import { loadModel } from '../../workloads/models.js';
import { readWeightPrecisionFile } from '../../workloads/precision-plan.js';
import { atRate, type RequestStream, STREAM_LIMITS } from '../../workloads/request-stream.js';
import { readRequestTrace } from '../../workloads/request-trace.js';
import { readSparsityArg } from '../../workloads/sparsity.js';
import type { ModelConfig } from '../../workloads/model.js';
import { serveSummary } from '../format/serve-summary.js';
import { commandLine, writeReport } from '../write-report.js';

interface ServeArgs {
  arch: string;
  model: string;
  devices?: number;
  stack?: string;
  set: string[];
  sparsity?: string;
  weightPrecision?: string;
  input?: string;
  output?: string;
  arrivals?: string;
  cv?: number;
  rate?: number;
  requests?: number;
  seed?: number;
  trace?: string;
  policy: PolicyName;
  batch?: number;
  tokenBudget?: number;
  blockTokens?: number;
  replicas: number;
  routerTime?: string;
  slo: string[];
  probeRequests?: number;
  json: boolean;
  detail: boolean;
  report?: string;
}

function wholeNumber(v: number | undefined, flag: string, min: number, max: number, example: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < min || v > max))
    throw new UserError({ input: flag, field: String(v), problem: `must be a whole number from ${min} to ${max.toLocaleString('en-US')}`, fix: `e.g. ${flag} ${example}` });
}

// SERVE_LIMITS comes with the serving simulator, loaded when the command runs.
function checkArgs(a: ServeArgs, SERVE_LIMITS: typeof ServeLimits): void {
  wholeNumber(a.requests, '--requests', 1, STREAM_LIMITS.requests, '2000');
  wholeNumber(a.seed, '--seed', 0, 2 ** 32 - 1, '1');
  wholeNumber(a.replicas, '--replicas', 1, SERVE_LIMITS.replicas, '2');
  wholeNumber(a.batch, '--batch', 1, SERVE_LIMITS.batch, '32');
  wholeNumber(a.tokenBudget, '--token-budget', 1, SERVE_LIMITS.tokenBudget, '512');
  wholeNumber(a.blockTokens, '--block-tokens', 1, SERVE_LIMITS.blockTokens, '16');
  wholeNumber(a.probeRequests, '--probe-requests', 100, SERVE_LIMITS.probeRequests, '4000');
  if (a.rate !== undefined && !(a.rate > 0 && a.rate <= STREAM_LIMITS.rate))
    throw new UserError({
      input: '--rate',
      field: String(a.rate),
      problem: `the request rate must be a positive number of requests per second, at most ${STREAM_LIMITS.rate}`,
      fix: 'e.g. --rate 2',
    });
  if (a.cv !== undefined && a.arrivals !== 'gamma')
    throw new UserError({ input: '--cv', field: String(a.cv), problem: 'only gamma arrivals take a coefficient of variation', fix: 'add --arrivals gamma, or drop --cv' });
  if (a.arrivals === 'gamma' && !(a.cv !== undefined && a.cv > 0 && a.cv <= STREAM_LIMITS.cv))
    throw new UserError({
      input: '--cv',
      field: String(a.cv ?? 'missing'),
      problem: `gamma arrivals need the coefficient of variation of inter-arrival times, above 0 and at most ${STREAM_LIMITS.cv} (1 is Poisson, above 1 burstier)`,
      fix: 'e.g. --arrivals gamma --cv 2',
    });
  if (a.probeRequests !== undefined && !a.slo.length)
    throw new UserError({
      input: '--probe-requests',
      field: String(a.probeRequests),
      problem: 'probes are only run by a capacity search',
      fix: 'add --slo, or drop --probe-requests',
    });
}

/** The stream to serve, and what a capacity search probes with: the trace, or streams of any length from the same seed. */
async function streams(a: ServeArgs, model: ModelConfig): Promise<{ stream: RequestStream; probe: RequestStream | ((requests: number) => RequestStream) }> {
  const [{ generateStream }, { readLengthDistribution }] = await Promise.all([import('../../workloads/arrivals.js'), import('../../workloads/length-distribution.js')]);
  if (a.trace !== undefined) {
    for (const [flag, v] of [
      ['--input', a.input],
      ['--output', a.output],
      ['--arrivals', a.arrivals],
      ['--requests', a.requests],
      ['--seed', a.seed],
    ] as const) {
      if (v !== undefined)
        throw new UserError({ input: flag, field: String(v), problem: 'a trace brings its own requests', fix: `drop ${flag} (--rate replays the trace at another rate)` });
    }
    const trace = readRequestTrace(a.trace);
    const stream = a.rate !== undefined ? atRate(trace, a.rate) : trace;
    return { stream, probe: stream };
  }
  for (const [flag, v] of [
    ['--input', a.input],
    ['--output', a.output],
    ['--rate', a.rate],
  ] as const) {
    if (v === undefined) throw new UserError({ input: flag, problem: 'missing', fix: 'give --rate, --input and --output (or --trace file.csv)' });
  }
  const spec: StreamSpec = {
    arrivals: a.arrivals === 'gamma' ? { kind: 'gamma', cv: a.cv as number } : { kind: 'poisson' },
    rate_rps: a.rate as number,
    requests: a.requests ?? 1000,
    shapes: {
      kind: 'lengths',
      input: readLengthDistribution(String(a.input), '--input', 1),
      output: readLengthDistribution(String(a.output), '--output', model.kind === 'encoder' ? 0 : 1),
    },
    seed: a.seed ?? 1,
  };
  // The same seed gives the same first requests: a longer probe stream extends the served one.
  return { stream: generateStream(spec), probe: (n: number) => generateStream({ ...spec, requests: n }) };
}

async function runServe(a: ServeArgs): Promise<void> {
  // Loaded on use, so that the CLI starts with what the command needs.
  const [{ SERVE_LIMITS, serve }, { probeRequestsFor }, { serveReport }] = await Promise.all([
    import('../../sim/serving/serve.js'),
    import('../../sim/serving/probe-requests.js'),
    import('../../reports/serve-report.js'),
  ]);
  checkArgs(a, SERVE_LIMITS);
  const arch = await loadArch(a.arch, { set: a.set, devices: a.devices, stack: a.stack });
  const model = loadModel(a.model);
  const slo = a.slo.length ? await readSlo(a.slo) : undefined;
  let routerTime_s = 0;
  if (a.routerTime !== undefined) {
    await prepareQuantities(a.routerTime);
    routerTime_s = parseQuantity(a.routerTime, 'time', '--router-time', a.routerTime);
    if (routerTime_s > 1) throw new UserError({ input: '--router-time', field: a.routerTime, problem: 'a router spends at most 1 s per request', fix: 'e.g. --router-time 1ms' });
  }
  const { stream, probe } = await streams(a, model);
  const sparsity = a.sparsity !== undefined ? readSparsityArg(String(a.sparsity)) : undefined;
  const weightPrecision = a.weightPrecision !== undefined ? readWeightPrecisionFile(String(a.weightPrecision)) : undefined;
  const doc = serve(arch, model, stream, {
    policy: a.policy,
    replicas: a.replicas,
    batch: a.batch,
    tokenBudget: a.tokenBudget,
    blockTokens: a.blockTokens,
    routerTime_s,
    slo,
    capacity: !!slo,
    probe,
    probeRequests: probeRequestsFor(a.requests ?? 1000, a.probeRequests),
    detail: a.detail || !!a.report,
    workload: { sparsity, weightPrecision },
  });
  if (a.report) writeReport(a.report, serveReport([doc], commandLine()));
  const shown = a.detail || !doc.feasible ? doc : { ...doc, detail: undefined };
  if (a.json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else process.stdout.write(`${serveSummary(doc)}\n`);
  if (!doc.feasible) process.exitCode = 3;
}

export function registerServe(y: Argv): Argv {
  return y.command(
    'serve',
    'serve a stream of requests on a design: latency percentiles, throughput and capacity under load',
    // The defaults the help names live with the serving simulator: loaded only for this command.
    async (b) => {
      const { SERVE_DEFAULTS } = await import('../../sim/serving/serve.js');
      return b
        .option('arch', { type: 'string', demandOption: true, describe: 'arch preset or spec file (as for simulate)' })
        .option('model', { type: 'string', demandOption: true, describe: 'model preset or a HuggingFace config.json' })
        .option('devices', { type: 'number', describe: 'accelerators working together in one replica (overrides the spec)' })
        .option('stack', { type: 'string', describe: 'GPU software stack (GPU archs only)' })
        .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a spec field: path=value' })
        .option('sparsity', { type: 'string', describe: 'N:M sparsity of the layer weights, or a per-layer YAML file (as for simulate)' })
        .option('weight-precision', { type: 'string', describe: 'per-layer weight precision plan (as for simulate)' })
        .option('input', { type: 'string', describe: 'prompt tokens: a count (64), uniform:MIN:MAX, exponential:MEAN or lognormal:MEAN:CV' })
        .option('output', { type: 'string', describe: 'tokens to generate per request: same forms as --input (0 for an encoder)' })
        .option('arrivals', { type: 'string', choices: ['poisson', 'gamma'], describe: 'arrival process (default poisson)' })
        .option('cv', { type: 'number', describe: 'gamma arrivals: coefficient of variation of inter-arrival times (1 = Poisson)' })
        .option('rate', { type: 'number', describe: 'requests per second offered (with --trace: replay the trace at this rate)' })
        .option('requests', { type: 'number', describe: 'requests in the stream (default 1000)' })
        .option('seed', { type: 'number', describe: 'seed of the stream (default 1)' })
        .option('trace', { type: 'string', describe: 'request trace: CSV with header arrival_s,input,output or JSON lines with those fields' })
        .option('policy', {
          type: 'string',
          choices: POLICIES as unknown as string[],
          demandOption: true,
          describe: 'fifo (one request at a time), static (batches of --batch), continuous (iteration-level batching), chunked (chunked prefill)',
        })
        .option('batch', {
          type: 'number',
          describe: `most sequences per iteration (static: the batch size, default ${SERVE_DEFAULTS.staticBatch}; continuous and chunked: default ${SERVE_DEFAULTS.maxBatch})`,
        })
        .option('token-budget', { type: 'number', describe: `chunked: tokens per iteration (default ${SERVE_DEFAULTS.tokenBudget})` })
        .option('block-tokens', { type: 'number', describe: `KV-cache block size in tokens (default ${SERVE_DEFAULTS.blockTokens})` })
        .option('replicas', { type: 'number', default: 1, describe: 'copies of the appliance behind a least-loaded router' })
        .option('router-time', { type: 'string', describe: 'time the router spends per request, e.g. 1ms (default 0)' })
        .option('slo', {
          type: 'string',
          array: true,
          default: [] as string[],
          describe: 'service-level objective, e.g. ttft_p99=200ms: adds goodput and searches the highest rate within it (max_rate_rps)',
        })
        .option('probe-requests', { type: 'number', describe: `requests per capacity probe, at least (default ${SERVE_DEFAULTS.probeRequests})` })
        .option('json', { type: 'boolean', default: false, describe: 'print the result as one JSON document' })
        .option('detail', { type: 'boolean', default: false, describe: 'include CDFs and time series in the JSON' })
        .option('report', { type: 'string', describe: 'also write a self-contained HTML report (latency CDFs, queue and batch over time)' })
        .example(
          '$0 serve --arch dfx --devices 4 --model gpt2-xl-dfx --arrivals poisson --rate 0.5 --requests 5000 --input 64 --output 64 --policy fifo --seed 1',
          'DFX on chat traffic',
        )
        .example(
          '$0 serve --arch a100-40gb --model gpt2-xl-dfx --rate 20 --input 64 --output 64 --policy continuous --slo ttft_p99=200ms',
          'capacity of an A100 at a 200 ms p99 TTFT',
        )
        .example('$0 serve --arch a100-40gb --model gpt2-xl-dfx --trace chat.csv --policy chunked', 'replay a production trace');
    },
    async (args) => runServe(args as unknown as ServeArgs),
  );
}
