/**
 * Turning a zod issue into what a user can act on: the problem in words and a
 * fix. Shared by every reader of user files (specs, model configs, spaces).
 */
import type { z } from 'zod';

/** The value at `path` in a tree (undefined when absent), to quote it in messages. */
export function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let v = tree;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** A schema issue as a problem and a fix a user can act on. */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): { problem: string; fix?: string } {
  const full = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  // A message is one line: a long value is quoted by its start.
  const got = full.length > 80 ? `${full.slice(0, 77)}...` : full;
  switch (issue.code) {
    case 'unrecognized_keys':
      return { problem: `unknown field(s) ${issue.keys.join(', ')}`, fix: 'check the spelling against the template (tasim simulate --set lists the valid paths)' };
    case 'invalid_type':
      if (value === undefined) return { problem: 'missing field', fix: 'add it (see the preset this spec extends)' };
      return {
        problem: `expected ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}, got ${got}`,
        fix: `write a ${issue.expected === 'int' ? 'whole number' : issue.expected}`,
      };
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'string') return { problem: `${got} is too short`, fix: `give at least ${String(issue.minimum)}` };
      return { problem: `${got} is too small`, fix: `use a value ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)} (plausible ranges: docs/limits.md)` };
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string') return { problem: `${got} is too long`, fix: `give at most ${String(issue.maximum)}` };
      return { problem: `${got} is too large`, fix: `use a value ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)} (plausible ranges: docs/limits.md)` };
    case 'invalid_value':
      return { problem: `${got} is not allowed`, fix: `use one of: ${issue.values.map((v) => String(v)).join(', ')}` };
    case 'custom':
      return { problem: issue.message, fix: (issue.params as { fix?: string } | undefined)?.fix };
    case 'invalid_union':
      return { problem: `${got} is not one of the accepted forms`, fix: 'see the documentation of this field (docs/dse.md for spaces)' };
    default:
      return { problem: issue.message, fix: 'see the documentation of this field' };
  }
}

/** A schema failure's first issue, described with the value found at its path. */
export function firstIssue(error: z.ZodError, tree: unknown): { path: string; problem: string; fix?: string } {
  const issue = error.issues[0];
  return { path: issue.path.join('.'), ...describeIssue(issue, valueAt(tree, issue.path)) };
}
