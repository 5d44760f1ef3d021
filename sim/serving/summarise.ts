/** A serving run's record turned into the figures of the serve document. */
import type { Recorder } from './recorder.js';
import type { ServeDetail, ServeResult } from './result.js';
import { type SloTerm, describeSlo, meetsSlo, requestLimits } from './slo.js';
import { cdf, present, series, sorted, statsOf, stepMean } from './stats.js';

export type RunFigures = Pick<
  ServeResult,
  | 'completed'
  | 'dropped'
  | 'preempted'
  | 'duration_s'
  | 'ttft_s'
  | 'tpot_s'
  | 'itl_s'
  | 'latency_s'
  | 'throughput_rps'
  | 'tokens_per_s'
  | 'goodput_rps'
  | 'slo'
  | 'slo_met'
  | 'utilization'
  | 'busy_fraction'
  | 'energy_j'
  | 'energy_per_token_j'
  | 'avg_power_w'
  | 'batch_size'
  | 'queue_length'
  | 'iterations'
> & { detail?: ServeDetail };

export interface RunContext {
  readonly replicas: number;
  readonly units: readonly string[];
  /** Static power of one replica (all its devices), paid while idle too. */
  readonly staticPower_w: number;
  readonly slo?: readonly SloTerm[];
  readonly detail?: boolean;
}

export function summarise(rec: Recorder, c: RunContext): RunFigures {
  const duration = rec.completed ? rec.last_s - rec.first_s : 0;
  const per = (n: number) => (duration > 0 ? n / duration : 0);
  const s = {
    ttft: statsOf(present(rec.ttft.view())),
    tpot: statsOf(present(rec.tpot.view())),
    itl: statsOf(present(rec.itl.view())),
    latency: statsOf(present(rec.latency.view())),
  };
  const capacity = c.replicas * duration;
  const utilization: Record<string, number> = {};
  c.units.forEach((u, i) => {
    utilization[u] = capacity > 0 ? rec.usage.unitBusy[i] / capacity : 0;
  });
  const idle = Math.max(0, capacity - rec.usage.busy_s);
  const energy = rec.usage.energy_j + c.staticPower_w * idle;
  let goodput: number | null = null;
  if (c.slo) {
    const lim = requestLimits(c.slo);
    let good = 0;
    for (let i = 0; i < rec.ttft.length; i++) {
      const tp = rec.tpot.at(i);
      if (rec.ttft.at(i) <= lim.ttft && rec.latency.at(i) <= lim.latency && (Number.isNaN(tp) || tp <= lim.tpot)) good++;
    }
    goodput = per(good);
  }
  const out: RunFigures = {
    completed: rec.completed,
    dropped: rec.dropped,
    preempted: rec.preempted,
    duration_s: duration,
    ttft_s: s.ttft,
    tpot_s: s.tpot,
    itl_s: s.itl,
    latency_s: s.latency,
    throughput_rps: per(rec.completed),
    tokens_per_s: per(rec.outputTokens),
    goodput_rps: goodput,
    slo: c.slo ? describeSlo(c.slo) : null,
    slo_met: c.slo ? meetsSlo(c.slo, s) : null,
    utilization,
    busy_fraction: capacity > 0 ? rec.usage.busy_s / capacity : 0,
    energy_j: energy,
    energy_per_token_j: rec.outputTokens > 0 ? energy / rec.outputTokens : null,
    avg_power_w: duration > 0 ? energy / duration : 0,
    batch_size: stepMean(rec.t.view(), rec.batch.view()),
    queue_length: stepMean(rec.t.view(), rec.queued.view()),
    iterations: rec.iterations,
  };
  if (c.detail) {
    const q = series(rec.t.view(), rec.queued.view());
    const b = series(rec.t.view(), rec.batch.view());
    out.detail = {
      cdf: { ttft_s: cdf(sorted(rec.ttft.view())), tpot_s: cdf(sorted(rec.tpot.view())), itl_s: cdf(sorted(rec.itl.view())), latency_s: cdf(sorted(rec.latency.view())) },
      series: { t_s: q.t_s, queue_mean: q.mean, queue_max: q.max, batch_mean: b.mean, batch_max: b.max },
    };
  }
  return out;
}
