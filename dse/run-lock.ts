/**
 * One sweep at a time per run directory: two sweeps appending to the same
 * results.jsonl would evaluate designs twice. The lock names its host and
 * process and is touched every few seconds while the sweep runs; a lock left
 * by a killed sweep (its process gone on this host, or untouched for a minute
 * on a shared file system) is taken over, so requeued cluster jobs resume.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../arch/user-error.js';

const HEARTBEAT_MS = 5_000;
const STALE_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockRun(dir: string): () => void {
  const file = join(dir, '.lock');
  const me = `${hostname()} ${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, me);
      closeSync(fd);
      const beat = setInterval(() => {
        const now = new Date();
        try {
          utimesSync(file, now, now);
        } catch {
          // The directory was removed under us; nothing left to guard.
        }
      }, HEARTBEAT_MS);
      beat.unref();
      return () => {
        clearInterval(beat);
        if (existsSync(file) && readFileSync(file, 'utf8') === me) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const [host, pidText] = readFileSync(file, 'utf8').split(' ');
      const pid = Number(pidText);
      const stale = Date.now() - statSync(file).mtimeMs > STALE_MS;
      if (stale || (host === hostname() && !(pid !== process.pid && alive(pid)))) {
        rmSync(file, { force: true }); // left by a sweep that was killed
        continue;
      }
      throw new UserError({ input: '--out', field: dir, problem: `another sweep (${host}, process ${pidText}) is writing to this run`, fix: `wait for it, or delete ${file} if no sweep is running there` });
    }
  }
  throw new UserError({ input: '--out', field: dir, problem: 'cannot lock the run directory', fix: `delete ${file} if no sweep is running` });
}
