/** The terminal summary of one simulation. */
import type { SimResult } from '../../sim/result.js';
import { fmtBytes, fmtEnergy, fmtNum, fmtTime, pct, table } from './units.js';

export function summary(r: SimResult): string {
  const out: string[] = [];
  out.push(
    `${r.arch} x${r.devices} (${r.template}${r.stack ? `, stack ${r.stack}` : ''}) | ${r.model} | ${r.input_tokens} in : ${r.output_tokens} out | batch ${r.batch} | mode ${r.mode}`,
  );
  if (r.overrides.length) out.push(`overrides: ${r.overrides.join(', ')}`);
  if (!r.feasible) {
    out.push('', `INFEASIBLE: ${r.reason}`);
    out.push('', ...memoryLines(r));
    if (r.resources) out.push('', resourcesTable(r));
    return out.join('\n');
  }
  out.push('');
  out.push(
    table(
      ['metric', 'value'],
      [
        ['latency', fmtTime(r.latency_s)],
        // An encoder run (no output tokens) is measured in inferences, a decoder in tokens.
        ...(r.output_tokens > 0
          ? [
              ['time to first token', fmtTime(r.ttft_s)],
              ['output tokens/s', fmtNum(r.tokens_per_s)],
              ['energy', fmtEnergy(r.energy_j)],
              ['energy per output token', fmtEnergy(r.energy_per_token_j)],
            ]
          : [
              ['inferences/s', fmtNum(r.inferences_per_s)],
              ['energy', fmtEnergy(r.energy_j)],
              ['energy per inference', fmtEnergy(r.energy_per_inference_j)],
            ]),
        ['average power', `${fmtNum(r.avg_power_w, 1)} W (${fmtNum(r.avg_power_w / r.devices, 1)} W per device)`],
        ...(r.cost_usd !== null ? [['accelerator cost', `$${fmtNum(r.cost_usd, 0)}`]] : []),
      ],
    ),
  );
  out.push('', 'by stage');
  out.push(
    table(
      ['stage', 'time', 'share', 'energy'],
      (['summarization', 'generation'] as const).map((s) => [s, fmtTime(r.stages[s].seconds), pct(r.stages[s].seconds / r.latency_s), fmtEnergy(r.stages[s].energy_j)]),
    ),
  );
  out.push('', 'by operator category (critical-path time)');
  out.push(
    table(
      ['category', 'time', 'share', 'summarization', 'generation', 'energy'],
      r.breakdown.map((b) => [
        b.category,
        fmtTime(b.seconds),
        pct(b.seconds / r.latency_s),
        fmtTime(b.by_stage.summarization),
        fmtTime(b.by_stage.generation),
        fmtEnergy(b.energy_j),
      ]),
    ),
  );
  out.push('', ...memoryLines(r));
  out.push('', 'unit busy fraction');
  out.push(
    table(
      ['unit', 'busy'],
      Object.entries(r.utilization).map(([u, f]) => [u, pct(f)]),
    ),
  );
  if (r.resources) out.push('', resourcesTable(r));
  return out.join('\n');
}

/** The model's footprint and how much the devices' memory could hold (memory planning). */
function memoryLines(r: SimResult): string[] {
  const cache =
    r.kv_cache_bytes_per_token > 0 ? `KV cache ${fmtBytes(r.kv_cache_bytes_per_token)} per token (${fmtBytes(r.kv_cache_bytes)} for this run)` : 'no KV cache kept across steps';
  const lines = [`model: ${fmtNum(r.model_params / 1e9, 3)} B parameters, ${fmtBytes(r.weight_bytes)} of weights as stored, ${cache}`];
  const m = r.memory;
  if (!m) return lines;
  lines.push(`memory per device: ${fmtBytes(m.used_bytes)} used of ${fmtBytes(m.capacity_bytes)} (${m.where})`);
  const context = r.input_tokens + r.output_tokens;
  if (m.max_batch === 0 && m.max_context === 0) lines.push('fits: no sequence (the weights and what the template keeps per device leave no room for a KV cache)');
  else if (m.max_batch !== null && m.max_context !== null)
    lines.push(`fits: batch up to ${fmtNum(m.max_batch, 0)} at this ${context}-token context; context up to ${fmtNum(m.max_context, 0)} tokens at batch ${r.batch}`);
  return lines;
}

function resourcesTable(r: SimResult): string {
  const res = r.resources;
  if (!res) return '';
  if (res.kind === 'asic') {
    return [
      `area per device: ${fmtNum(res.area_mm2, 1)} mm² of a ${fmtNum(res.max_area_mm2, 0)} mm² budget (${res.fits ? 'fits' : 'DOES NOT FIT'})`,
      table(
        ['component', 'mm²'],
        res.components.map((c) => [c.name, fmtNum(c.area_mm2, 2)]),
      ),
    ].join('\n');
  }
  const kinds = ['dsp', 'lut', 'ff', 'bram', 'uram'] as const;
  return [
    `resources per device on ${res.board.name}: ${res.fits ? 'fits' : 'DOES NOT FIT'}`,
    table(
      ['resource', 'used', 'available', 'share'],
      kinds.map((k) => [k.toUpperCase(), fmtNum(res[k], 0), fmtNum(res.board[k], 0), pct(res.used_fraction[k])]),
    ),
  ].join('\n');
}
