/**
 * Sweep throughput on the shipped space dse/spaces/dfx-gpt2.yaml with 1 and
 * 2 worker threads: designs evaluated per second, pool start-up included.
 * The whole space (4,080 designs), so that start-up is a small share. The space is read once before timing, so that neither figure carries the
 * one-time import of the expression parser.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../../arch/project-root.js';
import { loadSpace } from '../../dse/space.js';
import { sweep } from '../../dse/sweep.js';

const SPACE = join(projectRoot(), 'dse', 'spaces', 'dfx-gpt2.yaml');

async function configsPerSecond(workers: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'tasim-bench-'));
  try {
    const t0 = performance.now();
    const s = await sweep(SPACE, { out, workers, progress: null, warn: () => {} });
    return s.evaluated / ((performance.now() - t0) / 1e3);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * What 2 threads of pure arithmetic get over 1 on this machine right now: on
 * a shared machine the sweep speedup can only be judged against it.
 */
async function headroom(): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); let x = 0, n = 0; const t = performance.now();
    while (performance.now() - t < 1500) { for (let i = 0; i < 1e5; i++) x += Math.sqrt(i); n++; } parentPort.postMessage(n + (x > 0 ? 0 : 1));`;
  const spin = (k: number) =>
    Promise.all(
      Array.from(
        { length: k },
        () =>
          new Promise<number>((res) => {
            const w = new Worker(code, { eval: true });
            w.once('message', (n: number) => void w.terminate().then(() => res(n)));
          }),
      ),
    ).then((ns) => ns.reduce((a, b) => a + b, 0));
  return (await spin(2)) / (await spin(1));
}

/** Wall seconds of `copies` processes each evaluating the space's first 4,080 designs in one thread (test/bench/profile-loop.ts), run at once. */
async function copiesSeconds(copies: number): Promise<number> {
  const loop = join(projectRoot(), 'dist', 'test', 'bench', 'profile-loop.js');
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: copies },
      () =>
        new Promise<void>((res, rej) => {
          const c = spawn(process.execPath, [loop, 'sweep', '4080'], { stdio: 'ignore' });
          c.once('exit', (code) => (code === 0 ? res() : rej(new Error(`profile-loop exited ${code}`))));
        }),
    ),
  );
  return (performance.now() - t0) / 1e3;
}

/**
 * What two copies of the sweep's own work get over one, as whole processes
 * with nothing shared: the ceiling for two workers on this machine, below the
 * arithmetic headroom where one copy's background threads (V8's concurrent
 * compiler and garbage collector) already use part of the second core.
 */
async function workHeadroom(): Promise<number> {
  const one = await copiesSeconds(1);
  const two = await copiesSeconds(2);
  return (2 * one) / two;
}

export async function benchSweep(): Promise<string[]> {
  const room = await headroom();
  await loadSpace(SPACE);
  const one = await configsPerSecond(1);
  const two = await configsPerSecond(2);
  const work = await workHeadroom();
  return [
    `BENCH sweep_1_worker ${one.toFixed(1)} configs/s`,
    `BENCH sweep_2_workers ${two.toFixed(1)} configs/s`,
    `BENCH sweep_2_workers_speedup ${(two / one).toFixed(2)} x`,
    `BENCH cpu_2_threads_headroom ${room.toFixed(2)} x`,
    `BENCH sweep_work_2_copies_headroom ${work.toFixed(2)} x`,
  ];
}
