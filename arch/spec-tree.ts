/**
 * Dotted-path access to a raw spec tree, for `--set path=value` and for
 * listing the valid paths when a user names one that does not exist.
 */
import { isSourcedLeaf } from './provenance.js';
import { checkPath } from './safe-keys.js';
import { UserError } from './user-error.js';

type Tree = Record<string, unknown>;

/** Every settable leaf path of a raw spec (sourced leaves count as leaves). */
export function leafPaths(tree: unknown, prefix = ''): string[] {
  if (isSourcedLeaf(tree) || tree === null || typeof tree !== 'object' || Array.isArray(tree)) return prefix ? [prefix] : [];
  return Object.entries(tree as Tree).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** A `--set` value as typed: numbers and booleans become such, the rest stays text (units are parsed later). */
export function coerceSetValue(text: string): unknown {
  const t = text.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  return t;
}

/** Set `path` in `tree` (mutates). The path must already exist as a leaf; only own fields are walked. */
export function setPath(tree: Tree, path: string, value: unknown, input: string, label = '--set'): void {
  checkPath(path, input);
  const keys = path.split('.');
  let node: unknown = tree;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, keys[i]) ? (node as Tree)[keys[i]] : undefined;
    if (!next || typeof next !== 'object' || Array.isArray(next) || isSourcedLeaf(next)) throw unknownPath(tree, path, input);
    node = next;
  }
  const last = keys[keys.length - 1];
  const parent = node as Tree;
  if (!Object.hasOwn(parent, last) || (parent[last] !== null && typeof parent[last] === 'object' && !isSourcedLeaf(parent[last]))) {
    throw unknownPath(tree, path, input);
  }
  parent[last] = { value, source: `${label} ${path}=${typeof value === 'string' ? value : JSON.stringify(value)}` };
}

function unknownPath(tree: Tree, path: string, input: string): UserError {
  const paths = leafPaths(tree);
  const near = paths.filter((p) => p.split('.').pop() === path.split('.').pop() || p.startsWith(`${path.split('.')[0]}.`));
  const list = (near.length ? near : paths).slice(0, 40).join(', ');
  return new UserError({ input, field: path, problem: `unknown path "${path}"`, fix: `use one of: ${list}${paths.length > 40 && !near.length ? ', ...' : ''}` });
}
