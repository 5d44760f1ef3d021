/** The run-directory lock: who holds it, when it is stale, and that it is kept alive whatever the main thread does. */
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockRun } from '../../dse/run-lock.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'tasim-lock-'));
const lockOf = (dir: string) => join(dir, '.lock');
const longAgo = new Date(Date.now() - 10 * 60_000);

describe('run-directory lock', () => {
  it('is created whole, names this host and process, and goes when released', () => {
    const dir = tmp();
    const unlock = lockRun(dir);
    expect(readFileSync(lockOf(dir), 'utf8')).toBe(`${hostname()} ${process.pid}`);
    unlock();
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('treats an empty or torn lock as stale at once', () => {
    for (const text of ['', 'somehost', `${hostname()} not-a-pid`, '\n']) {
      const dir = tmp();
      writeFileSync(lockOf(dir), text);
      const unlock = lockRun(dir);
      expect(readFileSync(lockOf(dir), 'utf8')).toBe(`${hostname()} ${process.pid}`);
      unlock();
    }
  });

  it('on this host, is held as long as its process lives, however long ago it was touched', () => {
    const dir = tmp();
    writeFileSync(lockOf(dir), `${hostname()} ${process.ppid}`);
    utimesSync(lockOf(dir), longAgo, longAgo);
    expect(() => lockRun(dir)).toThrow(/another sweep .* is writing to this run.*Fix: wait for it/);
    writeFileSync(lockOf(dir), `${hostname()} 999999999`); // gone
    lockRun(dir)();
  });

  it("on another host, is held while touched and taken over after a minute's silence", () => {
    const dir = tmp();
    writeFileSync(lockOf(dir), 'other-host 1234');
    expect(() => lockRun(dir)).toThrow(/another sweep \(other-host, process 1234\)/);
    utimesSync(lockOf(dir), longAgo, longAgo);
    const unlock = lockRun(dir);
    expect(readFileSync(lockOf(dir), 'utf8')).toBe(`${hostname()} ${process.pid}`);
    unlock();
  });

  it('keeps beating while the main thread is busy (a sweep with --workers 0 evaluating a long design)', () => {
    const dir = tmp();
    const unlock = lockRun(dir, { heartbeatMs: 20 });
    utimesSync(lockOf(dir), longAgo, longAgo);
    // Block this thread completely: no timer of its event loop can run.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_000);
    expect(statSync(lockOf(dir)).mtimeMs).toBeGreaterThan(longAgo.getTime() + 60_000);
    unlock();
  });
});
