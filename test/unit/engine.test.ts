import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Block, type Instr, noEvents } from '../../sim/engine/program.js';
import { runRepeated } from '../../sim/engine/repeat.js';
import { runBlock } from '../../sim/engine/schedule.js';

const op = (name: string) => ({ name, category: name, flops: 0, events: noEvents() });

describe('scheduler', () => {
  it('waits for dependencies plus pipeline latency, overlaps independent work', () => {
    const b: Block = {
      ops: [op('a'), op('b'), op('c')],
      instrs: [
        { op: 0, unit: 0, busy: 10, latency: 5, deps: [-1] },
        { op: 1, unit: 1, busy: 4, latency: 0, deps: [-1] },
        { op: 2, unit: 0, busy: 3, latency: 0, deps: [0, 1] },
      ],
      output: 2,
    };
    const r = runBlock(b, new Float64Array(2), 100, 0);
    // c starts when a's result is ready (100 + 10 + 5), not when unit 0 frees (110).
    expect(r.end).toBe(118);
    expect(r.opTime.reduce((s, x) => s + x, 0)).toBe(18);
    expect(Array.from(r.unitBusy)).toEqual([13, 4]);
  });

  it('chains a consumer to its memory stream and bounds run-ahead by the buffer', () => {
    const slow: Block = {
      ops: [op('mv')],
      instrs: [{ op: 0, unit: 0, busy: 100, latency: 0, deps: [-1], feed: { unit: 1, busy: 300, lead: 10, slack: 100, deps: [] } }],
      output: 0,
    };
    // Memory-bound: finishes one cycle after the stream.
    expect(runBlock(slow, new Float64Array(2), 0, 0).end).toBe(301);
    const fast: Block = {
      ops: [op('mv')],
      instrs: [{ op: 0, unit: 0, busy: 300, latency: 0, deps: [-1], feed: { unit: 1, busy: 100, lead: 10, slack: 50, deps: [] } }],
      output: 0,
    };
    const free = new Float64Array(2);
    // Compute-bound: starts after the lead; the stream cannot finish earlier than 50 cycles before the end.
    expect(runBlock(fast, free, 0, 0).end).toBe(310);
    expect(free[1]).toBe(260);
  });

  it('credits the whole block time to ops, and extrapolated repeats equal scheduling every copy', () => {
    const instr = fc.record({
      unit: fc.integer({ min: 0, max: 2 }),
      busy: fc.integer({ min: 0, max: 50 }),
      latency: fc.integer({ min: 0, max: 20 }),
      feed: fc.option(fc.record({ busy: fc.integer({ min: 1, max: 80 }), lead: fc.integer({ min: 0, max: 10 }), slack: fc.integer({ min: 0, max: 60 }) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(instr, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 30 }), (spec, times, edge) => {
        const instrs: Instr[] = spec.map((s, i) => ({
          op: i % 3,
          unit: s.unit,
          busy: s.busy,
          latency: s.latency,
          deps: i === 0 ? [-1] : [i - 1],
          feed: s.feed ? { unit: 3, busy: s.feed.busy, lead: s.feed.lead, slack: s.feed.slack, deps: [] } : undefined,
        }));
        const block: Block = { ops: [op('x'), op('y'), op('z')], instrs, output: instrs.length - 1 };
        const one = runBlock(block, new Float64Array(4), 7, edge);
        expect(one.opTime.reduce((s, x) => s + x, 0)).toBeCloseTo(one.end - 7, 6);
        const a = runRepeated(block, times, new Float64Array(4), 0, edge, false);
        const b = runRepeated(block, times, new Float64Array(4), 0, edge, true);
        expect(a.end).toBe(b.end);
        expect(Array.from(a.unitBusy)).toEqual(Array.from(b.unitBusy));
        Array.from(a.opTime).forEach((x, i) => {
          expect(x).toBeCloseTo(b.opTime[i], 6);
        });
      }),
      { numRuns: 300 },
    );
  });
});
