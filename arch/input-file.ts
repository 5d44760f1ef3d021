/**
 * The one boundary every user file crosses (arch specs, space files, model
 * configs, compression plans, request traces): a file that is not a regular
 * file, or is larger than its kind allows, is refused before it is read; YAML
 * is parsed with bounded aliases and depth, duplicate keys and keys that
 * would reach Object.prototype are refused with their line, and what comes
 * out is plain data (objects, arrays, strings, finite numbers, booleans, null).
 */
import { readFileSync, type Stats, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import { isForbiddenKey } from './safe-keys.js';

/** The YAML library, loaded when a YAML file is first read (presets are compiled JSON: most commands read none). */
let yamlLib: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlLib;
}
import { UserError } from './user-error.js';

export const INPUT_LIMITS = {
  /** YAML files (specs, spaces, compression plans): presets are ~5 kB, the largest per-layer plan tens of kB. */
  yamlBytes: 256 * 1024,
  /** JSON model configs (HuggingFace config.json with label maps reach a few hundred kB). */
  jsonBytes: 4 * 1024 * 1024,
  /** Request traces (CSV or JSON lines of token counts). */
  traceBytes: 64 * 1024 * 1024,
  /** Nesting of mappings and lists. */
  depth: 32,
  /** Alias expansions in one YAML document. */
  aliases: 100,
} as const;

export interface InputFile {
  /** What the file is, for messages ("spec file", "space file"). */
  readonly what: string;
  /** How to fix a missing or wrong path ("check the --sparsity path"). */
  readonly fix: string;
  readonly maxBytes: number;
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n / 1024} KiB`;
}

/** Refuse what is not a readable regular file of at most `maxBytes`, without reading it. */
export function checkInputFile(file: string, kind: InputFile): void {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError({ input: file, problem: `${kind.what} not found`, fix: kind.fix });
    throw new UserError({ input: file, problem: `cannot be read (${code ?? (e as Error).message})`, fix: 'check the path and its permissions' });
  }
  if (st.isDirectory()) throw new UserError({ input: file, problem: `is a directory, not a ${kind.what}`, fix: `give the path of a ${kind.what} inside it` });
  if (!st.isFile())
    throw new UserError({ input: file, problem: `is not a regular file (a device, pipe or socket), so it cannot be a ${kind.what}`, fix: `give a ${kind.what} saved on disk` });
  if (st.size > kind.maxBytes)
    throw new UserError({
      input: file,
      problem: `is ${st.size} bytes, more than the ${mib(kind.maxBytes)} a ${kind.what} may have`,
      fix: `check the path: a ${kind.what} is a small text file (see docs/limits.md)`,
    });
}

export function readInputText(file: string, kind: InputFile): string {
  checkInputFile(file, kind);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError({ input: file, problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'check the path and its permissions' });
  }
}

export interface ParsedYaml {
  readonly text: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly value: unknown;
}

/** Parse YAML (or JSON, a subset) text of `file` into plain data; every problem is a UserError with its line. */
function parseYamlText(text: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  // Duplicate keys are checked below in one pass: the parser's own check is quadratic in the keys of a mapping.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  // How errors name a place: `line 12 mpu.lanes`.
  const place = (offset: number | undefined, path: string) => [offset === undefined ? '' : `line ${lines.linePos(offset).line}`, path].filter(Boolean).join(' ') || undefined;
  if (doc.errors.length) {
    const e = doc.errors[0];
    const problem = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?/, '');
    throw new UserError({ input: file, field: place(e.pos[0], ''), problem: `not valid YAML: ${problem}`, fix: 'correct the syntax at that line' });
  }
  checkYamlNodes(doc, file, (node, path) => place((node as { range?: [number, number, number] } | null | undefined)?.range?.[0], path));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: INPUT_LIMITS.aliases });
  } catch (e) {
    throw new UserError({
      input: file,
      problem: `its aliases cannot be expanded (${(e as Error).message.split('\n')[0]})`,
      fix: `write the values out: at most ${INPUT_LIMITS.aliases} alias expansions, and no anchor inside its own value`,
    });
  }
  checkPlainTree(value, file);
  return { text, doc, lines, value };
}

/** Keys, duplicates, depth and self-referencing aliases, on the syntax tree (so errors have lines). */
function checkYamlNodes(doc: Document, file: string, place: (node: unknown, path: string) => string | undefined): void {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  const ancestors: unknown[] = [];
  const walk = (node: unknown, path: string): void => {
    if (ancestors.length > INPUT_LIMITS.depth) {
      throw new UserError({
        input: file,
        field: place(node, path),
        problem: `nested deeper than ${INPUT_LIMITS.depth} levels`,
        fix: 'flatten the structure: specs, spaces and plans are a few levels deep',
      });
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target && ancestors.includes(target)) {
        throw new UserError({
          input: file,
          field: place(node, path),
          problem: `alias *${node.source} refers to a value that contains it (a recursive structure)`,
          fix: 'write the value out instead of the alias',
        });
      }
      return;
    }
    ancestors.push(node);
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        if (!isScalar(k) || (k.value !== null && typeof k.value === 'object')) {
          throw new UserError({ input: file, field: place(k, path), problem: 'a key must be plain text, not a list or mapping', fix: 'write the key as a word, e.g. "clock:"' });
        }
        const key = String(k.value);
        const keyPath = path ? `${path}.${key}` : key;
        if (isForbiddenKey(key))
          throw new UserError({ input: file, field: place(k, keyPath), problem: `"${key}" cannot be a key`, fix: 'remove it: no spec, space, model or plan has such a field' });
        if (seen.has(key)) throw new UserError({ input: file, field: place(k, keyPath), problem: `"${key}" is given twice in the same mapping`, fix: 'keep one of them' });
        seen.add(key);
        walk(pair.value, keyPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, `${path}[${i}]`);
      });
    }
    ancestors.pop();
  };
  walk(doc.contents, '');
}

/**
 * Check parsed data is plain: objects with the ordinary or no prototype and
 * no forbidden own keys, arrays, strings, finite numbers, booleans and null,
 * nested at most INPUT_LIMITS.depth deep (which also refuses cycles).
 */
export function checkPlainTree(value: unknown, input: string): void {
  const walk = (v: unknown, path: string, depth: number): void => {
    const field = path || undefined;
    if (depth > INPUT_LIMITS.depth)
      throw new UserError({
        input,
        field,
        problem: `nested deeper than ${INPUT_LIMITS.depth} levels`,
        fix: 'flatten the structure: specs, spaces, models and plans are a few levels deep',
      });
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new UserError({ input, field, problem: `${String(v)} is not a finite number`, fix: 'write a finite number' });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${path}[${i}]`, depth + 1);
      });
      return;
    }
    const proto = v && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
    if (proto !== Object.prototype && proto !== null) {
      throw new UserError({
        input,
        field,
        problem: `holds a value of a kind specs do not use (${typeName(v)})`,
        fix: 'write plain mappings, lists, text, numbers and booleans (no YAML 1.1 tags such as !!set, !!omap, !!binary or timestamps)',
      });
    }
    for (const k of Object.keys(v as object)) {
      const p = path ? `${path}.${k}` : k;
      if (isForbiddenKey(k)) throw new UserError({ input, field: p, problem: `"${k}" cannot be a key`, fix: 'remove it: no spec, space, model or plan has such a field' });
      walk((v as Record<string, unknown>)[k], p, depth + 1);
    }
  };
  walk(value, '', 0);
}

function typeName(v: unknown): string {
  if (v instanceof Date) return 'a date';
  if (v instanceof Map) return 'an ordered map';
  if (v instanceof Set) return 'a set';
  if (v instanceof Uint8Array) return 'binary data';
  return typeof v;
}

/** A YAML (or JSON) user file as plain data. */
export function readYamlInput(file: string, kind: InputFile): ParsedYaml {
  return parseYamlText(readInputText(file, kind), file);
}

/** A JSON user file as plain data. */
export function readJsonInput(file: string, kind: InputFile): unknown {
  const text = readInputText(file, kind);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    // V8 quotes the text around the mistake; the position is enough, and YAML given as JSON gets a hint.
    const pos = /position (\d+)/.exec(msg)?.[1];
    const line = pos !== undefined ? text.slice(0, Number(pos)).split('\n').length : undefined;
    const yamlLike = /^\s*[\w-]+\s*:/m.test(text) && !text.trimStart().startsWith('{');
    throw new UserError({
      input: file,
      field: line ? `line ${line}` : undefined,
      problem: yamlLike ? 'not valid JSON (it looks like YAML)' : `not valid JSON (${msg.replace(/, "[\s\S]*$/, '').replace(/ in JSON at position \d+.*$/, '')})`,
      fix: `write the ${kind.what} as JSON, e.g. {"n_layer": 12, ...}`,
    });
  }
  checkPlainTree(value, file);
  return value;
}
