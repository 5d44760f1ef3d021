import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('reports/ layering', () => {
  const all = files(join(process.cwd(), 'reports'));

  it('imports sim/ and dse/ for types only: the CLI passes the data in', () => {
    for (const f of all) {
      for (const m of readFileSync(f, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
        if (/\/(sim|dse|cli)\//.test(m[2])) expect(m[1], `${f} imports ${m[2]} at run time`).toBe('type ');
      }
    }
  });

  it('page modules import only each other at run time (they are joined into one inline script)', () => {
    for (const f of all.filter((x) => x.includes(`${join('reports', 'page')}/`))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
        if (!m[1]) expect(m[2], `${f}`).toMatch(/^\.\/[\w-]+\.js$/);
      }
    }
  });
});
