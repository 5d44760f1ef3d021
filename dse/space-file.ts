/**
 * Reading a space file: YAML with positions kept, so that every error names
 * the line and the field (`space.yaml: line 12 parameters.mpu.lanes: ...`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { describeIssue, valueAt } from '../arch/schema-issue.js';
import { UserError } from '../arch/user-error.js';
import { spaceSchema, type SpaceFile } from './space-schema.js';

export type YamlPath = readonly (string | number)[];

export interface SpaceSource {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
}

/** The line of the deepest node of `path` present in the document. */
export function lineOf(src: SpaceSource, path: YamlPath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return src.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

export function spaceError(src: SpaceSource, path: YamlPath, problem: string, fix?: string): UserError {
  const line = lineOf(src, path);
  const field = path.map(String).join('.');
  return new UserError({ input: src.file, field: [line ? `line ${line}` : '', field].filter(Boolean).join(' ') || undefined, problem, fix });
}

export function readSpaceFile(file: string): { src: SpaceSource; raw: SpaceFile } {
  if (!existsSync(file)) throw new UserError({ input: file, problem: 'space file not found', fix: 'check the path (shipped spaces are in dse/spaces/)' });
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const src: SpaceSource = { file, text, doc, lines };
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = lines.linePos(e.pos[0]).line;
    throw new UserError({ input: file, field: line ? `line ${line}` : undefined, problem: `not valid YAML: ${e.message.split('\n')[0]}`, fix: 'correct the syntax at that line' });
  }
  const parsed = spaceSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const d = describeIssue(issue, valueAt(doc.toJS(), issue.path));
    const problem = issue.code === 'invalid_union' ? `${issue.message}: see docs/dse.md for the accepted forms` : d.problem;
    throw spaceError(src, issue.path as YamlPath, problem, fixFor(issue.path as YamlPath) ?? d.fix);
  }
  return { src, raw: parsed.data };
}

function fixFor(path: YamlPath): string | undefined {
  switch (path[0]) {
    case 'parameters':
      return 'write a list of values, { values: [...], unit }, { range: { from, to, step | count } } or { log_range: { from, to, factor | count } }';
    case 'objectives':
      return 'write "- latency_s" or "- { metric: tokens_per_j, goal: max }", at least two';
    case 'strategy':
      return 'kind: grid | random (samples, seed) | lhs (samples, seed) | nsga2 (population, evaluations, seed)';
    case 'requests':
    case 'mixes':
      return 'write a list of { input, output, weight, batch } or { trace: file.csv, bucket }';
    default:
      return undefined;
  }
}
