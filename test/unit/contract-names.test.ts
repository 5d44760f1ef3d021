/** Every preset, model, stack and space the CLI contract names exists: the document users script against stays true. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../arch/project-root.js';

const root = projectRoot();
const contract = readFileSync(join(root, 'docs', 'cli-contract.md'), 'utf8');

/** The back-quoted names of the contract paragraph that starts with `label`, up to the next label or list item. */
function namesAfter(label: string, until: RegExp): string[] {
  const at = contract.indexOf(label);
  if (at < 0) throw new Error(`docs/cli-contract.md has no "${label}"`);
  const rest = contract.slice(at + label.length);
  const end = rest.search(until);
  return [...rest.slice(0, end < 0 ? undefined : end).matchAll(/`([a-z0-9][a-z0-9.-]*)`/g)].map((m) => m[1]);
}

describe('docs/cli-contract.md', () => {
  it('names arch presets that exist', () => {
    const names = namesAfter('Presets (at least): arch', /\n\s+Models:/).filter((n) => n !== 'engines');
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(existsSync(join(root, 'arch', 'presets', `${n}.yaml`)), n).toBe(true);
  });

  it('names model presets that exist', () => {
    const names = namesAfter('Models:', /;\s+`--model`/);
    expect(names.length).toBeGreaterThan(20);
    for (const n of names) expect(existsSync(join(root, 'workloads', 'presets', `${n}.json`)), n).toBe(true);
  });

  it('names GPU stacks the shared stack file defines', () => {
    const stacks = readFileSync(join(root, 'arch', 'presets', 'shared', 'gpu-stacks.yaml'), 'utf8');
    const names = namesAfter('GPU stacks:', /\(docs\/gpu\.md\)/);
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(stacks, n).toMatch(new RegExp(`^  ${n.replace(/[.-]/g, '\\$&')}:`, 'm'));
  });

  it('names example spaces that ship', () => {
    const names = namesAfter('Example spaces ship in `dse/spaces/` (at least', /\)\./).filter((n) => n.endsWith('.yaml'));
    expect(names.length).toBeGreaterThan(4);
    for (const n of names) expect(existsSync(join(root, 'dse', 'spaces', n)), n).toBe(true);
  });
});
