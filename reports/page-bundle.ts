/**
 * The page script: the compiled modules of reports/page/ joined into one
 * classic script, so the HTML needs no module loader and no network. Page
 * modules import each other only by relative named imports and keep their
 * top-level names unique, so dropping the import lines and the `export`
 * keywords, in dependency order, inside one function scope is exact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../arch/project-root.js';

const IMPORT = /^import\s[^;]*?from\s*['"]\.\/([\w-]+)\.js['"];?[ \t]*$/gm;

let cached: string | undefined;

export function pageScript(): string {
  if (cached) return cached;
  const dir = join(projectRoot(), 'dist', 'reports', 'page');
  if (!existsSync(join(dir, 'main.js'))) throw new Error(`report page scripts not built (${dir}/main.js missing): run npm run build`);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (seen.has(name)) return;
    if (path.includes(name)) throw new Error(`report page modules import each other in a cycle: ${[...path, name].join(' -> ')}`);
    const src = readFileSync(join(dir, `${name}.js`), 'utf8');
    for (const m of src.matchAll(IMPORT)) visit(m[1], [...path, name]);
    seen.add(name);
    order.push(name);
  };
  visit('main', []);
  const body = order.map((n) => `// ---- ${n}\n${strip(readFileSync(join(dir, `${n}.js`), 'utf8'))}`).join('\n');
  cached = `(function () {\n'use strict';\n${body}\n})();`;
  return cached;
}

function strip(src: string): string {
  return src
    .replace(IMPORT, '')
    .replace(/^export\s*\{\s*\};?[ \t]*$/gm, '')
    .replace(/^export (?=(async )?function|const|let|class)/gm, '');
}

let d3Cached: string | undefined;

/** d3's UMD build, read from the installed package at generation time. */
export function d3Source(): string {
  if (d3Cached) return d3Cached;
  const candidates = [join(projectRoot(), 'node_modules', 'd3', 'dist', 'd3.min.js')];
  try {
    const mjs = import.meta.resolve('d3');
    candidates.push(join(new URL('.', mjs).pathname, 'd3.min.js'));
  } catch {
    // resolution is only a fallback for installs where d3 is hoisted elsewhere
  }
  const f = candidates.find((c) => existsSync(c));
  if (!f) throw new Error('d3 not installed: run npm ci');
  d3Cached = readFileSync(f, 'utf8');
  return d3Cached;
}
