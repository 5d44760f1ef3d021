/**
 * The metrics of one design over a request mix. Each request r of the mix
 * has a weight w_r (summing to 1): the mix is served as a long run of
 * requests in those proportions, one after another.
 *   latency_s, ttft_s, energy_j: expected value per request (sum w_r x_r)
 *   latency_max_s: the slowest request of the mix
 *   tokens_per_s: output tokens / time over the run = sum w_r out_r / sum w_r latency_r
 *   requests_per_s = inferences_per_s: sum w_r batch_r / sum w_r latency_r (sequences per second)
 *   energy_per_token_j, tokens_per_j, energy_per_inference_j, avg_power_w: the same run-wide ratios
 *   (token metrics are null for a mix that generates no token: an encoder)
 *   dsp ... uram, *_util, cost_usd, devices: properties of the design (largest over the mix)
 *   ttft_p99_s, goodput_rps, max_rate_rps, ...: under the space's serving load (serving-metric-names.ts)
 */
import type { AreaUse, ResourceUse, SimResult } from '../sim/result.js';
import { SERVING_METRICS } from './serving-metric-names.js';

export const METRICS = [
  'latency_s',
  'latency_max_s',
  'ttft_s',
  'tokens_per_s',
  'requests_per_s',
  'inferences_per_s',
  'energy_j',
  'energy_per_token_j',
  'tokens_per_j',
  'energy_per_inference_j',
  'avg_power_w',
  'area_mm2',
  'dsp',
  'lut',
  'ff',
  'bram',
  'uram',
  'dsp_util',
  'lut_util',
  'bram_util',
  'uram_util',
  'cost_usd',
  'devices',
  ...SERVING_METRICS,
] as const;
export type MetricName = (typeof METRICS)[number];
/** null where a metric does not apply (no resources on a GPU, no price, no output tokens). */
export type Metrics = Partial<Record<MetricName, number | null>>;

export function isMetricName(m: string): m is MetricName {
  return (METRICS as readonly string[]).includes(m);
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Design properties that do not depend on the request (resources, price). */
export function designMetrics(results: readonly SimResult[]): Metrics {
  const m: Metrics = {};
  const res = results.map((r) => r.resources).filter((r): r is ResourceUse => r?.kind === 'fpga');
  const area = results.map((r) => r.resources).filter((r): r is AreaUse => r?.kind === 'asic');
  if (area.length) m.area_mm2 = Math.max(...area.map((r) => r.area_mm2));
  if (res.length) {
    const max = (f: (r: (typeof res)[number]) => number) => Math.max(...res.map(f));
    m.dsp = max((r) => r.dsp);
    m.lut = max((r) => r.lut);
    m.ff = max((r) => r.ff);
    m.bram = max((r) => r.bram);
    m.uram = max((r) => r.uram);
    m.dsp_util = max((r) => r.used_fraction.dsp);
    m.lut_util = max((r) => r.used_fraction.lut);
    m.bram_util = max((r) => r.used_fraction.bram);
    m.uram_util = max((r) => r.used_fraction.uram);
  }
  m.cost_usd = results[0]?.cost_usd ?? null;
  m.devices = results[0]?.devices ?? null;
  return m;
}

/** Weighted aggregate of feasible results (same order as `weights`). */
export function mixMetrics(results: readonly SimResult[], weights: readonly number[]): Metrics {
  let lat = 0;
  let ttft = 0;
  let energy = 0;
  let tokens = 0;
  let seqs = 0;
  let latMax = 0;
  results.forEach((r, i) => {
    const w = weights[i];
    lat += w * r.latency_s;
    ttft += w * r.ttft_s;
    energy += w * r.energy_j;
    tokens += w * r.output_tokens * r.batch;
    seqs += w * r.batch;
    latMax = Math.max(latMax, r.latency_s);
  });
  return {
    latency_s: finiteOrNull(lat),
    latency_max_s: finiteOrNull(latMax),
    ttft_s: finiteOrNull(ttft),
    tokens_per_s: tokens > 0 ? finiteOrNull(tokens / lat) : null,
    requests_per_s: finiteOrNull(seqs / lat),
    inferences_per_s: finiteOrNull(seqs / lat),
    energy_j: finiteOrNull(energy),
    energy_per_token_j: tokens > 0 ? finiteOrNull(energy / tokens) : null,
    tokens_per_j: tokens > 0 ? finiteOrNull(tokens / energy) : null,
    energy_per_inference_j: finiteOrNull(energy / seqs),
    avg_power_w: finiteOrNull(energy / lat),
    ...designMetrics(results),
  };
}
