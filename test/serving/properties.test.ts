/**
 * Invariants of any serving run, over random streams, policies, batch
 * limits, cache sizes and replica counts: every request is completed or
 * dropped, tokens come out in order after the request arrives, the cache
 * is never over-committed and nothing is counted twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { runEngine } from '../../sim/serving/engine.js';
import { IterationCoster, Usage } from '../../sim/serving/iteration-cost.js';
import { kvCache, type KvCache } from '../../sim/serving/kv-cache.js';
import { POLICIES, type Policy, type PolicyName } from '../../sim/serving/policy.js';
import { chunkedPolicy } from '../../sim/serving/policies/chunked.js';
import { continuousPolicy } from '../../sim/serving/policies/continuous.js';
import { fifoPolicy } from '../../sim/serving/policies/fifo.js';
import { staticPolicy } from '../../sim/serving/policies/static.js';
import { Recorder } from '../../sim/serving/recorder.js';
import type { Replica, Work } from '../../sim/serving/replica.js';
import { prepared } from '../../sim/simulate.js';
import { generateStream } from '../../workloads/arrivals.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

const SHAPES = [
  { input: 1, output: 1, weight: 1 },
  { input: 64, output: 64, weight: 3 },
  { input: 200, output: 16, weight: 2 },
  { input: 16, output: 300, weight: 1 },
  { input: 600, output: 500, weight: 1 },
];

describe('serving invariants', () => {
  it('hold for random streams, policies, limits, caches and replicas', async () => {
    const arch = await loadArch('a100-40gb', { devices: 1 });
    const model = loadModel('gpt2');
    const w = buildWorkload(model, { input: 64, output: 64, batch: 1 });
    const x = prepared(arch);
    const coster = new IterationCoster(x, w);
    const plan = x.template.memory(x.spec, x.params, w);
    if (typeof plan === 'string') throw new Error(plan);
    const full = kvCache(w, plan, x.spec.devices, 16);
    fc.assert(
      fc.property(
        fc.constantFrom<PolicyName>(...POLICIES),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 70, max: 400 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        (policy, replicas, maxBatch, blocks, seed, rate, block) => {
          // A few request shapes, so that the costs memoised across runs keep the property fast.
          const stream = generateStream({ arrivals: { kind: 'gamma', cv: 2 }, rate_rps: rate, requests: 50, shapes: { kind: 'mix', pairs: SHAPES }, seed });
          const kv: KvCache = { ...full, blocks, blockTokens: 4 * block };
          const rec = new Recorder(new Usage(x.units.length));
          const limits = { maxBatch: policy === 'fifo' ? 1 : maxBatch, maxPrefillTokens: 2048, tokenBudget: 64 * block, watermarkBlocks: 1 };
          const events = { preempted: () => rec.preempted++ };
          const inner: Policy = { fifo: fifoPolicy(), static: staticPolicy(limits), continuous: continuousPolicy(limits, events), chunked: chunkedPolicy(limits, events) }[policy];
          // Check the cache and the batch after every decision of the policy.
          const checked: Policy = {
            next(r: Replica): Work[] | undefined {
              const work = inner.next(r);
              let held = 0;
              for (const s of r.running) held += s.blocks;
              expect(r.freeBlocks).toBeGreaterThanOrEqual(0);
              expect(held + r.freeBlocks).toBe(kv.blocks);
              if (work) {
                expect(new Set(work.map((q) => q.seq)).size).toBe(work.length);
                expect(work.length).toBeLessThanOrEqual(limits.maxBatch);
                for (const q of work) expect(q.seq.blocks * kv.blockTokens).toBeGreaterThanOrEqual(q.context + q.tokens);
              }
              return work;
            },
          };
          runEngine(stream, coster, { policy: checked, replicas, routerTime_s: 0, kv, maxPositions: model.maxPositions }, rec);
          const fits = stream.requests.filter((r) => r.input + r.output <= model.maxPositions && Math.ceil((r.input + r.output) / kv.blockTokens) <= blocks);
          expect(rec.completed + rec.dropped).toBe(stream.requests.length);
          expect(rec.completed).toBe(fits.length);
          expect(rec.outputTokens).toBe(fits.reduce((a, r) => a + r.output, 0));
          expect(rec.itl.length).toBe(fits.reduce((a, r) => a + r.output - 1, 0));
          for (let i = 0; i < rec.completed; i++) {
            expect(rec.ttft.at(i)).toBeGreaterThan(0);
            expect(rec.latency.at(i)).toBeGreaterThanOrEqual(rec.ttft.at(i));
          }
          for (let i = 0; i < rec.itl.length; i++) expect(rec.itl.at(i)).toBeGreaterThan(0);
          if (policy === 'fifo' || policy === 'static') expect(rec.preempted).toBe(0);
          for (let i = 1; i < rec.t.length; i++) expect(rec.t.at(i)).toBeGreaterThanOrEqual(rec.t.at(i - 1));
        },
      ),
      { numRuns: 30 },
    );
  });
});
