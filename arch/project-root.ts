/** The folder holding the package's data files, from both `dist/` and the TypeScript sources. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tasim') {
      root = dir;
      return root;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('tasim package root not found');
    dir = up;
  }
}
