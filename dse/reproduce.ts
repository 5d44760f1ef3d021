/**
 * The `tasim simulate` commands that reproduce one design of a run: one per
 * request of its scenario's mix, in the mix's order. Each gives, for its
 * request, the latency_s and energy_j the sweep computed; a row's metrics are
 * the mix's weighted combination of them (docs/dse.md). The overrides are
 * written as a user types them (`--set clock=300MHz`, `--set board=u55c`), so
 * every command runs as written and goes through the same override path
 * (arch/overrides.ts) as the sweep did.
 */
import type { Scalar } from './parameters.js';
import type { MixRequest } from './requests.js';
import { isWorkloadParam } from './workload-params.js';

/** What a run records of its space that a command needs (a subset of the manifest). */
export interface ReproduceSource {
  readonly base: { readonly arch: string; readonly devices?: number; readonly set: readonly string[] };
  readonly parameters: readonly { readonly path: string; readonly unit?: string }[];
  readonly derived: readonly { readonly path: string; readonly sets_arch: boolean }[];
  /** Model name (as in params.model) -> preset name or absolute path. */
  readonly model_refs: Readonly<Record<string, string>>;
  readonly mixes: readonly { readonly name: string; readonly requests: readonly MixRequest[] }[];
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** `path=value` as typed after `--set`: a unit written next to its number (`clock=300MHz`). */
function setText(path: string, value: Scalar, unit: string | undefined): string {
  if (unit === undefined) return `${path}=${String(value)}`;
  return /\s/.test(unit) ? `${path}=${String(value)} ${unit}` : `${path}=${String(value)}${unit}`;
}

/** A command's options past `--arch`: those of the arch (devices, stack, `--set`) and of the workload (`--sparsity`). */
interface CommandArgs {
  readonly arch: readonly string[];
  readonly workload: readonly string[];
}

/** The design's arch and workload options, shared by every request's command. */
function designArgs(src: ReproduceSource, params: Readonly<Record<string, Scalar>>): CommandArgs {
  const arch: string[] = [];
  const workload: string[] = [];
  if (src.base.devices !== undefined) arch.push('--devices', String(src.base.devices));
  for (const s of src.base.set) arch.push('--set', s);
  for (const p of src.parameters) {
    const v = params[p.path];
    if (v === undefined) throw new Error(`reproduce: params lack ${p.path}`);
    // workload.sparsity is the only workload parameter (dse/workload-params.ts).
    if (isWorkloadParam(p.path)) {
      if (v !== 'dense') workload.push('--sparsity', String(v));
    } else arch.push('--set', setText(p.path, v, p.unit));
  }
  for (const d of src.derived) {
    const v = params[d.path];
    if (d.sets_arch && v !== undefined) arch.push('--set', setText(d.path, v, undefined));
  }
  return { arch, workload };
}

function requestCommands(archRef: string, model: string, requests: readonly MixRequest[], args: CommandArgs): string[] {
  return requests.map((r) => {
    const words = ['tasim', 'simulate', '--arch', archRef, ...args.arch, '--model', model, '--input', String(r.input), '--output', String(r.output)];
    if (r.batch !== 1) words.push('--batch', String(r.batch));
    return [...words, ...args.workload].map(shellWord).join(' ');
  });
}

function mixNamed(src: Pick<ReproduceSource, 'mixes'>, name: string): ReproduceSource['mixes'][number] {
  const mix = src.mixes.find((m) => m.name === name);
  if (!mix) throw new Error(`reproduce: unknown mix ${name}`);
  return mix;
}

/** One command per request of the design's mix (model and mix from `params.model`, `params.mix`). */
export function reproduceCommands(src: ReproduceSource, params: Readonly<Record<string, Scalar>>): string[] {
  const name = String(params.model);
  const mix = mixNamed(src, String(params.mix ?? src.mixes[0]?.name));
  return requestCommands(src.base.arch, src.model_refs[name] ?? name, mix.requests, designArgs(src, params));
}

/** The same for a baseline of the space on one scenario. */
export function baselineCommands(
  b: { readonly arch: string; readonly devices?: number; readonly stack?: string; readonly set: readonly string[] },
  model: string,
  mix: { readonly requests: readonly MixRequest[] },
): string[] {
  const arch = [
    ...(b.devices !== undefined ? ['--devices', String(b.devices)] : []),
    ...(b.stack !== undefined ? ['--stack', b.stack] : []),
    ...b.set.flatMap((s) => ['--set', s]),
  ];
  return requestCommands(b.arch, model, mix.requests, { arch, workload: [] });
}
