/**
 * The capacity table: the highest request rate each machine sustains within
 * an SLO, per scheduling policy, for one model and one request shape.
 *
 *   npm run capacity-table -- --model gpt2-xl-dfx [--input 64 --output 64] [--slo ttft_p99=200ms]
 *                             [--requests 4000] [--seed 1] [--json] [--report capacity.html]
 *
 * Machines: 4 x U280 DFX, 1 x A100 40GB and 4 x V100 (FasterTransformer and
 * Megatron-LM stacks, the latter the DFX paper's baseline).
 */
import { parseArgs } from 'node:util';
import { loadArch } from '../arch/load.js';
import { UserError } from '../arch/user-error.js';
import { serveReport } from '../reports/serve-report.js';
import { POLICIES, type PolicyName } from '../sim/serving/policy.js';
import type { ServeDocument, ServeResult } from '../sim/serving/result.js';
import { probeRequestsFor } from '../sim/serving/probe-requests.js';
import { PROBE_SPAN_SLOS, SERVE_DEFAULTS, Deployment } from '../sim/serving/serve.js';
import { readSlo } from '../sim/serving/slo.js';
import { generateStream } from '../workloads/arrivals.js';
import { loadModel } from '../workloads/models.js';
import { atRate } from '../workloads/request-stream.js';
import { reportError } from './errors.js';
import { fmtNum, fmtTime, table } from './format/units.js';
import { writeReport } from './write-report.js';

const MACHINES = [
  { label: '4 x U280 DFX', arch: 'dfx', devices: 4 },
  { label: '1 x A100 40GB (FasterTransformer)', arch: 'a100-40gb', devices: 1, stack: 'fastertransformer' },
  { label: '4 x V100 (FasterTransformer)', arch: 'v100', devices: 4, stack: 'fastertransformer' },
  { label: '4 x V100 (Megatron-LM)', arch: 'v100-dfx', devices: 4, stack: 'megatron' },
] as const;

interface Row {
  machine: string;
  policy: PolicyName;
  max_rate_rps: number | null;
  at_max: ServeDocument | null;
  /** Requests per probe the search ended with. */
  probe?: number;
  /** What bounds the rate: the SLO, or the saturation throughput (the SLO still held just below it). */
  limit?: 'SLO' | 'throughput';
  reason?: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'gpt2-xl-dfx' },
      input: { type: 'string', default: '64' },
      output: { type: 'string', default: '64' },
      slo: { type: 'string', default: 'ttft_p99=200ms' },
      requests: { type: 'string', default: String(SERVE_DEFAULTS.probeRequests) },
      seed: { type: 'string', default: '1' },
      policies: { type: 'string', default: POLICIES.join(',') },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
    },
  });
  const model = loadModel(values.model);
  const slo = await readSlo([values.slo]);
  const whole = (v: string, flag: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError({ input: flag, field: v, problem: 'must be a whole number >= 1' });
    return n;
  };
  const policies = values.policies.split(',').map((p) => p.trim()) as PolicyName[];
  for (const p of policies) if (!POLICIES.includes(p)) throw new UserError({ input: '--policies', field: p, problem: 'unknown policy', fix: `use some of ${POLICIES.join(', ')}` });
  const spec = {
    arrivals: { kind: 'poisson' } as const,
    rate_rps: 1,
    requests: whole(values.requests, '--requests'),
    shapes: { kind: 'lengths', input: { kind: 'fixed', tokens: whole(values.input, '--input') }, output: { kind: 'fixed', tokens: whole(values.output, '--output') } } as const,
    seed: whole(values.seed, '--seed'),
  };
  const streamOf = (n: number) => generateStream({ ...spec, requests: n });
  const stream = streamOf(spec.requests);
  const firstProbe = probeRequestsFor(spec.requests);
  const rows: Row[] = [];
  for (const m of MACHINES) {
    const arch = await loadArch(m.arch, { devices: m.devices, ...('stack' in m ? { stack: m.stack } : {}) });
    for (const policy of policies) {
      const d = Deployment.create(arch, model, stream, { policy, slo });
      if (!(d instanceof Deployment)) {
        rows.push({ machine: m.label, policy, max_rate_rps: null, at_max: null, reason: d.reason });
        continue;
      }
      const cap = d.capacity(streamOf, firstProbe);
      let at: ServeDocument | null = null;
      if (cap.max_rate_rps > 0) {
        const s = atRate(streamOf(cap.requests_per_probe), cap.max_rate_rps);
        const f = d.run(s, true);
        const result: ServeResult = {
          ...d.design,
          arrivals: s.source,
          offered_rate_rps: cap.max_rate_rps,
          requests: s.requests.length,
          feasible: true,
          ...f,
          kv_cache: { blocks: d.kv.blocks, block_tokens: d.kv.blockTokens, tokens: d.kv.blocks * d.kv.blockTokens, bytes_per_token: d.kv.bytesPerToken },
          simulated_steps: d.coster.simulated,
          max_rate_rps: cap.max_rate_rps,
        };
        at = result;
      }
      const limit = cap.max_rate_rps >= cap.saturation_rps * (1 - 2 * cap.tolerance) ? 'throughput' : 'SLO';
      rows.push({ machine: m.label, policy, max_rate_rps: cap.max_rate_rps, at_max: at, probe: cap.requests_per_probe, limit });
      process.stderr.write(`${m.label}, ${policy}: ${fmtNum(cap.max_rate_rps, 3)} req/s (probes of ${cap.requests_per_probe} requests)${cap.warning ? `; ${cap.warning}` : ''}\n`);
    }
  }
  const title = `Max rate at ${slo.map((t) => `${t.metric} ${t.stat} ${+(t.limit_s * 1e3).toPrecision(6)} ms`).join(', ')}: ${model.name}, ${values.input}:${values.output}, Poisson arrivals, probes of at least ${firstProbe} requests spanning at least ${PROBE_SPAN_SLOS} SLO limits, seed ${values.seed}`;
  if (values.report)
    writeReport(
      values.report,
      serveReport(
        rows.flatMap((r) => (r.at_max ? [r.at_max] : [])),
        ['npm run capacity-table --', ...process.argv.slice(2)].join(' '),
        title,
      ),
    );
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ title, rows: rows.map((r) => ({ machine: r.machine, policy: r.policy, max_rate_rps: r.max_rate_rps, requests_per_probe: r.probe ?? null, limited_by: r.limit ?? null, reason: r.reason ?? null, at_max: r.at_max?.feasible ? { ttft_s: r.at_max.ttft_s, tpot_s: r.at_max.tpot_s, energy_per_token_j: r.at_max.energy_per_token_j } : null })) }, null, 2)}\n`,
    );
    return;
  }
  const t = (v: number | null | undefined) => (v === null || v === undefined ? '-' : fmtTime(v));
  process.stdout.write(`${title}\n\n`);
  process.stdout.write(
    `${table(
      ['machine', 'policy', 'max rate (req/s)', 'limited by', 'TTFT p50 there', 'TTFT p99 there', 'TPOT p99 there', 'energy/token there'],
      rows.map((r) => {
        const a = r.at_max?.feasible ? r.at_max : null;
        return [
          r.machine,
          r.policy,
          r.max_rate_rps === null ? `infeasible: ${r.reason}` : fmtNum(r.max_rate_rps, 3),
          r.max_rate_rps ? (r.limit ?? '') : '',
          t(a?.ttft_s.p50),
          t(a?.ttft_s.p99),
          t(a?.tpot_s.p99),
          a?.energy_per_token_j ? `${fmtNum(a.energy_per_token_j * 1e3, 1)} mJ` : '-',
        ];
      }),
    )}\n`,
  );
}

try {
  await main();
} catch (e) {
  process.exitCode = reportError(e, process.argv.includes('--debug'));
}
