import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import type { DfxArch } from '../../arch/schema/dfx.js';
import { lowerStep, recostStep } from '../../sim/dfx/lower.js';
import { dfxParams } from '../../sim/dfx/params.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { stepOps } from '../../workloads/trace.js';

const design = fc.record({
  model: fc.constantFrom('gpt2', 'llama-3.2-1b'),
  devices: fc.constantFrom(1, 2, 4),
  sparse: fc.boolean(),
  lanes: fc.constantFrom(4, 8, 16),
  stage: fc.constantFrom('summarization' as const, 'generation' as const),
  emits: fc.boolean(),
  contextA: fc.integer({ min: 0, max: 2000 }),
  contextB: fc.integer({ min: 0, max: 2000 }),
});

describe('DFX re-costing (property test)', () => {
  it('re-costing a lowering for another context gives what a fresh lowering of that context gives', async () => {
    await fc.assert(
      fc.asyncProperty(design, async (d) => {
        const arch = await loadArch(d.sparse ? 'dfx-nm' : 'dfx', { devices: d.devices, set: [`mpu.lanes=${d.lanes}`] });
        const p = dfxParams(arch.spec as DfxArch);
        const w = buildWorkload(loadModel(d.model), { input: 16, output: 16, batch: 1 }, { sparsity: d.sparse ? { n: 2, m: 4 } : undefined });
        const a = stepOps(w, d.stage, 1, d.contextA, d.emits);
        const b = stepOps(w, d.stage, 1, d.contextB, d.emits);
        const recosted = lowerStep(p, a);
        const signature = recostStep(p, recosted, b);
        expect(signature).not.toBe(false);
        // Instructions (units, busy, latency, deps, feeds) and ops (flops, events) alike.
        expect(recosted).toEqual(lowerStep(p, b));
      }),
      { numRuns: 60 },
    );
  });
});
