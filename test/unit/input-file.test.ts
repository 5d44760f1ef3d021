/** The input boundary every user file crosses: what it refuses before reading, and what it refuses in YAML and JSON. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS, checkPlainTree, readJsonInput, readYamlInput } from '../../arch/input-file.js';
import { isUserError } from '../../arch/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'tasim-input-'));
const kind = { what: 'spec file', fix: 'check the path', maxBytes: INPUT_LIMITS.yamlBytes };
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const yamlError = (text: string) => errorOf(() => readYamlInput(file(`y${Math.random().toString(36).slice(2)}.yaml`, text), kind));
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!isUserError(e)) throw e;
    return e.message;
  }
  return 'no error';
}

describe('the input boundary', () => {
  it('refuses a directory, a device and an oversized file before reading them', () => {
    mkdirSync(join(dir, 'sub'));
    expect(errorOf(() => readYamlInput(join(dir, 'sub'), kind))).toMatch(/sub: is a directory, not a spec file\. Fix:/);
    expect(errorOf(() => readYamlInput('/dev/zero', kind))).toMatch(/\/dev\/zero: is not a regular file .*Fix:/);
    expect(errorOf(() => readYamlInput(file('big.yaml', 'x'.repeat(INPUT_LIMITS.yamlBytes + 1)), kind))).toMatch(
      /is 262145 bytes, more than the 256 KiB a spec file may have\. Fix:/,
    );
    expect(errorOf(() => readYamlInput(join(dir, 'missing.yaml'), kind))).toMatch(/spec file not found\. Fix: check the path/);
  });

  it('refuses alias bombs and aliases that contain themselves', () => {
    const bomb = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    expect(yamlError(bomb)).toMatch(/its aliases cannot be expanded .*Fix: write the values out/);
    expect(yamlError('a: &a [*a]\n')).toMatch(/line 1 a\[0\]: alias \*a refers to a value that contains it/);
    expect(yamlError('m: &m { x: *m }\n')).toMatch(/alias \*m refers to a value that contains it/);
    // Aliases to values beside them are fine.
    expect(readYamlInput(file('ok-alias.yaml', 'a: &a { x: 1 }\nb: *a\n'), kind).value).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('refuses prototype keys and duplicate keys with their line', () => {
    expect(yamlError('clock: 1\n__proto__: { x: 1 }\n')).toMatch(/line 2 __proto__: "__proto__" cannot be a key/);
    expect(yamlError('mpu:\n  constructor: 1\n')).toMatch(/line 2 mpu\.constructor: "constructor" cannot be a key/);
    expect(yamlError('a: { prototype: 1 }\n')).toMatch(/a\.prototype: "prototype" cannot be a key/);
    expect(yamlError('clock: 1\nclock: 2\n')).toMatch(/line 2 clock: "clock" is given twice/);
    expect(yamlError('? [a, b]\n: 1\n')).toMatch(/a key must be plain text/);
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('refuses deep nesting, non-finite numbers and YAML 1.1 types', () => {
    expect(yamlError(`${'['.repeat(100)}${']'.repeat(100)}`)).toMatch(/nested deeper than 32 levels/);
    expect(yamlError('a: .inf\n')).toMatch(/a: Infinity is not a finite number/);
    expect(yamlError('a: .nan\n')).toMatch(/NaN is not a finite number/);
    expect(yamlError('%YAML 1.1\n---\na: !!set { x, y }\n')).toMatch(/a: holds a value of a kind specs do not use \(a set\)/);
    expect(yamlError('%YAML 1.1\n---\na: 2001-12-14t21:59:43.10-05:00\n')).toMatch(/\(a date\)/);
  });

  it('reads JSON model configs through the same checks, with one line for YAML given as JSON', () => {
    const json = { what: 'model config', fix: 'check the --model path', maxBytes: INPUT_LIMITS.jsonBytes };
    expect(errorOf(() => readJsonInput(file('m.json', 'n_layer: 12\nn_embd: 768\n'), json))).toMatch(
      /m\.json: not valid JSON \(it looks like YAML\)\. Fix: write the model config as JSON/,
    );
    expect(errorOf(() => readJsonInput(file('m2.json', '{"n_layer": 12,'), json))).not.toMatch(/\n/);
    expect(errorOf(() => readJsonInput(file('m3.json', '{"__proto__": {"x": 1}}'), json))).toMatch(/__proto__: "__proto__" cannot be a key/);
    expect(errorOf(() => checkPlainTree(JSON.parse('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'), 'x'))).toMatch(/nested deeper/);
    expect(Object.prototype).not.toHaveProperty('x');
  });
});
