/**
 * Service-level objectives: `ttft_p99=200ms` says the 99th percentile of
 * time to first token must be at most 200 ms. A run meets its SLO when every
 * term holds; a request counts towards goodput when its own TTFT, time per
 * output token and latency are within every such limit.
 */
import { parseQuantity, prepareQuantities } from '../../arch/quantity.js';
import { UserError } from '../../arch/user-error.js';
import type { Stats } from './stats.js';

const SLO_METRICS = ['ttft', 'tpot', 'itl', 'latency'] as const;
export type SloMetric = (typeof SLO_METRICS)[number];
const SLO_STATS = ['mean', 'p50', 'p90', 'p99'] as const;
type SloStat = (typeof SLO_STATS)[number];

export interface SloTerm {
  readonly metric: SloMetric;
  readonly stat: SloStat;
  readonly limit_s: number;
}

const FORM = 'write <metric>_<stat>=<time>, e.g. ttft_p99=200ms (metrics: ttft, tpot, itl, latency; stats: mean, p50, p90, p99)';

/** Read SLO terms ("ttft_p99=200ms"), several per argument when separated by commas. */
export async function readSlo(args: readonly string[], input = '--slo'): Promise<SloTerm[]> {
  const terms: SloTerm[] = [];
  const parts = args
    .flatMap((a) => a.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  await prepareQuantities(parts.map((p) => p.slice(p.indexOf('=') + 1)));
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UserError({ input, field: p, problem: 'expected name=limit', fix: FORM });
    const name = p.slice(0, eq).trim();
    const m = /^([a-z]+)_([a-z0-9]+)$/.exec(name);
    const metric = m?.[1] as SloMetric | undefined;
    const stat = m?.[2] as SloStat | undefined;
    if (!metric || !SLO_METRICS.includes(metric) || !stat || !SLO_STATS.includes(stat)) throw new UserError({ input, field: name, problem: 'unknown SLO metric', fix: FORM });
    terms.push({ metric, stat, limit_s: parseQuantity(p.slice(eq + 1).trim(), 'time', input, name) });
  }
  if (!terms.length) throw new UserError({ input, problem: 'no SLO given', fix: FORM });
  return terms;
}

export function describeSlo(terms: readonly SloTerm[]): string {
  return terms.map((t) => `${t.metric}_${t.stat} <= ${+(t.limit_s * 1e3).toPrecision(6)} ms`).join(', ');
}

/** Whether run statistics meet every term. A statistic with no sample (no tokens to time) meets it. */
export function meetsSlo(terms: readonly SloTerm[], s: Readonly<Record<SloMetric, Stats>>): boolean {
  return terms.every((t) => {
    const v = s[t.metric][t.stat];
    return v === null || v <= t.limit_s;
  });
}

/** Per-request limits for goodput: the tightest limit of each request-level metric (gaps between tokens are not a per-request figure). */
export function requestLimits(terms: readonly SloTerm[]): { ttft: number; tpot: number; latency: number } {
  const lim = { ttft: Number.POSITIVE_INFINITY, tpot: Number.POSITIVE_INFINITY, latency: Number.POSITIVE_INFINITY };
  for (const t of terms) if (t.metric !== 'itl') lim[t.metric] = Math.min(lim[t.metric], t.limit_s);
  return lim;
}
