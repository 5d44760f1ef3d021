/** The terminal summary of one serving run. */
import type { ServeDocument } from '../../sim/serving/result.js';
import type { Stats } from '../../sim/serving/stats.js';
import { fmtEnergy, fmtNum, fmtTime, pct, table } from './units.js';

const t = (v: number | null) => (v === null ? 'n/a' : fmtTime(v));
const row = (name: string, s: Stats) => [name, t(s.mean), t(s.p50), t(s.p90), t(s.p99)];

export function serveSummary(r: ServeDocument): string {
  const out: string[] = [];
  out.push(
    `${r.arch} x${r.devices} (${r.template}${r.stack ? `, stack ${r.stack}` : ''}) | ${r.model} | policy ${r.policy}, max batch ${r.max_batch}${r.token_budget !== null ? `, token budget ${r.token_budget}` : ''} | ${r.replicas} replica${r.replicas === 1 ? '' : 's'}`,
  );
  out.push(r.arrivals);
  if (!r.feasible) {
    out.push('', `INFEASIBLE: ${r.reason}`);
    return out.join('\n');
  }
  out.push(`${r.completed} completed, ${r.dropped} dropped, ${r.preempted} preemptions, over ${fmtTime(r.duration_s)}`, '');
  out.push(
    table(
      ['per request', 'mean', 'p50', 'p90', 'p99'],
      [row('time to first token', r.ttft_s), row('time per output token', r.tpot_s), row('time between tokens', r.itl_s), row('latency', r.latency_s)],
    ),
  );
  out.push('');
  const util = Object.entries(r.utilization)
    .map(([u, f]) => `${u} ${pct(f)}`)
    .join(', ');
  out.push(
    table(
      ['under load', 'value'],
      [
        ['throughput', `${fmtNum(r.throughput_rps, 3)} req/s, ${fmtNum(r.tokens_per_s, 1)} tokens/s`],
        ...(r.goodput_rps !== null ? [['goodput', `${fmtNum(r.goodput_rps, 3)} req/s within ${r.slo} (${r.slo_met ? 'met' : 'missed'})`]] : []),
        ['busy', `${pct(r.busy_fraction)} of the time (units: ${util})`],
        ['energy per output token', r.energy_per_token_j === null ? 'n/a' : fmtEnergy(r.energy_per_token_j)],
        ['average power', `${fmtNum(r.avg_power_w, 1)} W`],
        ['batch size', `${fmtNum(r.batch_size.mean)} mean, ${r.batch_size.max} max`],
        ['queue length', `${fmtNum(r.queue_length.mean)} mean, ${r.queue_length.max} max`],
        ['KV cache', r.kv_cache.blocks === null ? 'not kept between steps' : `${r.kv_cache.blocks} blocks of ${r.kv_cache.block_tokens} tokens per replica`],
        ['iterations', `${r.iterations} from ${r.simulated_steps} simulated step shapes`],
      ],
    ),
  );
  if (r.capacity && r.max_rate_rps !== undefined) {
    out.push(
      '',
      `max rate within ${r.capacity.slo}: ${fmtNum(r.max_rate_rps, 3)} req/s${r.capacity.unbounded ? ' (met at every rate probed)' : ''} (${r.capacity.probes.length} probes of up to ${r.capacity.requests_per_probe} requests; saturation ${fmtNum(r.capacity.saturation_rps, 3)} req/s)`,
    );
    if (r.capacity.warning) out.push(`warning: ${r.capacity.warning}`);
  }
  return out.join('\n');
}
