/** Invariants of N:M costs on both FPGA templates, over random shapes and patterns. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { DfxArch } from '../../arch/schema/dfx.js';
import type { StaArch } from '../../arch/schema/sta.js';
import { gemv, tileBytes } from '../../sim/dfx/costs.js';
import { dfxParams } from '../../sim/dfx/params.js';
import { matmul } from '../../sim/sta/costs.js';
import { staParams } from '../../sim/sta/params.js';
import { metadataBytes, nonzerosPerColumn } from '../../workloads/sparsity.js';

const pattern = fc.constantFrom(4, 8, 16).chain((m) => fc.integer({ min: 1, max: m }).map((n) => ({ n, m })));
const dims = fc.record({ rows: fc.integer({ min: 1, max: 600 }), k: fc.integer({ min: 1, max: 5000 }), n: fc.integer({ min: 1, max: 5000 }) });

describe('N:M cost invariants', () => {
  it('DFX: fewer nonzeros never needs more MPU cycles or tiles; N = M is the dense path', async () => {
    const p = dfxParams((await loadArch('dfx-nm')).spec as DfxArch);
    fc.assert(
      fc.property(dims, pattern, ({ k, n }, s) => {
        const dense = gemv(p, k, n);
        const here = gemv(p, k, n, s);
        if (s.n === s.m) return here.cycles === dense.cycles && tileBytes(p, s) === tileBytes(p);
        const fewer = s.n > 1 ? gemv(p, k, n, { n: s.n - 1, m: s.m }) : here;
        return here.cycles <= dense.cycles && fewer.cycles <= here.cycles && fewer.tiles <= here.tiles;
      }),
      { numRuns: 300 },
    );
  });

  it('STA: fewer nonzeros never needs more array cycles, at any number of rows', async () => {
    const s = staParams((await loadArch('sta')).spec as StaArch, 'sta');
    fc.assert(
      fc.property(dims, pattern, ({ rows, k, n }, p) => {
        if (p.m > s.window) return true;
        const here = matmul(s, rows, k, n, p).busy;
        const fewer = p.n > 1 ? matmul(s, rows, k, n, { n: p.n - 1, m: p.m }).busy : here;
        return fewer <= here && here <= matmul(s, rows, k, n).busy;
      }),
      { numRuns: 300 },
    );
  });

  it('metadata is counted for every pruned pattern and bounded by the values it indexes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 100 }), pattern, (k, n, p) => {
        const meta = metadataBytes(k, n, p, 'index');
        if (p.n === p.m) return meta === 0;
        // Index bits (<= 4 for M <= 16) per kept weight: less than a 16-bit value each, and at least one bit.
        const kept = nonzerosPerColumn(k, p) * n;
        return meta >= kept / 8 && meta <= Math.ceil((kept * 4) / 8);
      }),
    );
    expect(metadataBytes(16, 1, { n: 1, m: 16 }, 'index')).toBe(1);
  });
});
