/**
 * Derived parameters and constraints are mathjs expressions over the
 * parameters, written with their paths: `mpu.lanes * mpu.d <= 2048`.
 * mathjs is loaded only when a space has expressions.
 *
 * A space file may come from anyone, so an expression is a small formula and
 * nothing more: at most EXPRESSION_LIMITS.chars characters and .nodes nodes,
 * numbers, text, the space's own names, arithmetic, comparisons, logic, `?:`
 * and a list of scalar functions. Matrices, ranges, assignments, function
 * definitions, units and every function that allocates or evaluates code
 * (`range`, `zeros`, `evaluate`, `import`, ...) are refused when the space is
 * read, so each evaluation costs a bounded number of scalar operations. Every
 * evaluation is type-checked (a constraint gives true or false, a derived
 * value a finite number, text or a boolean) and timed.
 */
import { mathjs } from '../arch/mathjs.js';
import { UserError } from '../arch/user-error.js';
import type { Scalar } from './parameters.js';

export const EXPRESSION_LIMITS = {
  /** Characters of one expression. */
  chars: 1000,
  /** Syntax-tree nodes of one expression. */
  nodes: 200,
  /** Milliseconds one evaluation may take (a whitelisted formula takes microseconds). */
  evaluationMs: 100,
} as const;

/** Scalar functions an expression may call: each is O(1) on numbers. */
export const EXPRESSION_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs',
  'ceil',
  'floor',
  'round',
  'fix',
  'sign',
  'sqrt',
  'cbrt',
  'exp',
  'log',
  'log2',
  'log10',
  'pow',
  'mod',
  'min',
  'max',
  'hypot',
  'isInteger',
  'equalText',
  'compareText',
]);
/** Operators (mathjs function names) an expression may use. */
const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'mod',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'equal',
  'unequal',
  'smaller',
  'larger',
  'smallerEq',
  'largerEq',
  'and',
  'or',
  'xor',
  'not',
]);
const CONSTANTS = new Set(['pi', 'e', 'true', 'false']);
const NODES = new Set(['ConstantNode', 'SymbolNode', 'AccessorNode', 'IndexNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode', 'RelationalNode']);

/** Where an expression is written, for errors: the space file and `line N constraints.0`. */
export interface ExpressionSite {
  readonly input: string;
  readonly field: string;
}

export interface Expression {
  readonly text: string;
  /** The value on these parameter values; a constraint's is a boolean. Throws a UserError naming the design otherwise. */
  evaluate(values: Readonly<Record<string, Scalar>>): Scalar;
}

interface MathNode {
  type: string;
  name?: string;
  fn?: string | MathNode;
  op?: string;
  object?: MathNode;
  index?: { dotNotation?: boolean; isObjectProperty(): boolean; getObjectProperty(): string };
  traverse(cb: (node: MathNode, path: string, parent: MathNode | null) => void): void;
  compile(): { evaluate(scope: Record<string, unknown>): unknown };
}

/** Paths split at their dots, once per path (a sweep builds a scope per design). */
const splitPaths = new Map<string, readonly string[]>();

/** `{ 'mpu.lanes': 16 }` -> `{ mpu: { lanes: 16 } }`, so dotted paths read as property access. */
function scopeOf(values: Readonly<Record<string, Scalar>>): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const path in values) {
    if (!Object.hasOwn(values, path)) continue;
    let keys = splitPaths.get(path);
    if (!keys) {
      keys = path.split('.');
      splitPaths.set(path, keys);
    }
    let node = scope;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      const k = keys[i];
      const next = Object.hasOwn(node, k) ? node[k] : undefined;
      if (!next || typeof next !== 'object') node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[last]] = values[path];
  }
  return scope;
}

/** The dotted path an accessor chain names (`mpu.lanes`), or undefined when it is not a plain chain of names. */
function accessPath(n: MathNode): string | undefined {
  if (n.type === 'SymbolNode') return n.name;
  if (n.type === 'AccessorNode' && n.object && n.index?.dotNotation && n.index.isObjectProperty()) {
    const head = accessPath(n.object);
    return head === undefined ? undefined : `${head}.${n.index.getObjectProperty()}`;
  }
  return undefined;
}

function describeDesign(values: Readonly<Record<string, Scalar>>): string {
  const text = Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * Compile an expression over `names` (the parameter and derived paths it may
 * use). Throws a UserError at `site` for anything outside the allowed formula language.
 */
export async function compileExpression(text: string, opts: { names: readonly string[]; site: ExpressionSite; result: 'boolean' | 'scalar' }): Promise<Expression> {
  const { site } = opts;
  const refuse = (problem: string, fix: string) => new UserError({ input: site.input, field: site.field, problem, fix });
  if (text.length > EXPRESSION_LIMITS.chars)
    throw refuse(`the expression has ${text.length} characters, more than ${EXPRESSION_LIMITS.chars}`, 'write a shorter formula, or split it into derived values');
  let root: MathNode;
  try {
    root = mathjs().parse(text) as unknown as MathNode;
  } catch (e) {
    throw refuse(`cannot read the expression "${text}": ${(e as Error).message}`, 'write e.g. "mpu.lanes * mpu.d <= 2048"');
  }
  const names = new Set(opts.names);
  const listed = () => [...names].slice(0, 30).join(', ') || '(none)';
  let nodes = 0;
  root.traverse((n, path, parent) => {
    if (++nodes > EXPRESSION_LIMITS.nodes)
      throw refuse(`the expression has more than ${EXPRESSION_LIMITS.nodes} terms`, 'write a shorter formula, or split it into derived values');
    if (!NODES.has(n.type))
      throw refuse(
        `"${text}" uses ${n.type.replace(/Node$/, '').toLowerCase()} syntax, which expressions do not allow`,
        'use numbers, names, arithmetic, comparisons, and/or/not, ?: and scalar functions (docs/limits.md)',
      );
    if (n.type === 'OperatorNode' && !OPERATORS.has(String(n.fn)))
      throw refuse(`"${text}" uses the operator ${n.op ?? String(n.fn)}, which expressions do not allow`, 'use + - * / % ^, comparisons and and/or/not/xor');
    if (n.type === 'FunctionNode') {
      const fn = n.fn as MathNode;
      if (fn.type !== 'SymbolNode' || !EXPRESSION_FUNCTIONS.has(fn.name ?? ''))
        throw refuse(`"${text}" calls ${accessPath(fn) ?? 'a computed function'}, which expressions may not call`, `use only ${[...EXPRESSION_FUNCTIONS].join(', ')}`);
    }
    // `a[1]` (an IndexNode without dot notation) is refused with its accessor below.
    if (n.type === 'AccessorNode') {
      if (parent?.type === 'AccessorNode' && path === 'object') return; // checked as part of the outer chain
      const p = accessPath(n);
      if (p === undefined) throw refuse(`"${text}" indexes a value with [...], which expressions do not allow`, 'name parameters by their dotted path, e.g. mpu.lanes');
      if (!names.has(p)) throw refuse(`"${text}" uses ${p}, which is not a parameter or an earlier derived value`, `use one of: ${listed()}`);
    }
    if (n.type === 'SymbolNode') {
      if (parent?.type === 'FunctionNode' && path === 'fn') return;
      if (parent?.type === 'AccessorNode' && path === 'object') return;
      const name = n.name ?? '';
      if (!names.has(name) && !CONSTANTS.has(name))
        throw refuse(
          `"${text}" uses ${name}, which is not a parameter or an earlier derived value (units such as MHz are not allowed either)`,
          `use one of: ${listed()}; write quantities in the unit the parameter is given in`,
        );
    }
  });
  const code = root.compile();
  return {
    text,
    evaluate: (values) => {
      const started = performance.now();
      let r: unknown;
      try {
        r = code.evaluate(scopeOf(values));
      } catch (e) {
        throw refuse(`cannot evaluate "${text}" for design ${describeDesign(values)}: ${(e as Error).message}`, 'make the formula valid for every combination of values');
      }
      if (performance.now() - started > EXPRESSION_LIMITS.evaluationMs)
        throw refuse(`"${text}" took more than ${EXPRESSION_LIMITS.evaluationMs} ms to evaluate`, 'write a simpler formula');
      if (opts.result === 'boolean') {
        if (typeof r !== 'boolean')
          throw refuse(`"${text}" gives ${show(r)} for design ${describeDesign(values)}, not true or false`, 'write a comparison, e.g. "mpu.lanes * mpu.d <= 2048"');
        return r;
      }
      if (typeof r === 'boolean' || typeof r === 'string' || (typeof r === 'number' && Number.isFinite(r))) return r;
      throw refuse(
        `"${text}" gives ${show(r)} for design ${describeDesign(values)}, not a finite number, text or true/false`,
        'make the formula give a finite number for every combination of values',
      );
    },
  };
}

function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object') return `a ${(v as { type?: string }).type ?? (v as object).constructor?.name ?? 'value'}`;
  return JSON.stringify(v) ?? String(v);
}
