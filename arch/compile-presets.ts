/**
 * Build step: read every arch preset, resolve extends/board, and convert unit
 * strings to { si: n } so that loading a preset at run time needs no unit
 * parser (mathjs takes most of a second to load).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { siTree } from './quantity.js';
import { projectRoot } from './project-root.js';
import { presetNames, readRawSpec, type RawTree } from './read-spec.js';

async function main(): Promise<void> {
  const out: Record<string, RawTree> = {};
  for (const name of presetNames()) {
    const { tree } = readRawSpec(name);
    out[name] = await siTree(tree);
  }
  const file = join(projectRoot(), 'dist', 'arch', 'presets.compiled.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out));
}

await main();
