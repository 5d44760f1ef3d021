/** Shared set-ups of the serving tests: designs, fixed-size Poisson streams and serving one of them. */
import { loadArch, type Arch } from '../../arch/load.js';
import type { PolicyName } from '../../sim/serving/policy.js';
import type { ServeResult } from '../../sim/serving/result.js';
import { Deployment, serve, type ServeOptions } from '../../sim/serving/serve.js';
import { simulate } from '../../sim/simulate.js';
import { generateStream, type ArrivalProcess } from '../../workloads/arrivals.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { RequestStream } from '../../workloads/request-stream.js';

export const GPT2XL = 'gpt2-xl-dfx';

export async function dfx4(): Promise<Arch> {
  return loadArch('dfx', { devices: 4 });
}

export async function a100(): Promise<Arch> {
  return loadArch('a100-40gb', { devices: 1 });
}

export function fixedStream(rate: number, requests: number, input = 64, output = 64, seed = 1, arrivals: ArrivalProcess = { kind: 'poisson' }): RequestStream {
  return generateStream({
    arrivals,
    rate_rps: rate,
    requests,
    shapes: { kind: 'lengths', input: { kind: 'fixed', tokens: input }, output: { kind: 'fixed', tokens: output } },
    seed,
  });
}

/** `tasim simulate`'s latency of one request alone. */
export function aloneLatency(arch: Arch, model: string, input = 64, output = 64): number {
  return simulate(arch, buildWorkload(loadModel(model), { input, output, batch: 1 })).latency_s;
}

export function served(arch: Arch, stream: RequestStream, policy: PolicyName, o: Omit<ServeOptions, 'policy'> = {}, model = GPT2XL): ServeResult {
  const r = serve(arch, loadModel(model), stream, { policy, ...o });
  if (!r.feasible) throw new Error(`infeasible: ${r.reason}`);
  return r;
}

export function deployment(arch: Arch, stream: RequestStream, policy: PolicyName, o: Omit<ServeOptions, 'policy'> = {}, model = GPT2XL): Deployment {
  const d = Deployment.create(arch, loadModel(model), stream, { policy, ...o });
  if (!(d instanceof Deployment)) throw new Error(`infeasible: ${d.reason}`);
  return d;
}
