/** Reading a user's YAML or JSON file (specs, compression plans) through the input boundary. */
import { INPUT_LIMITS, readYamlInput } from './input-file.js';

export function readYamlFile(file: string, what = 'the path', kind = 'file'): unknown {
  return readYamlInput(file, { what: kind, fix: `check ${what}`, maxBytes: INPUT_LIMITS.yamlBytes }).value;
}
