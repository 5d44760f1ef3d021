/**
 * A run directory: space.yaml (the space as given), manifest.json (what was
 * explored and how), results.jsonl (one line per design), pareto.json and
 * pareto.csv (the fronts). docs/dse.md documents each field.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../arch/project-root.js';
import { UserError } from '../arch/user-error.js';
import type { Metrics } from './metrics.js';
import type { Scalar } from './parameters.js';
import type { MixRequest } from './requests.js';
import type { Objective, Space } from './space.js';

export interface BaselineEntry {
  label: string;
  arch: string;
  devices: number;
  stack?: string;
  model: string;
  mix: string;
  feasible: boolean;
  reason?: string;
  metrics: Metrics;
  /** `tasim simulate` commands, one per request of the mix, that give these numbers. */
  reproduce?: string[];
}

export interface Manifest {
  name: string;
  space_file: string;
  /** sha256 of the space file's text: runs merge and resume only with the same space. */
  space_sha256: string;
  command: string;
  created: string;
  tasim_version: string;
  base: { arch: string; model: string; devices?: number; set: string[] };
  models: string[];
  /** Where each model of `models` is loaded from (preset name or absolute path). */
  model_refs: Record<string, string>;
  /** The first mix's requests (weights sum to 1). */
  requests: (MixRequest & Record<string, number>)[];
  mixes: { name: string; requests: MixRequest[] }[];
  parameters: { path: string; values: Scalar[]; unit?: string }[];
  derived: { path: string; expr: string; sets_arch: boolean }[];
  constraints: string[];
  objectives: Objective[];
  strategy: Space['strategy'];
  shard: { index: number; count: number } | null;
  baselines: BaselineEntry[];
}

export const runFiles = (dir: string) => ({
  space: join(dir, 'space.yaml'),
  manifest: join(dir, 'manifest.json'),
  results: join(dir, 'results.jsonl'),
  pareto: join(dir, 'pareto.json'),
  csv: join(dir, 'pareto.csv'),
});

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function tasimVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function readManifest(dir: string): Manifest {
  const f = runFiles(dir).manifest;
  if (!existsSync(f)) throw new UserError({ input: dir, field: 'manifest.json', problem: 'not a run directory (no manifest.json)', fix: 'give a directory written by tasim sweep' });
  return JSON.parse(readFileSync(f, 'utf8')) as Manifest;
}

/** Write a file whole or not at all (a kill mid-write leaves the old one). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

export function manifestOf(space: Space, command: string, created: string, shard: Manifest['shard'], baselines: BaselineEntry[]): Manifest {
  return {
    name: space.name,
    space_file: space.file,
    space_sha256: sha256(space.text),
    command,
    created,
    tasim_version: tasimVersion(),
    base: { arch: space.base.arch, model: space.base.model, ...(space.base.devices !== undefined ? { devices: space.base.devices } : {}), set: [...space.base.set] },
    models: [...new Set(space.scenarios.map((s) => s.model))],
    model_refs: Object.fromEntries(space.scenarios.map((s) => [s.model, s.modelRef])),
    requests: space.mixes[0].requests.map((r) => ({ ...r })),
    mixes: space.mixes.map((m) => ({ name: m.name, requests: [...m.requests] })),
    parameters: space.parameters.map((p) => ({ path: p.path, values: [...p.values], ...(p.unit !== undefined ? { unit: p.unit } : {}) })),
    derived: space.derived.map((d) => ({ path: d.path, expr: d.expr.text, sets_arch: d.setsArch })),
    constraints: space.constraints.map((c) => c.text),
    objectives: [...space.objectives],
    strategy: space.strategy,
    shard,
    baselines,
  };
}
