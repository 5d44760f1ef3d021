/**
 * N:M structured sparsity of weight matrices: at most N nonzeros in every
 * group of M consecutive weights along the reduction dimension (k). A plan is
 * either one pattern for every linear layer (`--sparsity 2:4`) or a per-layer
 * file (a common M, N per layer index and/or per op name), as sparsity-
 * inherited pruning produces. Attention products have no weights and stay
 * dense; the LM head (tied to the embedding table) stays dense too.
 */
import { UserError } from '../arch/user-error.js';
import { readYamlFile } from '../arch/yaml-file.js';
import { type LayerTable, checkLayerTable, lookupLayerTable, readLayerTable } from './layer-table.js';

export interface NmPattern {
  readonly n: number;
  readonly m: number;
}

/** Per-layer patterns sharing one M: N per layer and/or op (see layer-table.ts for the lookup order). */
export interface LayerSparsity extends LayerTable<number> {
  readonly m: number;
}

export type SparsitySpec = NmPattern | LayerSparsity;

/** How an engine stores the position of each kept weight (an arch parameter: bytes in memory depend on it). */
export type NmEncoding = 'index' | 'bitmask';

export function isLayerSparsity(s: SparsitySpec): s is LayerSparsity {
  return 'layers' in s;
}

export function patternText(p: NmPattern): string {
  return `${p.n}:${p.m}`;
}

export function samePattern(a: NmPattern | undefined, b: NmPattern | undefined): boolean {
  return a === b || (!!a && !!b && a.n === b.n && a.m === b.m);
}

/** Check a pattern; `input`/`field` name it in the error. */
export function checkPattern(p: NmPattern, input: string, field: string): NmPattern {
  const ok = Number.isInteger(p.n) && Number.isInteger(p.m) && p.n >= 1 && p.m >= 1 && p.n <= p.m;
  if (!ok) throw new UserError({ input, field, problem: `${p.n}:${p.m} is not an N:M pattern (need whole numbers 1 <= N <= M)`, fix: 'write e.g. 2:4 or 1:8' });
  if (p.m > 64) throw new UserError({ input, field, problem: `M = ${p.m} is larger than any engine groups weights`, fix: 'use M <= 64 (typically 4, 8 or 16)' });
  return { n: p.n, m: p.m };
}

const PATTERN = /^\s*(\d+)\s*:\s*(\d+)\s*$/;

export function parsePattern(text: string, input: string, field = text): NmPattern {
  const r = PATTERN.exec(text);
  if (!r) throw new UserError({ input, field, problem: `cannot read "${text}" as an N:M pattern`, fix: 'write N:M, e.g. 2:4, or give a per-layer YAML file' });
  return checkPattern({ n: Number(r[1]), m: Number(r[2]) }, input, field);
}

/** `--sparsity` value: "N:M" or the path of a per-layer YAML/JSON file. */
export function readSparsityArg(text: string): SparsitySpec {
  if (PATTERN.test(text)) return parsePattern(text, '--sparsity');
  if (/^\s*[-+]?[\d.e]+\s*:\s*[-+]?[\d.e]+\s*$/i.test(text))
    throw new UserError({
      input: '--sparsity',
      field: text,
      problem: `${text.trim()} is not an N:M pattern (need whole numbers 1 <= N <= M)`,
      fix: 'write e.g. --sparsity 2:4 or 1:8',
    });
  if (/\.(ya?ml|json)$/i.test(text) || /[\\/]/.test(text)) return readSparsityFile(text);
  throw new UserError({ input: '--sparsity', field: text, problem: 'neither an N:M pattern nor a .yaml/.json file', fix: 'write e.g. --sparsity 2:4 or --sparsity layers.yaml' });
}

export function readSparsityFile(file: string): LayerSparsity {
  const raw = readYamlFile(file, 'the --sparsity path', 'sparsity plan');
  return layerSparsityFrom(raw, file);
}

/**
 * Validate a per-layer tree:
 *   m: 8
 *   default: 4            # optional: N for layers/ops not listed (absent = dense)
 *   layers: { 0: 6, "1-3": 4, 11: { ffn_1: 2 } }
 *   ops: { ffn_1: 2, ffn_2: 2 }
 */
export function layerSparsityFrom(raw: unknown, input: string): LayerSparsity {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UserError({ input, problem: 'a per-layer sparsity file must be a mapping', fix: 'start with "m: <M>" and give "layers:" and/or "ops:"' });
  const t = raw as Record<string, unknown>;
  for (const k of Object.keys(t)) {
    if (!['m', 'default', 'layers', 'ops'].includes(k)) throw new UserError({ input, field: k, problem: 'unknown field', fix: 'use m, default, layers and ops' });
  }
  const m = t.m;
  if (typeof m !== 'number') throw new UserError({ input, field: 'm', problem: 'missing or not a number', fix: 'give the common group size, e.g. m: 8' });
  checkPattern({ n: 1, m }, input, 'm');
  const table = readLayerTable(t, input, (v, field) => {
    if (typeof v !== 'number') throw new UserError({ input, field, problem: `expected N (a whole number), got ${JSON.stringify(v)}`, fix: `give N with 1 <= N <= ${m}` });
    checkPattern({ n: v, m }, input, field);
    return v;
  });
  return { ...table, m };
}

/** The pattern of one linear op of layer `layer`, or undefined (dense). */
export function patternAt(s: SparsitySpec | undefined, layer: number, op: string): NmPattern | undefined {
  if (!s) return undefined;
  if (!isLayerSparsity(s)) return s;
  const n = lookupLayerTable(s, layer, op);
  return n === undefined ? undefined : { n, m: s.m };
}

/** Check that a per-layer plan names only layers the model has. */
export function checkPlanFits(s: SparsitySpec | undefined, layers: number, opNames: readonly string[]): void {
  if (s && isLayerSparsity(s)) checkLayerTable(s, layers, opNames);
}

/** Kept weights per output column: N in each full group, at most N in a trailing partial group. */
export function nonzerosPerColumn(k: number, p: NmPattern | undefined): number {
  if (!p) return k;
  return Math.floor(k / p.m) * p.n + Math.min(p.n, k % p.m);
}

/** Metadata bits per kept weight (index) or per group (bitmask); 0 when nothing is pruned (N = M). */
export function metadataBits(k: number, nOut: number, p: NmPattern | undefined, encoding: NmEncoding): number {
  if (!p || p.n === p.m) return 0;
  if (encoding === 'index') return nonzerosPerColumn(k, p) * nOut * Math.ceil(Math.log2(p.m));
  return Math.ceil(k / p.m) * p.m * nOut;
}

export function metadataBytes(k: number, nOut: number, p: NmPattern | undefined, encoding: NmEncoding): number {
  return Math.ceil(metadataBits(k, nOut, p, encoding) / 8);
}
