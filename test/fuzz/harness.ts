/**
 * Running tasim on hostile input and judging how it failed: in-process
 * through the same entry point as the binary (cli/program.ts), or by spawning
 * the built binary. A clean outcome is exit 0 with plausible numbers, exit 2
 * with one line naming a fix, or exit 3; never an internal error, a hang,
 * more than one line, or a changed Object.prototype.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTasim } from '../../cli/program.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const GUARD = join(import.meta.dirname, 'proto-guard.mjs');
/**
 * Every input must be answered within 5 s of CPU time: measured as CPU, not
 * wall time, so that a loaded machine does not fail the test, while a loop
 * that spins does. A process that gives no answer in 30 s of wall time (one
 * blocked on a device, say) is killed and counts as a hang.
 */
const TIME_LIMIT_MS = 5_000;
const WALL_LIMIT_MS = 30_000;

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  /** CPU time used. */
  ms: number;
  polluted: boolean;
  timedOut: boolean;
}

/** Object.prototype, Array.prototype and Function.prototype as keys and value kinds. */
function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype]
    .map((p) =>
      Reflect.ownKeys(p)
        .map((k) => `${String(k)}:${String(typeof Object.getOwnPropertyDescriptor(p, k)?.value)}`)
        .sort()
        .join(','),
    )
    .join('|');
}

/** Run tasim in this process, capturing what it writes. */
export async function runInProcess(args: readonly string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const [ow, ew] = [process.stdout.write, process.stderr.write];
  const sigint = process.listeners('SIGINT');
  const before = prototypeSnapshot();
  process.stdout.write = ((c: string | Uint8Array) => {
    out.push(String(c));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => {
    err.push(String(c));
    return true;
  }) as typeof process.stderr.write;
  const t0 = process.cpuUsage();
  let code: number;
  try {
    code = await runTasim(args);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
    // `tasim sweep` listens for Ctrl-C; a process runs it once, this test many times.
    for (const l of process.listeners('SIGINT')) if (!sigint.includes(l)) process.off('SIGINT', l);
  }
  const cpu = process.cpuUsage(t0);
  return { code, stdout: out.join(''), stderr: err.join(''), ms: (cpu.user + cpu.system) / 1000, polluted: prototypeSnapshot() !== before, timedOut: false };
}

/** Spawn the built binary; killed after WALL_LIMIT_MS. */
export function runSpawned(args: readonly string[], cwd = ROOT): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'tasim-proto-'));
  const report = join(dir, 'report');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', GUARD, BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TASIM_FUZZ_REPORT: report } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, WALL_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const r = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as { polluted: boolean; cpuMs: number }) : { polluted: false, cpuMs: NaN };
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: r.cpuMs, polluted: r.polluted, timedOut });
    });
  });
}

/** What is wrong with an outcome, or undefined when it is clean. `allowed` are the acceptable exit codes. */
export function judge(o: Outcome, allowed: readonly number[] = [0, 2, 3]): string | undefined {
  const lines = o.stderr.trim() ? o.stderr.trim().split('\n') : [];
  if (o.timedOut) return `no answer within ${WALL_LIMIT_MS} ms`;
  if (o.polluted) return 'Object.prototype changed';
  if (/internal (error|invariant)/.test(o.stderr)) return `internal failure: ${o.stderr.trim()}`;
  if (!(o.ms <= TIME_LIMIT_MS)) return `took ${Math.round(o.ms)} ms of CPU`;
  if (!allowed.includes(o.code)) return `exit ${o.code}, expected ${allowed.join(' or ')}: ${o.stderr.trim().slice(0, 300)}`;
  if (o.code === 2) {
    if (lines.length !== 1) return `${lines.length} lines on stderr: ${o.stderr.slice(0, 300)}`;
    if (!/^tasim: .+\. Fix: \S/.test(lines[0])) return `an error without a fix: ${lines[0]}`;
    if (o.stdout) return `an error with output on stdout: ${o.stdout.slice(0, 200)}`;
  }
  if (o.code === 0 || o.code === 3) return implausible(o.stdout);
  return undefined;
}

/** A printed result with a non-finite, negative or zero time or energy: never a result. */
function implausible(stdout: string): string | undefined {
  let doc: { feasible?: boolean; latency_s?: unknown; ttft_s?: unknown; energy_j?: unknown; tokens_per_s?: unknown } | undefined;
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch {
    doc = undefined;
  }
  if (doc && typeof doc === 'object' && 'latency_s' in doc) {
    if (doc.feasible === false) return undefined; // no metrics by contract
    const bad = (['latency_s', 'ttft_s', 'energy_j', 'tokens_per_s'] as const).find((k) => !(typeof doc[k] === 'number' && Number.isFinite(doc[k]) && (doc[k] as number) >= 0));
    if (bad || !((doc.latency_s as number) > 0 && (doc.energy_j as number) > 0)) return `implausible result ${bad ?? 'latency_s/energy_j'}: ${stdout.slice(0, 200)}`;
    return undefined;
  }
  // Text: a reason such as "URAM Infinity % (4095 of 0)" names what a board lacks; any other NaN or Infinity is a bug.
  const text = stdout
    .split('\n')
    .filter((l) => !/does not fit/.test(l))
    .join('\n');
  if (/\b(NaN|Infinity)\b/.test(text)) return `non-finite number printed: ${stdout.slice(0, 300)}`;
  return undefined;
}

/** Tallies of a fuzz run, for the closing figures. */
export class Tally {
  tried = 0;
  byCode = new Map<number, number>();
  failures: string[] = [];

  record(label: string, problem: string | undefined, code: number): void {
    this.tried++;
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    if (problem) this.failures.push(`${label}: ${problem}`);
  }

  summary(name: string): string {
    const codes = [...this.byCode.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([c, n]) => `exit ${c}: ${n}`)
      .join(', ');
    return `${name}: ${this.tried} inputs, ${this.tried - this.failures.length} clean (${codes}), ${this.failures.length} failed`;
  }
}

export function tmp(prefix = 'tasim-fuzz-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
