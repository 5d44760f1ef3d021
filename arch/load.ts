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
import { readRawSpec, looksLikePath, type RawTree } from './read-spec.js';
import { TEMPLATES, isTemplateName, type ArchSpec, type TemplateName } from './registry.js';
import { type ArchRequest, applyOverrides, overrideText, requestOverrides } from './overrides.js';
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

/** What is applied on top of the preset or file: devices, a GPU stack, `--set` overrides. */
export type LoadOptions = ArchRequest;

let compiled: Record<string, RawTree> | undefined;
function compiledPresets(): Record<string, RawTree> {
  if (compiled) return compiled;
  const f = join(projectRoot(), 'dist', 'arch', 'presets.compiled.json');
  compiled = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, RawTree>) : {};
  return compiled;
}

/** The raw (unvalidated) tree for a reference, fast for compiled presets. */
export function rawSpec(ref: string): { tree: RawTree; input: string } {
  const presets = compiledPresets();
  const pre = !looksLikePath(ref) && Object.hasOwn(presets, ref) ? presets[ref] : undefined;
  if (pre) return { tree: structuredClone(pre), input: `arch preset ${ref}` };
  return readRawSpec(ref);
}

export async function loadArch(ref: string, opts: LoadOptions = {}): Promise<Arch> {
  const { tree, input } = rawSpec(ref);
  const overrides = requestOverrides(opts);
  applyOverrides(tree, overrides, input);
  return validateArch(tree, input, ref, overrides.map(overrideText));
}

/** Validate a raw tree whose overrides (listed as text, for the record) are already applied. */
export async function validateArch(tree: RawTree, input: string, ref: string, overrides: readonly string[] = []): Promise<Arch> {
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
  for (const [path, p] of Object.entries(provenance)) if (USER_LABELS.some((l) => p.text.startsWith(l))) provenance[path] = { kind: 'user', text: p.text };
  return Object.freeze({ ref, template, spec: deepFreeze(parsed.data), provenance, overrides: [...overrides] });
}

/** Provenance texts that overrides write (see spec-tree.ts setPath): the user's own values. */
const USER_LABELS = ['--set', '--devices', '--stack', 'sweep', 'space'];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
