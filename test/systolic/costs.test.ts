import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { SystolicArch } from '../../arch/schema/systolic.js';
import { allGather, allReduce, blockKeys, gemm } from '../../sim/systolic/costs.js';
import { type ArrayShape, systolicParams } from '../../sim/systolic/params.js';
import { attentionShare } from '../../sim/systolic/shares.js';
import { tileBytes, tiling } from '../../sim/systolic/tiling.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { stepOps } from '../../workloads/trace.js';
import { run } from '../sim/nm-helpers.js';

const shape = (o: Partial<ArrayShape> = {}): ArrayShape => ({ height: 128, width: 128, arrays: 1, dataflow: 'weight_stationary', doubleBuffered: true, ...o });
const params = async (set: string[] = [], devices = 1) => systolicParams((await loadArch('tpu-v4', { set, devices })).spec as SystolicArch);

describe('systolic array costs (closed form)', () => {
  it('one fold costs the SCALE-Sim form: load, skew and drain around T streamed rows', () => {
    // 512 rows past one 128 x 128 weight tile: 2 x 128 + 128 + 512 - 2.
    expect(gemm(shape(), 512, 128, 128, 1, 2).cycles).toBe(2 * 128 + 128 + 512 - 2);
    expect(gemm(shape({ doubleBuffered: false }), 512, 128, 128, 1, 2).cycles).toBe(2 * 128 + 128 + 512 - 2);
  });

  it('double buffering pays load, skew and drain once per product, else once per fold', () => {
    // 4 x 3 weight tiles, 512 rows each.
    expect(gemm(shape(), 512, 512, 384, 1, 2).cycles).toBe(2 * 128 + 126 + 12 * 512);
    expect(gemm(shape({ doubleBuffered: false }), 512, 512, 384, 1, 2).cycles).toBe(12 * (2 * 128 + 128 + 512 - 2));
  });

  it('a one-row product (decode) is bound by loading weight tiles: height cycles a fold', () => {
    const w = gemm(shape({ arrays: 8 }), 1, 768, 3072, 1, 2);
    // 6 x 24 folds over 8 arrays (3 column tiles each), 128 cycles a fold.
    expect(w.cycles).toBe(2 * 128 + 126 + 3 * 6 * 128);
    expect(w.macs).toBe(6 * 24 * 128 * 128);
  });

  it('weight-stationary splits rows over arrays that would idle; each slice loads the same weights', () => {
    const one = gemm(shape({ arrays: 8 }), 4096, 128, 128, 1, 2);
    expect(one.cycles).toBe(2 * 128 + 126 + 512); // 8 slices of 512 rows
    expect(one.stationaryBytes).toBe(8 * 128 * 128 * 2);
  });

  it('output-stationary holds output tiles and streams the reduction: each row tile reads the weights again', () => {
    const w = gemm(shape({ dataflow: 'output_stationary', arrays: 2 }), 256, 1024, 256, 1, 2);
    // 2 x 2 output tiles over 2 arrays: 2 rounds of 1024 reduction steps.
    expect(w.cycles).toBe(2 * 128 + 126 + 2 * 1024);
    expect(w.stationaryBytes).toBe(0);
    // Inputs once per column tile, weights once per row tile.
    expect(w.streamedBytes).toBe((2 * 256 * 1024 + 2 * 1024 * 256) * 2);
    const ws = gemm(shape({ arrays: 2 }), 256, 1024, 256, 1, 2);
    expect(ws.streamedBytes + ws.stationaryBytes).toBe((2 * 256 * 1024 + 1024 * 256) * 2);
  });

  it('padding: dimensions that do not divide the array cost whole tiles', () => {
    const even = gemm(shape({ doubleBuffered: false }), 1024, 1024, 1024, 1, 2);
    const odd = gemm(shape({ doubleBuffered: false }), 1024, 1025, 1025, 1, 2);
    expect(odd.cycles / even.cycles).toBeCloseTo((9 * 9) / (8 * 8), 9);
  });

  const arrays = fc.record({
    height: fc.integer({ min: 1, max: 512 }),
    width: fc.integer({ min: 1, max: 512 }),
    arrays: fc.integer({ min: 1, max: 64 }),
    dataflow: fc.constantFrom('weight_stationary' as const, 'output_stationary' as const),
    doubleBuffered: fc.boolean(),
  });

  it('never faster than the roofline of its peak MAC rate, and never fewer MACs than the product (property)', () => {
    fc.assert(
      fc.property(
        arrays,
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (a, m, k, n, count, warm) => {
          const w = gemm(a, m, k, n, count, 2, warm);
          const useful = count * m * k * n;
          return w.cycles * a.height * a.width * a.arrays >= useful && w.macs >= useful;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('bigger arrays are never slower on GEMMs that give every array several folds (property)', () => {
    const dims = fc.integer({ min: 256, max: 16384 });
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 8 }),
        fc.integer({ min: 4, max: 8 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('weight_stationary' as const, 'output_stationary' as const),
        fc.boolean(),
        fc.constantFrom([2, 1], [1, 2], [2, 2]),
        dims,
        dims,
        dims,
        (lh, lw, la, dataflow, doubleBuffered, [gh, gw], m, k, n) => {
          const small = { height: 2 ** lh, width: 2 ** lw, arrays: 2 ** la, dataflow, doubleBuffered };
          const big = { ...small, height: small.height * gh, width: small.width * gw };
          // Realistic aspect ratios, and a GEMM large against the bigger array: at least 4 tiles a dimension, 4 output tiles per array.
          fc.pre(big.height <= 4 * big.width && big.width <= 4 * big.height && small.height <= 4 * small.width && small.width <= 4 * small.height);
          fc.pre(m >= 4 * big.height && k >= 4 * big.height && n >= 4 * big.width && Math.floor(m / big.height) * Math.floor(n / big.width) >= 4 * big.arrays);
          return gemm(big, m, k, n, 1, 2).cycles <= gemm(small, m, k, n, 1, 2).cycles;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('causal attention skips key tiles above the diagonal: diagonal blocks are computed whole', () => {
    expect(blockKeys(shape(), 64, 0, true)).toBe(64);
    expect(blockKeys(shape(), 1, 500, true)).toBe(501);
    expect(blockKeys(shape(), 1024, 0, true)).toBe(576); // (1024 + 128) / 2
    expect(blockKeys(shape(), 1024, 0, false)).toBe(1024);
  });
});

describe('ring collectives over the inter-chip links', () => {
  it('cost nothing on one chip', async () => {
    const p = await params();
    expect(allReduce(p, 1e6)).toEqual({ cycles: 0, sent: 0 });
    expect(allGather(p, 1e6)).toEqual({ cycles: 0, sent: 0 });
  });

  it('all-reduce: 2(k-1) steps of 1/k of the data over the ring links; all-gather: k-1 steps', async () => {
    const p = await params([], 4);
    const bytes = 4 * 2 ** 20;
    const ar = allReduce(p, bytes);
    expect(ar.sent).toBe((6 * bytes) / 4);
    // tpu-v4: 2 ring links of 50 GB/s, 1.9 us a step, 1.05 GHz.
    expect(ar.cycles).toBe(6 * Math.ceil(1.9e-6 * 1.05e9) + Math.ceil(ar.sent / ((2 * 50e9) / 1.05e9)));
    const ag = allGather(p, bytes);
    expect(ag.sent).toBe(3 * bytes);
    expect(ag.cycles).toBe(3 * Math.ceil(1.9e-6 * 1.05e9) + Math.ceil(ag.sent / ((2 * 50e9) / 1.05e9)));
  });
});

describe('tiling of weight products over core SRAM and the global buffer', () => {
  const share = (m: number, k: number, n: number) => ({ m, k, n, wBytes: 2, weightBytes: k * n * 2, allReduceBytes: 0 });

  it('a product whose rows fit runs in one pass with its activations on chip', async () => {
    const t = tiling(await params(), share(1024, 768, 3072));
    expect(t).toEqual({ passes: 1, activationsOnChip: true, rereadFromGlobal: false });
  });

  it('rows that do not fit core SRAM run in blocks; the weights come again from the global buffer when they fit there, else from HBM', async () => {
    // 1 MiB per core: 256 KiB of weight tiles (2 x 4 arrays x 128 x 128 x 2 B) leaves room for 768 KiB / ((768 + 1536) x 2 B) = 170 rows.
    const small = await params(['sram.core=1MiB']);
    const t = tiling(small, share(1024, 768, 3072));
    expect(t.passes).toBe(Math.ceil(1024 / 170));
    expect(t.rereadFromGlobal).toBe(true);
    const tiny = await params(['sram.core=1MiB', 'sram.global=8MiB']);
    expect(tiling(tiny, share(1024, 768, 3072)).rereadFromGlobal).toBe(false);
    expect(tiling(tiny, share(2048, 1600, 6400)).activationsOnChip).toBe(false);
  });
});

describe('systolic attention heads per chip', () => {
  const attention = (model: string) => {
    const w = buildWorkload(loadModel(model), { input: 16, output: 0, batch: 1 });
    const op = stepOps(w, 'summarization', 16, 0, false).layer.find((o) => o.kind === 'attn_scores');
    if (!op) throw new Error('no attention op');
    return op;
  };

  it('a chip holds whole query groups (Llama 3.2 1B: 32 query heads in 8 groups; 3 chips take 3 groups of 4)', async () => {
    const s = attentionShare(await params([], 3), attention('llama-3.2-1b'));
    expect(s.flopShare).toBe(12 / 32);
    expect(s.kvShare).toBe(3 / 8);
  });

  it('an impossible split is refused (Qwen2 0.5B: 2 groups of 7 query heads over 4 chips)', async () => {
    const r = await run({ arch: 'tpu-v4', devices: 4, model: 'qwen2-0.5b', input: 16, output: 4 });
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/cannot be split over 4 devices.*systolic chips split attention by heads/);
  });
});

describe('systolic weight tiles in core SRAM', () => {
  it('a core holds two weight tiles per array only when double-buffered', async () => {
    const [double, single] = [await params(), await params(['array.double_buffered=false'])];
    // 4 arrays of 128 x 128 bf16 weights per core.
    expect(tileBytes(double, 2)).toBe(2 * 4 * 128 * 128 * 2);
    expect(tileBytes(single, 2)).toBe(4 * 128 * 128 * 2);
  });

  it('a core SRAM too small for two tiles per array holds one when single-buffered', async () => {
    const run1 = (set: string[]) => run({ arch: 'tpu-v4', model: 'gpt2', input: 16, output: 4, set: ['sram.core=200 KiB', ...set] });
    const double = await run1([]);
    expect(double.feasible).toBe(false);
    expect(double.reason).toMatch(/core SRAM of 0.20 MiB cannot hold the arrays' weight tiles/);
    expect((await run1(['array.double_buffered=false'])).feasible).toBe(true);
  });
});
