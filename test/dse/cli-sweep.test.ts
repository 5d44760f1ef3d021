/** End to end through the built CLI (npm test builds first): sweep, kill -9, resume, shards, merge, errors. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const fixture = (name: string) => join(__dirname, 'fixtures', name);
const tmp = () => mkdtempSync(join(tmpdir(), 'tasim-cli-'));
const tasim = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
const lines = (dir: string) => (existsSync(join(dir, 'results.jsonl')) ? readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean) : []);
const hashes = (dir: string) => lines(dir).map((l) => (JSON.parse(l) as { hash: string }).hash);
const pareto = (dir: string) => readFileSync(join(dir, 'pareto.json'), 'utf8');

describe('tasim sweep (built CLI)', () => {
  it('killed with SIGKILL mid-sweep and resumed ends with exactly the designs and front of an uninterrupted run', async () => {
    const whole = tmp();
    const r = tasim('sweep', fixture('medium.yaml'), '--out', whole, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sweep: \d+\/576 designs \(\d+ %\), [\d.]+ designs\/s, ETA/); // plain progress lines off a terminal
    const total = hashes(whole).length;
    expect(total).toBe(576);

    const cut = tmp();
    const child = spawn(process.execPath, [cli, 'sweep', fixture('medium.yaml'), '--out', cut, '--workers', '1', '--quiet'], { cwd: root, stdio: 'ignore' });
    let running = true;
    const exited = new Promise<NodeJS.Signals | null>((res) =>
      child.on('exit', (_code, sig) => {
        running = false;
        res(sig);
      }),
    );
    while (running && lines(cut).length < 80) await new Promise((res) => setTimeout(res, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = hashes(cut).length;
    expect(before).toBeLessThan(total);

    const resumed = tasim('sweep', fixture('medium.yaml'), '--out', cut, '--workers', '2', '--resume', '--quiet');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${total - before} evaluated now, ${before} already done`));
    const after = hashes(cut);
    expect(after).toHaveLength(total);
    expect(new Set(after).size).toBe(total);
    expect([...after].sort()).toEqual([...hashes(whole)].sort());
    expect(pareto(cut)).toBe(pareto(whole));
  }, 120_000);

  it('holds the run lock against a second sweep while the first runs with --workers 0 on a slow space', async () => {
    const out = tmp();
    const first = spawn(process.execPath, [cli, 'sweep', fixture('slow.yaml'), '--out', out, '--workers', '0', '--quiet'], { cwd: root, stdio: 'ignore' });
    let running = true;
    const exited = new Promise<number | null>((res) =>
      first.on('exit', (code) => {
        running = false;
        res(code);
      }),
    );
    // The main thread is busy simulating: the lock must hold all the same.
    while (running && lines(out).length < 1) await new Promise((res) => setTimeout(res, 20));
    expect(running).toBe(true);
    const second = tasim('sweep', fixture('slow.yaml'), '--out', out, '--workers', '0', '--resume', '--quiet');
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/another sweep \(.*, process \d+\) is writing to this run/);
    expect(await exited).toBe(0);
    const done = hashes(out);
    expect(done).toHaveLength(12);
    expect(new Set(done).size).toBe(12);

    // A lock file left empty (a crash between create and write) is stale at once.
    writeFileSync(join(out, '.lock'), '');
    const resumed = tasim('sweep', fixture('slow.yaml'), '--out', out, '--workers', '0', '--resume', '--quiet');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/0 evaluated now, 12 already done/);
  }, 120_000);

  it('shards merged with tasim merge give the single run front', () => {
    const single = tmp();
    const s = tasim('sweep', fixture('small.yaml'), '--out', single, '--workers', '0', '--quiet');
    expect(s.status).toBe(0);
    // A compact front: designs that tie on every objective share a row; the last line says how to see the report.
    const out = s.stdout.trim().split('\n');
    expect(out.length).toBeLessThan(20);
    expect(out[2]).toMatch(/^gpt2: \d+ of \d+ designs on the front(,| \(\d+ distinct\),) hypervolume/);
    expect(out.at(-1)).toBe(`report: tasim report ${single} -o ${join(single, 'report.html')}, then open file://${join(single, 'report.html')} in a browser`);
    const parts = ['1/2', '2/2'].map((s) => {
      const d = tmp();
      const r = tasim('sweep', fixture('small.yaml'), '--out', d, '--workers', '1', '--shard', s, '--quiet');
      expect(r.status, r.stderr).toBe(0);
      return d;
    });
    const merged = tmp();
    const m = tasim('merge', ...parts, '--out', merged);
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/merged 2 runs: 40 designs/);
    expect(pareto(merged)).toBe(pareto(single));
    expect(readFileSync(join(merged, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(single, 'pareto.csv'), 'utf8'));
  });

  it('reports a bad space file on one line naming the line and field, exit code 2', () => {
    const r = tasim('sweep', fixture('trace.csv'), '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const bad = tasim('sweep', fixture('small.yaml'), '--out', tmp(), '--shard', '4/3');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shard: 4\/3: expected i\/n/);
  });
});
