/**
 * How tensor-parallel templates place attention heads on devices. Query
 * heads stay with the key/value head they share (grouped-query attention),
 * so a device holds whole groups; when there are fewer key/value heads than
 * devices, each key/value head is replicated on devices / kv devices, which
 * split its group's query heads equally (and each caches its own copy).
 * Anything else is an impossible split and the design is infeasible.
 */
import type { HeadShape } from '../workloads/trace.js';

/** Heads one device computes (and key/value heads it caches). */
export interface DeviceHeads {
  readonly q: number;
  readonly kv: number;
}

/** Device counts up to `limit` for which `fits` holds, to suggest in a message. */
function workable(limit: number, fits: (k: number) => boolean): number[] {
  const out: number[] = [];
  for (let k = 1; k <= limit; k++) if (fits(k)) out.push(k);
  return out;
}

/** Replicated key/value heads: devices / kv devices share each group equally. */
function replicated(h: HeadShape, devices: number): DeviceHeads | undefined {
  const group = h.q / h.kv;
  if (devices % h.kv !== 0) return undefined;
  const copies = devices / h.kv;
  return group % copies === 0 ? { q: group / copies, kv: 1 } : undefined;
}

function impossible(h: HeadShape, devices: number, fits: (k: number) => boolean): string {
  const group = h.q / h.kv;
  const what = h.kv === h.q ? `${h.q} attention heads` : `${h.q} query heads in ${h.kv} key/value group${h.kv === 1 ? '' : 's'} of ${group}`;
  return `${what} cannot be split over ${devices} devices (a device holds whole groups, or an equal share of one group whose key/value head it replicates); use ${workable(Math.max(h.q, devices), fits).join(', ')} devices`;
}

/**
 * Megatron-LM / vLLM tensor parallelism: equal query heads per device, and
 * key/value heads split evenly or each replicated on devices / kv devices.
 */
export function evenHeadSplit(h: HeadShape, devices: number): DeviceHeads | string {
  const fits = (k: number): DeviceHeads | undefined => {
    if (h.q % k !== 0) return undefined;
    if (h.kv >= k) return h.kv % k === 0 ? { q: h.q / k, kv: h.kv / k } : undefined;
    return replicated(h, k);
  };
  return fits(devices) ?? impossible(h, devices, (k) => !!fits(k));
}

/**
 * A ring that pads uneven splits (DFX): with at least as many key/value
 * heads as devices, each device takes ceil(kv / devices) whole groups (the
 * last ones idle part of the time); with fewer, key/value heads are
 * replicated as above. Multi-head attention with more devices than heads
 * gives each device one head (the spare devices repeat work).
 */
export function paddedHeadSplit(h: HeadShape, devices: number): DeviceHeads | string {
  const fits = (k: number): DeviceHeads | undefined => {
    const group = h.q / h.kv;
    if (h.kv >= k) {
      const kv = Math.ceil(h.kv / k);
      return { q: kv * group, kv };
    }
    if (group === 1) return { q: 1, kv: 1 };
    return replicated(h, k);
  };
  return fits(devices) ?? impossible(h, devices, (k) => !!fits(k));
}

/** The split, for lowerings that run after the template's feasibility check refused impossible ones. */
export function deviceHeads(split: DeviceHeads | string): DeviceHeads {
  if (typeof split === 'string') throw new Error(`head split reached a lowering: ${split}`);
  return split;
}
