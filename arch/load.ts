/**
 * loadArch: preset or spec file + overrides -> a validated, immutable Arch.
 * Units are converted here, once; provenance of every constant is kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { stripProvenance, type Provenances } from './provenance.js';
import { prepareQuantities } from './quantity.js';
import { projectRoot } from './project-root.js';
import { readRawSpec, resolveBoard, looksLikePath, type RawTree } from './read-spec.js';
import { TEMPLATES, isTemplateName, type ArchSpec, type TemplateName } from './registry.js';
import { coerceSetValue, setPath } from './spec-tree.js';
import { describeIssue, valueAt } from './schema-issue.js';
import { UserError } from './user-error.js';

export interface Arch<S extends ArchSpec = ArchSpec> {
  /** Preset name or file the spec came from. */
  readonly ref: string;
  readonly template: TemplateName;
  readonly spec: S;
  /** path -> where the value comes from (source, assumption, fitted, user). */
  readonly provenance: Provenances;
  /** The overrides applied, as given. */
  readonly overrides: readonly string[];
}

export interface LoadOptions {
  /** `path=value` strings, as from `--set`. */
  set?: readonly string[];
  devices?: number;
}

let compiled: Record<string, RawTree> | undefined;
function compiledPresets(): Record<string, RawTree> {
  if (compiled) return compiled;
  const f = join(projectRoot(), 'dist', 'arch', 'presets.compiled.json');
  compiled = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, RawTree>) : {};
  return compiled;
}

/** The raw (unvalidated) tree for a reference, fast for compiled presets. */
export function rawSpec(ref: string): { tree: RawTree; input: string } {
  const pre = !looksLikePath(ref) ? compiledPresets()[ref] : undefined;
  if (pre) return { tree: structuredClone(pre), input: `arch preset ${ref}` };
  return readRawSpec(ref);
}

export async function loadArch(ref: string, opts: LoadOptions = {}): Promise<Arch> {
  const { tree, input } = rawSpec(ref);
  return validateArch(tree, input, ref, opts);
}

/** Validate a raw tree (already read) with overrides; used by sweeps too. */
export async function validateArch(tree: RawTree, input: string, ref: string, opts: LoadOptions = {}): Promise<Arch> {
  const overrides: string[] = [];
  if (opts.devices !== undefined) {
    setPath(tree, 'devices', opts.devices, input, '--devices');
    overrides.push(`devices=${opts.devices}`);
  }
  for (const s of opts.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UserError({ input: '--set', field: s, problem: 'expected path=value', fix: 'write e.g. --set mpu.lanes=32' });
    const path = s.slice(0, eq).trim();
    const value = coerceSetValue(s.slice(eq + 1));
    if (path === 'board' && typeof value === 'string') {
      tree.board = value;
      resolveBoard(tree, input);
    } else setPath(tree, path, value, input);
    overrides.push(s);
  }
  const { plain, provenance } = stripProvenance(tree);
  await prepareQuantities(plain);
  const template = (plain as RawTree).template;
  if (!isTemplateName(template)) {
    throw new UserError({ input, field: 'template', problem: `unknown template ${JSON.stringify(template)}`, fix: `use one of: ${Object.keys(TEMPLATES).join(', ')}` });
  }
  const schema = TEMPLATES[template] as z.ZodType<ArchSpec>;
  const parsed = schema.safeParse(plain);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.');
    throw new UserError({ input, field: field || undefined, ...describeIssue(issue, valueAt(plain, issue.path)) });
  }
  for (const [path, p] of Object.entries(provenance)) if (p.text.startsWith('--set') || p.text.startsWith('--devices')) provenance[path] = { kind: 'user', text: p.text };
  return Object.freeze({ ref, template, spec: deepFreeze(parsed.data), provenance, overrides });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
