/**
 * Keys a user may not name: a spec, space, model or `--set` path that walks
 * into `__proto__`, `constructor` or `prototype` reaches Object.prototype
 * instead of the user's own data. Every reader refuses them, and lookups of a
 * user string use own properties only.
 */
import { UserError } from './user-error.js';

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** Refuse a dotted path with a forbidden or empty segment (`--set`, `base.set`, parameter and derived paths). */
export function checkPath(path: string, input: string, field = path): void {
  const bad = path.split('.').find((k) => isForbiddenKey(k) || k === '');
  if (bad === undefined) return;
  throw new UserError({
    input,
    field,
    problem: bad === '' ? `path "${path}" has an empty segment` : `path "${path}" names "${bad}", which is not a field of any spec`,
    fix: 'name a field by its dotted path, e.g. mpu.lanes or clock',
  });
}

/** `obj[key]` when `key` is the object's own property, else undefined: a user string never reaches the prototype. */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
