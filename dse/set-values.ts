/** A parameter value as the spec receives it: units to SI, board names to board trees. */
import { resolveBoard, type RawTree } from '../arch/read-spec.js';
import { UserError } from '../arch/user-error.js';
import type { SetValue } from './apply-sets.js';
import { looksLikeQuantity, prepareUnits, readSi, siTree } from './si-values.js';

export async function toSetValue(path: string, v: unknown, unit: string | undefined, input: string): Promise<SetValue> {
  if (path === 'board' && typeof v === 'string') {
    const t: RawTree = { board: v };
    resolveBoard(t, input);
    return (await siTree(t)).board as SetValue;
  }
  const text = unit !== undefined ? `${String(v)} ${unit}` : looksLikeQuantity(v) ? v : undefined;
  if (text === undefined) return v as SetValue;
  await prepareUnits();
  const r = readSi(text);
  if (!r.ok) throw new UserError({ input, field: path, problem: r.problem, fix: 'write a number and a unit, e.g. 200 MHz' });
  return r.value;
}
