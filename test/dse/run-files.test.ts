/** Run files written by a sweep and read back: torn lines, edited lines, broken manifests, unwritable places. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../arch/user-error.js';
import { readRun } from '../../cli/read-run.js';
import { readResults } from '../../dse/results-file.js';
import { ensureDir, readManifest, writeAtomic, writeError } from '../../dse/run-dir.js';
import { sweep } from '../../dse/sweep.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'tasim-runfiles-'));
const SPACE = `name: t
base: { arch: dfx, model: gpt2 }
requests:
  - { input: 8, output: 4 }
parameters:
  mpu.lanes: [8, 16, 32]
objectives:
  - latency_s
  - energy_j
`;

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!isUserError(e)) throw e;
    return e.message;
  }
  return 'no error';
}

let run = '';
let text = '';
beforeAll(async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'space.yaml'), SPACE);
  run = join(dir, 'run');
  await sweep(join(dir, 'space.yaml'), { out: run, workers: 0, progress: null, warn: () => {} });
  text = readFileSync(join(run, 'results.jsonl'), 'utf8');
});

describe('run files', () => {
  it('tasim report reads a results.jsonl whose last line a kill tore, as --resume does', () => {
    writeFileSync(join(run, 'results.jsonl'), `${text}{"hash":"abc","par`);
    expect(readRun(run).view?.total).toBe(3);
    expect(readResults(join(run, 'results.jsonl'))).toHaveLength(3);
    // A last line without its newline that is whole is a design all the same.
    const lines = text.trimEnd().split('\n');
    writeFileSync(join(run, 'results.jsonl'), lines.join('\n'));
    expect(readRun(run).view?.total).toBe(3);
    expect(readResults(join(run, 'results.jsonl'))).toHaveLength(3);
    writeFileSync(join(run, 'results.jsonl'), text);
  });

  it('a whole last line without its newline is completed, not evaluated again, when the sweep resumes', async () => {
    const d = tmp();
    writeFileSync(join(d, 'space.yaml'), SPACE);
    const again = join(d, 'run');
    await sweep(join(d, 'space.yaml'), { out: again, workers: 0, progress: null, warn: () => {} });
    const whole = readFileSync(join(again, 'results.jsonl'), 'utf8');
    writeFileSync(join(again, 'results.jsonl'), whole.trimEnd());
    const s = await sweep(join(d, 'space.yaml'), { out: again, workers: 0, resume: true, progress: null, warn: () => {} });
    expect(s.evaluated).toBe(0);
    expect(readFileSync(join(again, 'results.jsonl'), 'utf8')).toBe(whole);
  });

  it("a null or edited line is the user's to fix, with its line number", () => {
    const f = join(tmp(), 'results.jsonl');
    for (const bad of ['null', '[1,2]', '{"hash": 1}', '{"hash":"a","params":{},"metrics":{}}', 'not json']) {
      writeFileSync(f, `${text}${bad}\n`);
      expect(errorOf(() => readResults(f))).toMatch(/results\.jsonl: line 4: not a result row .*Fix: delete that line; --resume evaluates the design again/);
      // tasim report reads by the same rules (a row without `feasible` included).
      expect(errorOf(() => readRun(f))).toBe(errorOf(() => readResults(f)));
    }
  });

  it("a truncated or empty manifest is the user's to fix, not a crash", () => {
    const d = tmp();
    const m = readFileSync(join(run, 'manifest.json'), 'utf8');
    for (const bad of [m.slice(0, 100), '', 'null', '[]', '{"name": "x"}']) {
      writeFileSync(join(d, 'manifest.json'), bad);
      expect(errorOf(() => readManifest(d))).toMatch(/manifest\.json: (is not valid JSON|is not a JSON object|lacks \w+).*\. Fix: restore it, or sweep into a new --out/);
    }
  });

  it('an --out that cannot be written is a user error: a file in the way, /proc, a read-only file system, a full disk', () => {
    const d = tmp();
    writeFileSync(join(d, 'file'), 'x');
    expect(errorOf(() => ensureDir(join(d, 'file')))).toMatch(/--out: .*file: is a file, not a directory\. Fix:/);
    expect(errorOf(() => ensureDir(join(d, 'file', 'sub')))).toMatch(/--out: .*file: is a file, not a directory/);
    expect(errorOf(() => ensureDir('/proc/tasim-test/run'))).toMatch(/--out: \/proc\/tasim-test: cannot be written: .*\. Fix: choose a writable --out directory/);
    expect(errorOf(() => writeAtomic('/sys/tasim-test.json', '{}'))).toMatch(
      /--out: \/sys\/tasim-test\.json: cannot be written: (not permitted|permission denied|the file system is read-only)/,
    );
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(writeError('runs/x/results.jsonl', full).message).toBe(
      '--out: runs/x/results.jsonl: cannot be written: the disk is full. Fix: choose a writable --out directory on a disk with free space',
    );
  });
});
