/**
 * Derived parameters and constraints are mathjs expressions over the
 * parameters, written with their paths: `mpu.lanes * mpu.d <= 2048`.
 * mathjs is imported only when a space has expressions.
 */
import type { Scalar } from './parameters.js';

export interface Expression {
  readonly text: string;
  evaluate(values: Readonly<Record<string, Scalar>>): unknown;
}

interface MathJs {
  compile(text: string): { evaluate(scope: Record<string, unknown>): unknown };
}

let math: MathJs | undefined;

async function mathjs(): Promise<MathJs> {
  if (math) return math;
  const mod = (await import('mathjs')) as unknown as { create: (f: unknown) => MathJs; all: unknown };
  math = mod.create(mod.all);
  return math;
}

/** `{ 'mpu.lanes': 16 }` -> `{ mpu: { lanes: 16 } }`, so dotted paths read as property access. */
export function scopeOf(values: Readonly<Record<string, Scalar>>): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(values)) {
    const keys = path.split('.');
    let node = scope;
    for (const k of keys.slice(0, -1)) {
      if (!node[k] || typeof node[k] !== 'object') node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = v;
  }
  return scope;
}

/** Compile an expression; throws mathjs' message on a syntax error. */
export async function compileExpression(text: string): Promise<Expression> {
  const m = await mathjs();
  const code = m.compile(text);
  return {
    text,
    evaluate: (values) => {
      const r = code.evaluate(scopeOf(values));
      // mathjs returns its own number types for some expressions; plain values are what specs hold.
      if (r && typeof r === 'object' && 'valueOf' in r) return (r as { valueOf(): unknown }).valueOf();
      return r;
    },
  };
}
