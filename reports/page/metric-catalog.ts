/** How the page names, scales and ranks each metric (data stays in SI; axes show readable units). */
export interface MetricInfo {
  label: string;
  unit: string;
  /** Multiply the SI value by this to get `unit`. */
  factor: number;
  goal: 'min' | 'max';
}

export const METRICS: Record<string, MetricInfo> = {
  latency_s: { label: 'latency', unit: 'ms', factor: 1e3, goal: 'min' },
  latency_max_s: { label: 'latency of the slowest request', unit: 'ms', factor: 1e3, goal: 'min' },
  ttft_s: { label: 'time to first token', unit: 'ms', factor: 1e3, goal: 'min' },
  tokens_per_s: { label: 'output throughput', unit: 'tokens/s', factor: 1, goal: 'max' },
  requests_per_s: { label: 'request throughput', unit: 'requests/s', factor: 1, goal: 'max' },
  inferences_per_s: { label: 'inference throughput', unit: 'inferences/s', factor: 1, goal: 'max' },
  energy_j: { label: 'energy', unit: 'J', factor: 1, goal: 'min' },
  energy_per_token_j: { label: 'energy per output token', unit: 'mJ', factor: 1e3, goal: 'min' },
  tokens_per_j: { label: 'energy efficiency', unit: 'tokens/J', factor: 1, goal: 'max' },
  energy_per_inference_j: { label: 'energy per inference', unit: 'mJ', factor: 1e3, goal: 'min' },
  avg_power_w: { label: 'average power', unit: 'W', factor: 1, goal: 'min' },
  dsp: { label: 'DSP slices', unit: 'DSP48', factor: 1, goal: 'min' },
  lut: { label: 'LUTs', unit: 'LUT', factor: 1, goal: 'min' },
  ff: { label: 'flip-flops', unit: 'FF', factor: 1, goal: 'min' },
  bram: { label: 'block RAM', unit: 'BRAM36', factor: 1, goal: 'min' },
  uram: { label: 'UltraRAM', unit: 'URAM', factor: 1, goal: 'min' },
  cost_usd: { label: 'accelerator cost', unit: 'USD', factor: 1, goal: 'min' },
  // Under load (a space's serving section).
  ttft_p50_s: { label: 'p50 time to first token under load', unit: 'ms', factor: 1e3, goal: 'min' },
  ttft_p99_s: { label: 'p99 time to first token under load', unit: 'ms', factor: 1e3, goal: 'min' },
  tpot_p99_s: { label: 'p99 time per output token under load', unit: 'ms', factor: 1e3, goal: 'min' },
  latency_p99_s: { label: 'p99 latency under load', unit: 'ms', factor: 1e3, goal: 'min' },
  throughput_rps: { label: 'throughput under load', unit: 'req/s', factor: 1, goal: 'max' },
  goodput_rps: { label: 'goodput under load', unit: 'req/s', factor: 1, goal: 'max' },
  max_rate_rps: { label: 'max rate within the SLO', unit: 'req/s', factor: 1, goal: 'max' },
  serve_tokens_per_s: { label: 'output throughput under load', unit: 'tokens/s', factor: 1, goal: 'max' },
  serve_energy_per_token_j: { label: 'energy per output token under load', unit: 'mJ', factor: 1e3, goal: 'min' },
};

export function metricInfo(key: string): MetricInfo {
  return METRICS[key] ?? { label: key.replace(/_/g, ' '), unit: '', factor: 1, goal: 'min' };
}

export function axisLabel(key: string): string {
  const m = metricInfo(key);
  return m.unit ? `${m.label} (${m.unit})` : m.label;
}

/** Four significant digits, exponent form only far from 1. */
export function fmtNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A value for reading (times and energies take the unit that suits their size; axes keep the catalogue's). */
export function fmtMetric(key: string, v: number | null | undefined): string {
  const m = metricInfo(key);
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (key.endsWith('_s') && !key.includes('_per_')) return fmtSeconds(v);
  if (key.endsWith('_j') && !key.startsWith('tokens_per')) return fmtJoules(v);
  return m.unit ? `${fmtNumber(v * m.factor)} ${m.unit}` : fmtNumber(v);
}

/** Seconds with a unit chosen for the magnitude. */
export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return 'n/a';
  const a = Math.abs(s);
  if (a >= 1) return `${fmtNumber(s)} s`;
  if (a >= 1e-3) return `${fmtNumber(s * 1e3)} ms`;
  if (a >= 1e-6) return `${fmtNumber(s * 1e6)} µs`;
  return `${fmtNumber(s * 1e9)} ns`;
}

export function fmtJoules(j: number | null | undefined): string {
  if (j === null || j === undefined || !Number.isFinite(j)) return 'n/a';
  const a = Math.abs(j);
  if (a >= 1) return `${fmtNumber(j)} J`;
  if (a >= 1e-3) return `${fmtNumber(j * 1e3)} mJ`;
  return `${fmtNumber(j * 1e6)} µJ`;
}
