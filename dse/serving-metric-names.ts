/** Metrics of a design under load (a space file's `serving:` section), by the names objectives use. */
const STATS = ['mean', 'p50', 'p90', 'p99'] as const;
const per = (m: string) => STATS.map((s) => `${m}_${s}_s` as const);

export const SERVING_METRICS = [
  ...per('ttft'),
  ...per('tpot'),
  ...per('itl'),
  ...per('latency'),
  'throughput_rps',
  'serve_tokens_per_s',
  'serve_energy_per_token_j',
  'busy_fraction',
  'preempted',
  'dropped',
  /** With an SLO only. */
  'goodput_rps',
  'max_rate_rps',
] as const;

export const SERVING_MAXIMISED = ['throughput_rps', 'serve_tokens_per_s', 'goodput_rps', 'max_rate_rps'] as const;

/** Metrics only a serving section with an SLO produces. */
export const SLO_METRICS_NEEDED = ['goodput_rps', 'max_rate_rps'] as const;
