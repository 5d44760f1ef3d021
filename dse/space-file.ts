/**
 * Reading a space file: YAML with positions kept, so that every error names
 * the line and the field (`space.yaml: line 12 parameters.mpu.lanes: ...`).
 */
import type { Document, LineCounter } from 'yaml';
import { INPUT_LIMITS, readYamlInput } from '../arch/input-file.js';
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
function lineOf(src: SpaceSource, path: YamlPath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return src.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** How errors name a place in the space file: `line 12 parameters.mpu.lanes`. */
export function fieldAt(src: SpaceSource, path: YamlPath): string | undefined {
  const line = lineOf(src, path);
  const field = path.map(String).join('.');
  return [line ? `line ${line}` : '', field].filter(Boolean).join(' ') || undefined;
}

export function spaceError(src: SpaceSource, path: YamlPath, problem: string, fix?: string): UserError {
  return new UserError({ input: src.file, field: fieldAt(src, path), problem, fix });
}

export function readSpaceFile(file: string): { src: SpaceSource; raw: SpaceFile } {
  const { text, doc, lines, value } = readYamlInput(file, { what: 'space file', fix: 'check the path (shipped spaces are in dse/spaces/)', maxBytes: INPUT_LIMITS.yamlBytes });
  const src: SpaceSource = { file, text, doc, lines };
  const parsed = spaceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const d = describeIssue(issue, valueAt(value, issue.path));
    throw spaceError(src, issue.path as YamlPath, d.problem, fixFor(issue.path as YamlPath) ?? d.fix);
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
    case 'base':
      return 'write base: { arch: <preset or spec file>, model: <model>, devices: <n>, set: [path=value, ...] }';
    case 'baselines':
      return 'write - { label: <text>, arch: <GPU preset>, devices: <n>, stack: <stack>, set: [path=value] }';
    case 'derived':
      return 'write <path>: "<expression over parameter paths>"';
    case 'constraints':
      return 'write a list of comparisons, e.g. - "mpu.lanes * mpu.d <= 2048"';
    default:
      return undefined;
  }
}
