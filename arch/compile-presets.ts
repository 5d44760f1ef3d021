/**
 * Build step: read every arch preset, resolve extends/board, and convert unit
 * strings to { si: n } so that loading a preset at run time needs no unit
 * parser (mathjs takes most of a second to load).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSourcedLeaf } from './provenance.js';
import { DIMENSIONS, prepareQuantities, readQuantity, type Dimension } from './quantity.js';
import { projectRoot } from './project-root.js';
import { presetNames, readRawSpec, type RawTree } from './read-spec.js';

async function main(): Promise<void> {
  const out: Record<string, RawTree> = {};
  for (const name of presetNames()) {
    const { tree } = readRawSpec(name);
    await prepareQuantities(tree);
    out[name] = convert(tree) as RawTree;
  }
  const file = join(projectRoot(), 'dist', 'arch', 'presets.compiled.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out));
}

const DIMS = Object.keys(DIMENSIONS) as Dimension[];

function convert(v: unknown): unknown {
  if (isSourcedLeaf(v)) return { ...v, value: convert(v.value) };
  if (typeof v === 'string' && /^\s*[-+]?[\d.]+(e[-+]?\d+)?\s*[A-Za-z$µ]/.test(v)) {
    for (const d of DIMS) {
      const r = readQuantity(v, d);
      if (r.ok) return { si: r.value };
    }
    return v;
  }
  if (Array.isArray(v)) return v.map(convert);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
  return v;
}

await main();
