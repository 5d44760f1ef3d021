/**
 * One sweep at a time per run directory: two sweeps appending to the same
 * results.jsonl would evaluate designs twice.
 *
 * The lock file names its host and process. It is created whole (written
 * aside, then hard-linked into place), so an empty or unreadable `.lock` is
 * never a sweep starting up: it is stale at once. On the same host a lock is
 * held as long as its process lives, however long a design takes. A lock of
 * another host (a shared file system) is held while it is touched: a
 * heartbeat thread touches it every few seconds, independent of the main
 * thread, which may be busy evaluating designs for minutes (`--workers 0`);
 * a lock untouched for a minute is left by a killed sweep and taken over, so
 * requeued cluster jobs resume.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../arch/user-error.js';
import { writeError } from './run-dir.js';

const LOCK_TIMES = {
  /** How often the heartbeat touches the lock. */
  heartbeatMs: 5_000,
  /** Untouched this long, another host's lock is stale. */
  staleMs: 60_000,
} as const;

export interface LockOptions {
  /** Heartbeat period (tests shorten it). */
  readonly heartbeatMs?: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  readonly text: string;
  readonly host: string;
  readonly pid: number;
  readonly mtimeMs: number;
}

/** The lock's holder, or undefined when the file has gone meanwhile. */
function readHolder(file: string): Holder | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    const mtimeMs = statSync(file).mtimeMs;
    const [host = '', pidText = ''] = text.trim().split(/\s+/);
    return { text, host, pid: /^\d+$/.test(pidText) ? Number(pidText) : NaN, mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Whether a holder is a sweep that no longer runs. */
function isStale(h: Holder): boolean {
  if (!h.host || !Number.isInteger(h.pid)) return true; // empty or torn: no sweep writes a lock like that
  if (h.host === hostname()) return h.pid === process.pid || !alive(h.pid);
  return Date.now() - h.mtimeMs > LOCK_TIMES.staleMs;
}

/** Create `file` holding `text`, atomically; false when it exists. */
function createWhole(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
    // A file system without hard links: exclusive create, then write (a crash in between leaves an empty, stale lock).
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
    writeSync(fd, text);
    closeSync(fd);
    return true;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Move a stale lock aside; true when what was moved is the lock judged
 * stale (another resumer may have replaced it meanwhile: then it goes back).
 */
function removeStale(file: string, seen: Holder): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true; // someone else removed it; try again
    throw e;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== seen.text) {
    try {
      linkSync(aside, file);
    } catch {
      // A third sweep holds the lock by now; it wins.
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

/** A thread that touches the lock on its own clock, whatever the main thread is doing. */
function startHeartbeat(file: string, ms: number): Worker {
  const code = `
    const { workerData } = require('node:worker_threads');
    const { utimesSync } = require('node:fs');
    setInterval(() => {
      const now = new Date();
      try { utimesSync(workerData.file, now, now); } catch { /* the run directory was removed: nothing to guard */ }
    }, workerData.ms);
  `;
  const w = new Worker(code, { eval: true, workerData: { file, ms } });
  w.unref();
  return w;
}

export function lockRun(dir: string, opts: LockOptions = {}): () => void {
  const file = join(dir, '.lock');
  const me = `${hostname()} ${process.pid}`;
  const refuse = (h: Holder) =>
    new UserError({
      input: '--out',
      field: dir,
      problem: `another sweep (${h.host}, process ${h.pid}) is writing to this run`,
      fix: `wait for it to finish, or delete ${file} if no sweep is running there`,
    });
  for (let attempt = 0; attempt < 4; attempt++) {
    let created: boolean;
    try {
      created = createWhole(file, me);
    } catch (e) {
      throw writeError(file, e);
    }
    if (created) {
      const beat = startHeartbeat(file, opts.heartbeatMs ?? LOCK_TIMES.heartbeatMs);
      return () => {
        void beat.terminate();
        const h = readHolder(file);
        if (h && h.text === me) rmSync(file, { force: true });
      };
    }
    const h = readHolder(file);
    if (!h) continue;
    if (!isStale(h)) throw refuse(h);
    if (!removeStale(file, h)) {
      const now = readHolder(file);
      if (now) throw refuse(now);
    }
  }
  throw new UserError({
    input: '--out',
    field: dir,
    problem: 'cannot lock the run directory: other sweeps keep taking it',
    fix: `make sure one sweep runs on this directory, or delete ${file} if none does`,
  });
}
