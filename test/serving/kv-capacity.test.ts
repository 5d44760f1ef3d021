/**
 * Serve's KV cache holds as many tokens as `tasim simulate` says the memory
 * holds, for key/value heads split evenly over the devices and for heads
 * replicated on more devices than there are key/value heads.
 */
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { serve } from '../../sim/serving/serve.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { fixedStream } from './helpers.js';

describe('KV-cache capacity', () => {
  it.each([
    { what: 'even split: llama-3-8b, 8 key/value heads on 4 A100s', devices: 4 },
    { what: 'replicated heads: llama-3-8b, 8 key/value heads on 16 A100s', devices: 16 },
  ])("$what: serve's cache tokens = simulate's max batch of one-token sequences", async ({ devices }) => {
    const arch = await loadArch('a100-80gb', { devices });
    const model = loadModel('llama-3-8b');
    const sim = simulate(arch, buildWorkload(model, { input: 1, output: 0, batch: 1 }));
    const r = serve(arch, model, fixedStream(1, 1, 64, 8), { policy: 'continuous', blockTokens: 1 });
    if (!r.feasible || !sim.memory?.max_batch) throw new Error('expected a feasible design');
    expect(r.kv_cache.tokens).toBe(sim.memory.max_batch);
    // At 64 + 8 tokens a sequence simulate's max batch is the cache in whole sequences.
    const at72 = simulate(arch, buildWorkload(model, { input: 64, output: 8, batch: 1 }));
    expect(Math.floor((r.kv_cache.tokens ?? 0) / 72)).toBe(at72.memory?.max_batch);
  });
});
