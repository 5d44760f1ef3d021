/**
 * Seconds to serve 10,000 requests on one core: chat traffic (64:64) at
 * 100 req/s on one A100 under continuous batching (about 50 sequences per
 * iteration), from a cold start (every step shape simulated afresh).
 */
import { loadArch } from '../../arch/load.js';
import { serve } from '../../sim/serving/serve.js';
import { generateStream } from '../../workloads/arrivals.js';
import { loadModel } from '../../workloads/models.js';

export async function benchServe(): Promise<string[]> {
  const arch = await loadArch('a100-40gb', { devices: 1 });
  const model = loadModel('gpt2-xl-dfx');
  const stream = generateStream({
    arrivals: { kind: 'poisson' },
    rate_rps: 100,
    requests: 10_000,
    shapes: { kind: 'lengths', input: { kind: 'fixed', tokens: 64 }, output: { kind: 'fixed', tokens: 64 } },
    seed: 1,
  });
  // Warm the code on a short stream (each serve call memoises afresh, so the timed run still simulates every shape).
  serve(arch, model, { ...stream, requests: stream.requests.slice(0, 200) }, { policy: 'continuous' });
  const t0 = performance.now();
  const r = serve(arch, model, stream, { policy: 'continuous' });
  const s = (performance.now() - t0) / 1e3;
  if (!r.feasible || r.completed !== 10_000) throw new Error('serve bench: not every request completed');
  return [`BENCH serve_10k_requests ${s.toFixed(2)} s`];
}
