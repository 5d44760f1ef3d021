import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { DfxArch } from '../../arch/schema/dfx.js';
import { allGather, gemv, layerNormSteps, reduce } from '../../sim/dfx/costs.js';
import { dfxParams } from '../../sim/dfx/params.js';

const p = dfxParams((await loadArch('dfx')).spec as DfxArch);

describe('DFX closed forms', () => {
  it('derives the unit rates from the spec', () => {
    // 32 channels x 512 bit at the kernel clock is below 460 GB/s x 92.4 %: the DMA width binds.
    expect(p.hbmBpc).toBe(32 * 64);
    expect(p.hbmLat).toBe(40);
    expect(p.mpuLatency).toBe(6 + 6 * 11 + 11);
    expect(p.zigGroups).toBe(4);
  });

  it('streams one tile per cycle when a column group is visited once', () => {
    // k = d: a single row block, no partial sums to accumulate.
    expect(gemv(p, 64, 1024)).toEqual({ tiles: 64, cycles: 64 });
  });

  it('is bounded by the accumulator when partial sums are revisited (4 groups / 11 cycles)', () => {
    const g = gemv(p, 1536, 384); // 24 row blocks x 24 groups = 6 bands of 4 groups
    expect(g.tiles).toBe(576);
    expect(g.cycles).toBe(6 * (4 + 23 * 11));
    expect(g.tiles / g.cycles).toBeCloseTo(4 / 11, 1);
  });

  it('never beats one tile per cycle and pads partial tiles', () => {
    for (const [k, n] of [
      [100, 30],
      [1600, 400],
      [64, 16],
      [4096, 1],
    ]) {
      const g = gemv(p, k, n);
      expect(g.cycles).toBeGreaterThanOrEqual(g.tiles);
      expect(g.tiles).toBe(Math.ceil(k / 64) * Math.ceil(n / 16));
    }
  });

  it('sums vectors pairwise and then through the SFU adder tree', () => {
    expect(reduce(p, 64)).toEqual({ busy: 1, latency: 66 });
    expect(reduce(p, 256).busy).toBe(2 + 11 + 1 + 11);
    expect(layerNormSteps(p, 1536)).toHaveLength(10);
  });

  it('all-gathers around the ring: K-1 hops of latency, (K-1) slices per link', () => {
    const g = allGather({ ...p, devices: 4 }, 768);
    expect(g.linkBytes).toBe(3 * 768);
    expect(g.latency).toBe(p.syncCycles + 3 * p.hopCycles);
    expect(allGather({ ...p, devices: 1 }, 768)).toEqual({ busy: 0, latency: 0, linkBytes: 0 });
    expect(allGather({ ...p, devices: 4, bidirectional: true }, 768).latency).toBe(p.syncCycles + 2 * p.hopCycles);
  });
});
