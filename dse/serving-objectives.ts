/**
 * A design's metrics under load: its scenario's request mix served as a
 * stream (the space's `serving:` section), by the same serving simulator as
 * `tasim serve`, so a sweep's ttft_p99_s is the number `tasim serve` prints
 * for that design, rate, policy and seed.
 */
import type { Arch } from '../arch/load.js';
import { probeRequestsFor } from '../sim/serving/probe-requests.js';
import { Deployment } from '../sim/serving/serve.js';
import { generateStream } from '../workloads/arrivals.js';
import { loadModel, type WorkloadOptions } from '../workloads/models.js';
import type { Metrics } from './metrics.js';
import type { Mix } from './requests.js';
import { SPACE_NAMES, type ServingSpec } from './serving-spec.js';

function servingMetrics(arch: Arch, modelRef: string, mix: Mix, s: ServingSpec, workload: WorkloadOptions = {}): { metrics: Metrics; reason?: string } {
  const streamOf = (requests: number) =>
    generateStream({
      arrivals: s.arrivals,
      rate_rps: s.rate_rps,
      requests,
      shapes: { kind: 'mix', pairs: mix.requests.map((r) => ({ input: r.input, output: r.output, weight: r.weight })) },
      seed: s.seed,
    });
  const stream = streamOf(s.requests);
  const d = Deployment.create(arch, loadModel(modelRef), stream, {
    policy: s.policy,
    batch: s.batch,
    tokenBudget: s.tokenBudget,
    replicas: s.replicas,
    slo: s.slo,
    workload,
    names: SPACE_NAMES,
  });
  if (!(d instanceof Deployment)) return { metrics: {}, reason: d.reason };
  const f = d.run(stream);
  const m: Metrics = {};
  for (const [name, st] of [
    ['ttft', f.ttft_s],
    ['tpot', f.tpot_s],
    ['itl', f.itl_s],
    ['latency', f.latency_s],
  ] as const) {
    m[`${name}_mean_s`] = st.mean;
    m[`${name}_p50_s`] = st.p50;
    m[`${name}_p90_s`] = st.p90;
    m[`${name}_p99_s`] = st.p99;
  }
  m.throughput_rps = f.throughput_rps;
  m.serve_tokens_per_s = f.tokens_per_s;
  m.serve_energy_per_token_j = f.energy_per_token_j;
  m.busy_fraction = f.busy_fraction;
  m.preempted = f.preempted;
  m.dropped = f.dropped;
  if (s.slo?.length) {
    m.goodput_rps = f.goodput_rps;
    m.max_rate_rps = d.capacity(streamOf, probeRequestsFor(s.requests)).max_rate_rps;
  }
  return { metrics: m };
}

/** A feasible row with the design's metrics under load added, when the space has a serving section. */
export function withServingMetrics<R extends { metrics: Metrics; feasible: boolean; reason?: string }>(
  row: R,
  s: ServingSpec | undefined,
  arch: Arch,
  modelRef: string,
  mix: Mix,
  workload: WorkloadOptions,
): R {
  if (!s || !row.feasible) return row;
  const served = servingMetrics(arch, modelRef, mix, s, workload);
  if (served.reason) return { ...row, feasible: false, reason: served.reason };
  return { ...row, metrics: { ...row.metrics, ...served.metrics } };
}
