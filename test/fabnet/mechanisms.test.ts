/**
 * The butterfly engine's data movement as the authors' RTL does it: FFT
 * rounds load then compute, twiddles stream on the coefficient port, a BE
 * fills and drains one value per cycle, the Zynq's three streams run side by
 * side, pass boundaries overlap only where the data allows it.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { FabnetArch } from '../../arch/schema/fabnet.js';
import { type RoundWork, drainCycles, fillCycles, transformPasses, twiddleValues } from '../../sim/fabnet/costs.js';
import { lowerStep } from '../../sim/fabnet/lower.js';
import { type FabnetParams, fabnetParams } from '../../sim/fabnet/params.js';
import { scalingTable } from '../../sim/fabnet/scaling-table.js';
import { runBlock } from '../../sim/engine/schedule.js';
import { simulate } from '../../sim/simulate.js';
import { butterfliesPerTransform, butterflyLinear, fftAxis } from '../../workloads/butterfly-ops.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { stepOps } from '../../workloads/trace.js';

async function params(arch: string, set: string[] = []): Promise<FabnetParams> {
  return fabnetParams((await loadArch(arch, { set })).spec as FabnetArch);
}

describe('FFT rounds', () => {
  it('an FFT round at n = 1024 costs at least its compute plus its fill (no bank is free to prefetch into)', async () => {
    const p = await params('fabnet-vcu128');
    // 10 stages of 128 butterfly cycles, each followed by its pipeline drain.
    const compute = 10 * (512 / 4 + p.fftStageDrain);
    for (const complex of [false, true]) {
      // One 1024-point transform per BE: exactly one round.
      const [c] = transformPasses(p, fftAxis('f', 'fft', p.engines, 1024, 'fp16', complex, true).transform!, false)!;
      const fill = 1024 * (complex ? 2 : 1);
      expect(c.rounds).toBe(1);
      expect(c.compute).toBe(compute);
      expect(c.head + c.body).toBeGreaterThanOrEqual(compute + fill);
    }
  });

  it('every FFT round pays its load; butterfly mode hides the next load under the compute', async () => {
    const p = await params('fabnet-vcu128');
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 600 }), fc.boolean(), (k, rows, complex) => {
        const n = 2 ** k;
        const [c] = transformPasses(p, fftAxis('f', 'fft', rows, n, 'fp16', complex, false).transform!, false)!;
        const perRound = c.compute / c.rounds + n * (complex ? 2 : 1);
        expect(c.head + c.body).toBeGreaterThanOrEqual(c.rounds * perRound);
      }),
      { numRuns: 200 },
    );
    // 1024 tokens through a 1024-point butterfly layer on 120 BEs: 9 rounds, the loads after the first under the compute.
    const [b] = transformPasses(p, butterflyLinear('b', 'butterfly', 1024, 1024, 1024, 'fp16', false).transform!, true)!;
    expect(b.rounds).toBe(9);
    expect(b.body).toBe(b.compute);
  });

  it('twiddles stream on the coefficient port every round: n/2 complex factors per radix-2 stage', async () => {
    const p = await params('fabnet-vcu128');
    expect(twiddleValues(1024)).toBe((1024 / 2) * 2 * 10);
    const [c] = transformPasses(p, fftAxis('f', 'fft', 1024, 1024, 'fp16', true, false).transform!, false)!;
    expect(c.coefBytes).toBe(c.rounds * twiddleValues(1024) * 2);
    // On the shipped 256-bit port they never bind: a round is its load and its compute.
    const [one] = transformPasses(p, fftAxis('f', 'fft', p.engines, 1024, 'fp16', false, false).transform!, false)!;
    expect(one.head + one.body).toBe(1024 + one.compute);
    // On a narrow port they set the round: they queue in the port's FIFO during the load (at most its depth) and stream on while the BUs compute.
    const narrow = await params('fabnet-vcu128', ['streams.coefficient.width=16bit']);
    const [slow] = transformPasses(narrow, fftAxis('f', 'fft', narrow.engines, 1024, 'fp16', false, false).transform!, false)!;
    expect(narrow.coefFifoCycles).toBe(512);
    expect(slow.head).toBe(1024);
    expect(slow.head + slow.body).toBe(slow.head + twiddleValues(1024) - 512);
  });
});

describe('serial-to-parallel fill', () => {
  it('a BE fills and drains at most one FP16 value per cycle, whatever the stream width', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 160 }), fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), async (engines, k, kbit, complex) => {
        const p = await params('fabnet-vcu128', [`engines=${engines}`, `streams.input.width=${kbit * 256}bit`, `streams.output.width=${kbit * 256}bit`]);
        const n = 2 ** k;
        const values = n * (complex ? 2 : 1);
        for (const [t, mode] of [
          [fftAxis('f', 'fft', 3 * engines, n, 'fp16', complex, complex).transform!, false],
          [butterflyLinear('b', 'butterfly', 3 * engines, n, n, 'fp16').transform!, true],
        ] as const) {
          const [c] = transformPasses(p, t, mode)!;
          expect(c.head).toBeGreaterThanOrEqual(mode ? n : values);
          expect(c.tail).toBeGreaterThanOrEqual(mode ? n : values);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('so the per-row cost does not fall when fewer BEs share a wide port', async () => {
    const p = await params('fabnet-vcu128', ['streams.input.width=16384bit', 'streams.output.width=16384bit']);
    const w: RoundWork = { fill: 2048, beside: 0, drain: 1024, compute: 1280 };
    for (const a of [1, 4, 32, 120]) {
      expect(fillCycles(p, w, a)).toBe(2048);
      expect(drainCycles(p, w, a)).toBe(1024);
    }
    // On the shipped 2048-bit input port the stream binds only past 128 BEs.
    const q = await params('fabnet-vcu128');
    expect(fillCycles(q, { ...w, fill: 1024 }, 120)).toBe(1024);
    expect(fillCycles(q, { ...w, fill: 1024 }, 160)).toBe(Math.ceil((160 * 1024 * 2) / 256));
  });
});

describe('the Zynq 7045 streams', () => {
  it('input, coefficients and output are three streams of their own widths', async () => {
    const z = await params('fabnet-zynq7045');
    expect(z.unitNames).toEqual(['be', 'input', 'coefficient', 'output']);
    expect([z.inBpc, z.coefBpc, z.outBpc]).toEqual([8, 8, 16]);
    // Widening one leaves the others as they were.
    const wide = await params('fabnet-zynq7045', ['streams.coefficient.width=128bit']);
    expect([wide.inBpc, wide.coefBpc, wide.outBpc]).toEqual([8, 16, 16]);
    // Only when the DDR3 cannot carry all three at once does each get its share, by width.
    const slow = await params('fabnet-zynq7045', ['memory.efficiency=0.2']);
    expect(slow.inBpc + slow.coefBpc + slow.outBpc).toBeCloseTo((12.8e9 * 0.2) / 200e6, 9);
    expect(slow.outBpc / slow.inBpc).toBeCloseTo(2, 12);
  });

  it('they run at the same time, and each butterfly layer re-reads its coefficients every round', async () => {
    const a = await loadArch('fabnet-zynq7045');
    const r = simulate(a, buildWorkload(loadModel('fabnet-base'), { input: 128, output: 0, batch: 1 }));
    expect(r.utilization.input + r.utilization.coefficient + r.utilization.output).toBeGreaterThan(1);
    const p = fabnetParams(a.spec as FabnetArch);
    const ffn1 = butterflyLinear('ffn_1', 'butterfly', 128, 768, 3072, 'fp16').transform!;
    const [c] = transformPasses(p, ffn1, true)!;
    expect(c.rounds).toBe(Math.ceil(128 / 20));
    expect(c.coefBytes).toBe(4 * c.rounds * butterfliesPerTransform(1024) * 4 * 2);
  });
});

describe('pass boundaries', () => {
  async function layerSchedule(seq: number) {
    const a = await loadArch('fabnet-vcu128');
    const p = fabnetParams(a.spec as FabnetArch);
    const w = buildWorkload(loadModel('fabnet-base'), { input: seq, output: 0, batch: 1 });
    const block = lowerStep(p, stepOps(w, 'summarization', seq, 0, false)).segments[0].block;
    const run = runBlock(block, new Float64Array(p.unitNames.length), 0, 0, true);
    const spans = (name: string, unit: number) => run.spans!.filter((s) => block.ops[s.op].name === name && s.unit === unit && s.end > s.start);
    return { p, spans };
  }

  it('FFN1 to FFN2 overlap at token granularity: FFN2 loads its first tokens while FFN1 computes its last round', async () => {
    const { p, spans } = await layerSchedule(1024);
    const ffn1 = spans('ffn_1', p.be);
    const lastRoundStart = ffn1[ffn1.length - 1].start;
    const ffn2Load = spans('ffn_2', p.inUnit)[0];
    expect(ffn2Load.start).toBe(lastRoundStart);
    expect(ffn2Load.start).toBeLessThan(spans('ffn_1', p.outUnit)[0].end);
  });

  it('the hidden FFT waits for every position of the sequence FFT; FFN1 loads once the hidden FFT has computed', async () => {
    const { p, spans } = await layerSchedule(1024);
    const seqDrain = spans('fft_seq', p.outUnit)[0];
    expect(spans('fft_hidden', p.inUnit)[0].start).toBeGreaterThanOrEqual(seqDrain.end + p.memLatency);
    const hidden = spans('fft_hidden', p.be);
    // FFT mode: no bank is free before the last round has computed.
    expect(spans('ffn_1', p.inUnit)[0].start).toBe(hidden[hidden.length - 1].end);
  });
});

describe('pipeline drains', () => {
  it('each stage of a round pays read, BU and write before the next stage reads: butterfly mode multiplier + adder, FFT mode one adder more', async () => {
    const p = await params('fabnet-vcu128');
    const a = (await loadArch('fabnet-vcu128')).spec as FabnetArch;
    const t = a.timing.pipeline;
    expect(p.stageDrain).toBe(t.bank_read + t.fp_multiplier + t.fp_adder + t.bank_write);
    expect(p.fftStageDrain).toBe(p.stageDrain + t.fp_adder);
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 400 }), (k, rows) => {
        const n = 2 ** k;
        const [b] = transformPasses(p, butterflyLinear('b', 'butterfly', rows, n, n, 'fp16').transform!, true)!;
        const [f] = transformPasses(p, fftAxis('f', 'fft', rows, n, 'fp16', true, true).transform!, false)!;
        // The 256-bit coefficient port keeps up with the BUs, so each stage is its butterflies and its drain.
        expect(b.compute).toBe(b.rounds * k * (Math.ceil(n / 8) + p.stageDrain));
        expect(f.compute).toBe(f.rounds * k * (Math.ceil(n / 8) + p.fftStageDrain));
      }),
      { numRuns: 100 },
    );
  });

  it('without the drains a stage is its butterflies alone, and the schedule runs at the clock (no efficiency stretch)', async () => {
    const zero = await params('fabnet-vcu128', ['timing.pipeline.fp_multiplier=0', 'timing.pipeline.fp_adder=0', 'timing.pipeline.bank_read=0', 'timing.pipeline.bank_write=0']);
    const [b] = transformPasses(zero, butterflyLinear('b', 'butterfly', 1024, 1024, 1024, 'fp16').transform!, true)!;
    expect(b.compute).toBe(b.rounds * 10 * 128);
    // The latency is the layers' scheduled cycles at the clock: nothing stretches them.
    const a = await loadArch('fabnet-vcu128');
    const p = fabnetParams(a.spec as FabnetArch);
    const w = buildWorkload(loadModel('fabnet-base'), { input: 1024, output: 0, batch: 1 });
    const block = lowerStep(p, stepOps(w, 'summarization', 1024, 0, false)).segments[0].block;
    const layer = runBlock(block, new Float64Array(p.unitNames.length), 0, 0).end;
    expect(simulate(a, w).latency_s).toBeCloseTo((12 * layer) / 200e6, 12);
  });

  it('on the Zynq the coefficient stream binds butterfly mode, and runs on into the port FIFO while a stage drains', async () => {
    const z = await params('fabnet-zynq7045');
    const [c] = transformPasses(z, butterflyLinear('b', 'butterfly', 128, 1024, 1024, 'fp16').transform!, true)!;
    // 4 coefficients per butterfly, 512 butterflies a stage, 8 bytes a cycle: 512 cycles, more than 128 + the drain.
    expect(c.compute).toBe(c.rounds * 10 * 512);
  });
});

describe('docs/fabnet.md', () => {
  it('shows the scaling table the project script prints', async () => {
    const doc = readFileSync('docs/fabnet.md', 'utf8');
    expect(doc).toContain(await scalingTable());
  });
});
