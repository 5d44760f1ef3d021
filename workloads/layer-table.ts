/**
 * A per-layer table as compression plans write it: a default, values per
 * layer index or range (for every op of the layer or per op name) and values
 * per op name. Lookup order: layers[i][op], layers[i], ops[op], default.
 * Used for N:M patterns (N per layer) and weight precisions.
 */
import { UserError } from '../arch/user-error.js';

export interface LayerTable<T> {
  readonly default?: T;
  readonly layers: Readonly<Record<number, T | Readonly<Record<string, T>>>>;
  readonly ops: Readonly<Record<string, T>>;
  /** Where the table came from, for error messages. */
  readonly input: string;
}

/** Reads `default`, `layers` and `ops` of `t`; `checkValue` checks one value (field named for errors). */
export function readLayerTable<T>(t: Record<string, unknown>, input: string, checkValue: (v: unknown, field: string) => T): LayerTable<T> {
  const def = t.default === undefined ? undefined : checkValue(t.default, 'default');
  const ops: Record<string, T> = {};
  for (const [k, v] of Object.entries(mapping(t.ops, input, 'ops'))) ops[k] = checkValue(v, `ops.${k}`);
  const layers: Record<number, T | Record<string, T>> = {};
  // Wider ranges first, so that a single layer listed inside a range overrides it whatever the key order.
  const entries = Object.entries(mapping(t.layers, input, 'layers')).map(([k, v]) => {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(k);
    if (!range) throw new UserError({ input, field: `layers.${k}`, problem: 'a layer key must be an index or a range like 2-5', fix: 'number layers from 0' });
    const lo = Number(range[1]);
    const hi = range[2] === undefined ? lo : Number(range[2]);
    if (hi < lo) throw new UserError({ input, field: `layers.${k}`, problem: 'empty range', fix: 'write low-high' });
    return { k, v, lo, hi };
  });
  entries.sort((a, b) => b.hi - b.lo - (a.hi - a.lo));
  for (const { k, v, lo, hi } of entries) {
    let val: T | Record<string, T>;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const per: Record<string, T> = {};
      for (const [op, x] of Object.entries(v)) per[op] = checkValue(x, `layers.${k}.${op}`);
      val = per;
    } else val = checkValue(v, `layers.${k}`);
    for (let i = lo; i <= hi; i++) layers[i] = val;
  }
  return { default: def, layers, ops, input };
}

function isPerOp<T>(v: T | Readonly<Record<string, T>> | undefined): v is Readonly<Record<string, T>> {
  return !!v && typeof v === 'object';
}

export function lookupLayerTable<T>(t: LayerTable<T>, layer: number, op: string): T | undefined {
  const l = t.layers[layer];
  const own = isPerOp(l) ? l[op] : l;
  return own ?? t.ops[op] ?? t.default;
}

/** Check that a table names only layers and ops the model has. */
export function checkLayerTable<T>(t: LayerTable<T>, layers: number, opNames: readonly string[]): void {
  for (const k of Object.keys(t.layers)) {
    if (Number(k) >= layers)
      throw new UserError({ input: t.input, field: `layers.${k}`, problem: `the model has ${layers} layers (0-${layers - 1})`, fix: 'remove or renumber the entry' });
    const l = t.layers[Number(k)];
    if (isPerOp(l)) for (const op of Object.keys(l)) checkOpName(t.input, `layers.${k}.${op}`, op, opNames);
  }
  for (const op of Object.keys(t.ops)) checkOpName(t.input, `ops.${op}`, op, opNames);
}

function checkOpName(input: string, field: string, op: string, opNames: readonly string[]): void {
  if (!opNames.includes(op)) throw new UserError({ input, field, problem: `no linear op "${op}" in a layer`, fix: `use one of: ${opNames.join(', ')}` });
}

function mapping(v: unknown, input: string, field: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new UserError({ input, field, problem: 'expected a mapping', fix: `write ${field}: { <key>: <value> }` });
  return v as Record<string, unknown>;
}
