/**
 * Overrides: the one path from (preset or spec file, devices, GPU stack,
 * `path=value` settings, board) to a spec tree ready for validation. The CLI
 * (`--set`, `--devices`, `--stack`), space files (`base.set`, parameters,
 * baselines) and reports' re-simulation all come through here, so a design
 * means the same thing wherever it is named.
 */
import { type SiQuantity, isSiQuantity, looksLikeQuantity, prepareQuantities, siQuantity, siTree } from './quantity.js';
import { type RawTree, resolveBoard } from './read-spec.js';
import { coerceSetValue, setPath } from './spec-tree.js';
import { UserError } from './user-error.js';

/** A value as the spec receives it: plain, a quantity in SI, or a whole board tree. */
export type OverrideValue = number | string | boolean | null | SiQuantity | RawTree;

export interface Override {
  readonly path: string;
  readonly value: OverrideValue;
}

/** What names one arch: a preset or file and everything applied on top of it. */
export interface ArchRequest {
  readonly devices?: number;
  /** GPU software stack (GPU templates only). */
  readonly stack?: string;
  /** `path=value` texts (as typed after `--set`) or parsed overrides, applied in order. */
  readonly set?: readonly (string | Override)[];
}

/** `path=value` as typed; numbers and booleans become such, unit strings stay text until validation. */
export function parseOverride(text: string, input = '--set'): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError({ input, field: text, problem: 'expected path=value', fix: 'write e.g. --set mpu.lanes=32 or --set clock=250MHz' });
  return { path: text.slice(0, eq).trim(), value: coerceSetValue(text.slice(eq + 1)) as OverrideValue };
}

/** How an override reads back on a command line (`--set <this>`). */
export function overrideText(o: Override): string {
  const v = o.value;
  if (isSiQuantity(v)) return `${o.path}=${v.text ?? String(v.si)}`;
  if (v && typeof v === 'object') return `${o.path}=${String((v as RawTree).name ?? 'custom')}`;
  return `${o.path}=${String(v)}`;
}

/**
 * The overrides of a request, in the order they apply: devices, then the
 * stack, then each `--set`.
 */
export function requestOverrides(req: ArchRequest, input = '--set'): Override[] {
  const out: Override[] = [];
  if (req.devices !== undefined) out.push({ path: 'devices', value: req.devices });
  if (req.stack !== undefined) out.push({ path: 'stack', value: req.stack });
  for (const s of req.set ?? []) out.push(typeof s === 'string' ? parseOverride(s, input) : s);
  return out;
}

/** Where an override came from, for errors and provenance. */
function labelOf(path: string, label: string): string {
  if (label !== '--set') return label;
  return path === 'devices' ? '--devices' : path === 'stack' ? '--stack' : '--set';
}

/**
 * Apply overrides to a raw tree (mutated). A board name becomes that board's
 * tree; a stack is refused on anything but a GPU; every other path must
 * already exist in the spec.
 */
export function applyOverrides(tree: RawTree, overrides: readonly Override[], input: string, label = '--set'): void {
  for (const o of overrides) {
    const flag = labelOf(o.path, label);
    if (o.path === 'board' && typeof o.value === 'string') {
      tree.board = o.value;
      resolveBoard(tree, input);
    } else if (o.path === 'board' && o.value && typeof o.value === 'object' && !isSiQuantity(o.value)) {
      tree.board = structuredClone(o.value);
    } else {
      if (o.path === 'stack' && tree.template !== 'gpu') {
        throw new UserError({
          input: flag,
          field: String(o.value),
          problem: `${input} is not a GPU (template ${String(tree.template)}); software stacks apply to GPU archs only`,
          fix: `drop ${flag}, or use a GPU arch such as v100 or a100-40gb`,
        });
      }
      setPath(tree, o.path, o.value, input, flag);
    }
  }
}

/**
 * An override with its units converted to SI and a board name resolved to
 * its tree, so that a worker can apply it without the unit parser. `unit`
 * is a space file's unit for plain numbers (`{ values: [200], unit: MHz }`).
 */
export async function prepareOverride(path: string, value: unknown, unit: string | undefined, input: string): Promise<Override> {
  if (path === 'board' && typeof value === 'string') {
    const t: RawTree = { board: value };
    resolveBoard(t, input);
    return { path, value: (await siTree(t)).board as RawTree };
  }
  const text = unit !== undefined ? `${String(value)} ${unit}` : looksLikeQuantity(value) ? value : undefined;
  if (text === undefined) return { path, value: value as OverrideValue };
  await prepareQuantities(text);
  const r = siQuantity(text);
  if (!r.ok) throw new UserError({ input, field: path, problem: r.problem, fix: 'write a number and a unit, e.g. 200 MHz' });
  return { path, value: r.value };
}
