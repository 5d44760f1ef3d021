/** Reading a user's YAML or JSON file, with a one-line error naming the line. */
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { UserError } from './user-error.js';

export function readYamlFile(file: string, what = 'the path'): unknown {
  if (!existsSync(file)) throw new UserError({ input: file, problem: 'file not found', fix: `check ${what}` });
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new UserError({ input: file, field: line ? `line ${line}` : undefined, problem: `not valid YAML/JSON: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?/, '')}`, fix: 'correct the syntax at that line' });
  }
  return doc.toJS();
}
