/**
 * A block in the form the scheduler runs: instruction fields in typed arrays
 * (dependencies as index ranges), with the scratch space of a run, so that
 * running a block allocates nothing. A block is compiled once per lowering;
 * when a template re-costs it for another context (same instructions, new
 * cycle counts) `refresh` copies the numbers again.
 */
import type { Block } from './program.js';

export interface Program {
  readonly block: Block;
  /** Instructions and ops. */
  readonly n: number;
  readonly nOps: number;
  readonly output: number;
  readonly op: Int32Array;
  readonly unit: Int32Array;
  readonly busy: Float64Array;
  readonly latency: Float64Array;
  /** deps of instruction i: deps[depStart[i] .. depStart[i + 1]). */
  readonly depStart: Int32Array;
  readonly deps: Int32Array;
  /** Feed unit of instruction i, or -1 when it has no feed. */
  readonly feedUnit: Int32Array;
  readonly feedBusy: Float64Array;
  readonly feedLead: Float64Array;
  readonly feedSlack: Float64Array;
  readonly feedDepStart: Int32Array;
  readonly feedDeps: Int32Array;
  /** Busy ticks per unit of one run (the schedule's count: instruction and stream busy summed). */
  readonly unitBusy: Float64Array;
  /** The block's own busy ticks per unit where it states them (NaN = the schedule's), or null. */
  readonly ownBusy: Float64Array | null;
  /** Every cycle count above (busy, latency, streams, unit busy) as one array, to save and restore them at once. */
  readonly counts: Float64Array;
  /** Scratch of a run: ready time per instruction, instruction order by ready time. */
  readonly ready: Float64Array;
  readonly order: Int32Array;
  /** Scratch of a run: critical-path time per op. */
  readonly opTime: Float64Array;
}

/** Compile `block` for `units` units. */
export function compile(block: Block, units: number): Program {
  const n = block.instrs.length;
  let nDeps = 0;
  let nFeedDeps = 0;
  for (const ins of block.instrs) {
    nDeps += ins.deps.length;
    if (ins.feed) nFeedDeps += ins.feed.deps.length;
  }
  // Two buffers with views, not one allocation per field: typed arrays of their own cost far more.
  const ints = new Int32Array(6 * n + 2 + nDeps + nFeedDeps);
  const nums = new Float64Array(6 * n + units * (block.unitBusy ? 2 : 1) + block.ops.length);
  let io = 0;
  let no = 0;
  const int = (len: number) => {
    const view = ints.subarray(io, io + len);
    io += len;
    return view;
  };
  const num = (len: number) => {
    const view = nums.subarray(no, no + len);
    no += len;
    return view;
  };
  const pg: Program = {
    block,
    n,
    nOps: block.ops.length,
    output: block.output,
    op: int(n),
    unit: int(n),
    busy: num(n),
    latency: num(n),
    depStart: int(n + 1),
    deps: int(nDeps),
    feedUnit: int(n),
    feedBusy: num(n),
    feedLead: num(n),
    feedSlack: num(n),
    feedDepStart: int(n + 1),
    feedDeps: int(nFeedDeps),
    unitBusy: num(units),
    ownBusy: block.unitBusy ? num(units) : null,
    counts: nums.subarray(0, 5 * n + units * (block.unitBusy ? 2 : 1)),
    ready: num(n),
    order: int(n),
    opTime: num(block.ops.length),
  };
  if (io !== ints.length || no !== nums.length) throw new Error('compile: field layout does not fill its buffers');
  let d = 0;
  let fd = 0;
  for (let i = 0; i < n; i++) {
    const ins = block.instrs[i];
    pg.op[i] = ins.op;
    pg.unit[i] = ins.unit;
    pg.depStart[i] = d;
    for (const x of ins.deps) pg.deps[d++] = x;
    pg.feedDepStart[i] = fd;
    if (ins.feed) for (const x of ins.feed.deps) pg.feedDeps[fd++] = x;
  }
  pg.depStart[n] = d;
  pg.feedDepStart[n] = fd;
  refresh(pg);
  return pg;
}

/** Copy the block's cycle counts again (after a template re-costed its instructions in place). */
export function refresh(pg: Program): void {
  const { block, n, unitBusy } = pg;
  unitBusy.fill(0);
  for (let i = 0; i < n; i++) {
    const ins = block.instrs[i];
    pg.busy[i] = ins.busy;
    pg.latency[i] = ins.latency;
    unitBusy[ins.unit] += ins.busy;
    const f = ins.feed;
    if (f) {
      pg.feedUnit[i] = f.unit;
      pg.feedBusy[i] = f.busy;
      pg.feedLead[i] = f.lead;
      pg.feedSlack[i] = f.slack;
      unitBusy[f.unit] += f.busy;
    } else {
      pg.feedUnit[i] = -1;
      pg.feedBusy[i] = 0;
      pg.feedLead[i] = 0;
      pg.feedSlack[i] = 0;
    }
  }
  const own = block.unitBusy;
  if (own && pg.ownBusy) for (let u = 0; u < pg.ownBusy.length; u++) pg.ownBusy[u] = u < own.length ? own[u] : Number.NaN;
}
