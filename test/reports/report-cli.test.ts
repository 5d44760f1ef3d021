import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('tasim report: bad input', () => {
  it('a missing run is one line naming it, exit 2', () => {
    const r = run('report', '/nonexistent/run', '-o', join(tmpdir(), 'x.html'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\/nonexistent\/run.*no such file/);
  });

  it('a malformed results.jsonl names the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-bad-run-'));
    writeFileSync(join(dir, 'results.jsonl'), '{"hash":"a","params":{"x":1},"metrics":{"latency_s":1,"energy_j":1},"feasible":true}\n{oops\n');
    const r = run('report', dir, '-o', join(dir, 'r.html'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/results\.jsonl.*line 2/);
  });

  it('an empty run says to let the sweep finish', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-empty-run-'));
    writeFileSync(join(dir, 'results.jsonl'), '');
    const r = run('report', dir, '-o', join(dir, 'r.html'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no designs/);
  });
});
