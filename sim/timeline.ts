/** Unit occupancy of one block (a decoder layer), for reports' Gantt charts. */
import type { Block } from './engine/program.js';
import { runBlock } from './engine/schedule.js';
import type { SimDetail } from './result.js';

/** Schedule `block` alone on idle units and list what each unit did, in seconds. */
export function blockTimeline(label: string, block: Block, units: readonly string[], clock: number, edgeLatency: number): SimDetail['timelines'][number] {
  const r = runBlock(block, new Float64Array(units.length), 0, edgeLatency, true);
  return {
    label,
    spans: (r.spans ?? []).map((x) => ({
      unit: units[x.unit],
      op: block.ops[x.op].name,
      category: block.ops[x.op].category,
      start_s: x.start / clock,
      end_s: x.end / clock,
      stream: x.feed,
    })),
  };
}
