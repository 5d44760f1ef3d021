/**
 * A design: one value per parameter (by index), on one scenario. Its hash is
 * a digest of the scenario and the parameter values only, so the same design
 * has the same hash in any run, shard, worker or order.
 */
import { createHash } from 'node:crypto';
import type { SetValue } from './apply-sets.js';
import type { Scalar } from './parameters.js';
import type { Space } from './space.js';

export interface Design {
  readonly hash: string;
  readonly scenario: number;
  /** Index into each parameter's values. */
  readonly genes: readonly number[];
  /** What results.jsonl records: model, mix, every parameter and derived value by path. */
  readonly params: Readonly<Record<string, Scalar>>;
  /** What the spec receives, in order. */
  readonly sets: readonly (readonly [string, SetValue])[];
}

export function designHash(scenario: { model: string; mix: string }, free: Readonly<Record<string, Scalar>>): string {
  const keys = Object.keys(free).sort();
  const canon = JSON.stringify([scenario.model, scenario.mix, keys.map((k) => [k, free[k]])]);
  return createHash('sha256').update(canon).digest('hex').slice(0, 16);
}

/** The design for these value indices, or undefined when a constraint rules it out. */
export function makeDesign(space: Space, scenario: number, genes: readonly number[]): Design | undefined {
  const free: Record<string, Scalar> = {};
  const sets: [string, SetValue][] = [];
  space.parameters.forEach((p, i) => {
    free[p.path] = p.values[genes[i]];
    sets.push([p.path, space.setValues[i][genes[i]]]);
  });
  const values: Record<string, Scalar> = { ...free };
  for (const d of space.derived) {
    const v = d.expr.evaluate(values);
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') {
      throw new Error(`derived ${d.path} = ${d.expr.text} did not give a number (${String(v)})`);
    }
    values[d.path] = v;
    if (d.setsArch) sets.push([d.path, v]);
  }
  for (const c of space.constraints) if (!c.evaluate(values)) return undefined;
  const sc = space.scenarios[scenario];
  return { hash: designHash(sc, free), scenario, genes, params: { model: sc.model, mix: sc.mix, ...values }, sets };
}

/** Number of points in the full grid of one scenario. */
export function gridSize(space: Space): number {
  return space.parameters.reduce((n, p) => n * p.values.length, 1);
}
