/**
 * A run directory: space.yaml (the space as given), manifest.json (what was
 * explored and how), results.jsonl (one line per design), pareto.json and
 * pareto.csv (the fronts). docs/dse.md documents each field.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INPUT_LIMITS, checkInputFile } from '../arch/input-file.js';
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

function tasimVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Fields a manifest must have for a run to be resumed, merged or reported. */
const MANIFEST_FIELDS: Record<string, 'string' | 'object'> = {
  name: 'string',
  space_sha256: 'string',
  base: 'object',
  models: 'object',
  mixes: 'object',
  parameters: 'object',
  objectives: 'object',
  strategy: 'object',
};

export function readManifest(dir: string): Manifest {
  const f = runFiles(dir).manifest;
  if (!existsSync(f))
    throw new UserError({ input: dir, field: 'manifest.json', problem: 'not a run directory (no manifest.json)', fix: 'give a directory written by tasim sweep' });
  const broken = (problem: string) =>
    new UserError({ input: f, problem, fix: `restore it, or sweep into a new --out (the rows in ${runFiles(dir).results} stay usable with tasim report)` });
  checkInputFile(f, { what: 'run manifest', fix: 'give a directory written by tasim sweep', maxBytes: INPUT_LIMITS.jsonBytes });
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(f, 'utf8'));
  } catch (e) {
    throw broken(`is not valid JSON (${(e as Error).message.split('\n')[0].replace(/, "[\s\S]*$/, '')}): it was cut short or edited`);
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw broken('is not a JSON object');
  for (const [k, t] of Object.entries(MANIFEST_FIELDS)) {
    const v = Object.hasOwn(m, k) ? (m as Record<string, unknown>)[k] : undefined;
    if (typeof v !== t || v === null) throw broken(`lacks ${k} (or it is not ${t === 'string' ? 'text' : 'a list or mapping'})`);
  }
  return m as Manifest;
}

/** A failed write to the run directory, as the user's to fix (read-only, full, not a directory). */
export function writeError(file: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a file of that name is in the way',
    EISDIR: 'a directory of that name is in the way',
    ENOENT: 'the path cannot be created there',
  };
  const problem = `cannot be written: ${(code && why[code]) ?? (e as Error).message}`;
  return new UserError({ input: '--out', field: file, problem, fix: 'choose a writable --out directory on a disk with free space' });
}

/** Write a file whole or not at all (a kill mid-write leaves the old one). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw writeError(file, e);
  }
}

/**
 * Create `dir` and its missing parents one level at a time (a recursive
 * mkdir spins forever under /proc); a file in the way or a place where
 * nothing can be created is a user error.
 */
export function ensureDir(dir: string): void {
  let st: Stats | undefined;
  try {
    st = statSync(dir);
  } catch {
    st = undefined;
  }
  if (st) {
    if (!st.isDirectory()) throw new UserError({ input: '--out', field: dir, problem: 'is a file, not a directory', fix: 'choose a new or existing directory for the run' });
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(dir, e);
  }
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
