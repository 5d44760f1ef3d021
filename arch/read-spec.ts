/**
 * Reading raw spec trees: preset names or YAML/JSON files, with `extends:`
 * and `board: <name>` resolved, before validation.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { projectRoot } from './project-root.js';
import { readYamlFile } from './yaml-file.js';
import { UserError } from './user-error.js';

export type RawTree = Record<string, unknown>;

function presetDir(): string {
  return join(projectRoot(), 'arch', 'presets');
}

/** Names of the arch presets (files directly in arch/presets). */
export function presetNames(): string[] {
  return readdirSync(presetDir())
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => basename(f, extname(f)))
    .sort();
}

function boardNames(): string[] {
  return readdirSync(join(presetDir(), 'boards'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => basename(f, extname(f)))
    .sort();
}

export function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
}

/** Parse a YAML or JSON spec file into a mapping. */
function readTreeFile(file: string): RawTree {
  const tree = readYamlFile(file, 'the spec path (--arch, extends: or base.arch)', 'spec file');
  if (!tree || typeof tree !== 'object' || Array.isArray(tree))
    throw new UserError({ input: file, problem: 'a spec must be a mapping of fields', fix: 'start the file with "template: <name>" or "extends: <preset>"' });
  return tree as RawTree;
}

function presetFile(name: string, sub = ''): string | undefined {
  if (looksLikePath(name) || name.startsWith('.')) return undefined;
  for (const ext of ['.yaml', '.yml']) {
    const f = join(presetDir(), sub, name + ext);
    if (existsSync(f)) return f;
  }
  return undefined;
}

/**
 * A raw tree for a preset name or a spec file, with `extends` and `board`
 * resolved. `seen` holds the files that extend this one (innermost last).
 */
export function readRawSpec(ref: string, seen: string[] = []): { tree: RawTree; input: string } {
  let file: string | undefined;
  if (looksLikePath(ref)) file = ref;
  else {
    file = presetFile(ref);
    const by = seen[seen.length - 1];
    if (!file)
      throw new UserError({
        input: by ?? '--arch',
        field: by ? `extends: ${ref}` : ref,
        problem: 'unknown arch preset',
        fix: `use one of: ${presetNames().join(', ')}, or a spec file path (.yaml/.json)`,
      });
  }
  if (seen.includes(file)) throw new UserError({ input: seen[seen.length - 1], field: 'extends', problem: `${file} extends itself (a cycle)`, fix: 'remove the cycle' });
  if (seen.length >= MAX_EXTENDS)
    throw new UserError({ input: file, field: 'extends', problem: `more than ${MAX_EXTENDS} files extend one another`, fix: 'extend a preset directly' });
  const own = readTreeFile(file);
  let tree = own;
  const ext = Object.hasOwn(own, 'extends') ? own.extends : undefined;
  if (ext !== undefined && typeof ext !== 'string')
    throw new UserError({
      input: file,
      field: 'extends',
      problem: `expected a preset name or a file, got ${JSON.stringify(ext)}`,
      fix: `write e.g. "extends: dfx" (presets: ${presetNames().join(', ')})`,
    });
  if (typeof ext === 'string') {
    // A relative file path is relative to the file that extends it (shared fragments next to presets).
    const ref = looksLikePath(ext) && !isAbsolute(ext) ? join(dirname(file), ext) : ext;
    const base = readRawSpec(ref, [...seen, file]).tree;
    const { extends: _drop, ...rest } = own;
    tree = deepMerge(base, rest);
  }
  resolveBoard(tree, file);
  return { tree, input: file };
}

/** Files that extend one another, at most (a chain is a preset, a lab's variant and one experiment). */
const MAX_EXTENDS = 8;

export function resolveBoard(tree: RawTree, input: string): void {
  if (!Object.hasOwn(tree, 'board') || typeof tree.board !== 'string') return;
  const f = presetFile(tree.board, 'boards');
  if (!f) throw new UserError({ input, field: 'board', problem: `unknown board "${tree.board}"`, fix: `use one of: ${boardNames().join(', ')}, or write the board inline` });
  tree.board = readTreeFile(f);
}

/** Merge `over` into a copy of `base`; mappings merge, everything else replaces. */
function deepMerge(base: RawTree, over: RawTree): RawTree {
  const out: RawTree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = Object.hasOwn(out, k) ? out[k] : undefined;
    const bothTrees =
      b && v && typeof b === 'object' && typeof v === 'object' && !Array.isArray(b) && !Array.isArray(v) && !('value' in (v as RawTree)) && !('value' in (b as RawTree));
    out[k] = bothTrees ? deepMerge(b as RawTree, v as RawTree) : v;
  }
  return out;
}
