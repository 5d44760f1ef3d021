/**
 * A sweep gives the same numbers as `tasim simulate` for the same design:
 * every baseline under its own GPU stack, and every front design through the
 * `reproduce` commands its results.jsonl row and pareto.json point carry,
 * each run as written by a POSIX shell.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResultRow } from '../../dse/evaluate.js';
import type { ParetoDoc } from '../../dse/fronts.js';
import type { Manifest } from '../../dse/run-dir.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

interface SimDoc {
  feasible: boolean;
  latency_s: number;
  energy_j: number;
  stack?: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
}

/** Run a command line as a user would paste it, with `tasim` the built CLI. */
function shell(command: string): SimDoc {
  const script = `tasim() { "${process.execPath}" "${cli}" "$@"; }\n${command} --json`;
  return JSON.parse(execFileSync('sh', ['-c', script], { cwd: root, encoding: 'utf8' })) as SimDoc;
}

function tasim(...args: string[]): string {
  return execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Run {
  dir: string;
  manifest: Manifest;
  rows: ResultRow[];
  pareto: ParetoDoc;
}

function sweep(space: string): Run {
  const dir = join(mkdtempSync(join(tmpdir(), 'tasim-same-')), 'run');
  tasim('sweep', fixture(space), '--out', dir, '--workers', '0', '--quiet');
  return {
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest,
    rows: readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ResultRow),
    pareto: JSON.parse(readFileSync(join(dir, 'pareto.json'), 'utf8')) as ParetoDoc,
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b);

/** The mix-weighted latency and energy of one command per request. */
function weighted(commands: readonly string[], weights: readonly number[]): { latency_s: number; energy_j: number; docs: SimDoc[] } {
  const docs = commands.map(shell);
  return {
    latency_s: docs.reduce((s, d, i) => s + weights[i] * d.latency_s, 0),
    energy_j: docs.reduce((s, d, i) => s + weights[i] * d.energy_j, 0),
    docs,
  };
}

describe('sweep and simulate agree (built CLI)', () => {
  let dfx: Run;
  let sta: Run;
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist/ missing: run npm run build first');
    dfx = sweep('stacks.yaml');
    sta = sweep('sta-sparse.yaml');
  }, 120_000);

  it('each baseline runs under its own GPU stack: its metrics are tasim simulate --stack for that stack', () => {
    const weights = dfx.manifest.mixes[0].requests.map((r) => r.weight);
    const stacks = dfx.manifest.baselines.map((b) => b.stack);
    expect(stacks).toEqual(['megatron', 'huggingface']);
    for (const b of dfx.manifest.baselines) {
      expect(b.feasible, b.reason).toBe(true);
      // Typed here, not taken from the run: the stack must reach the simulator.
      const own = dfx.manifest.mixes[0].requests.map(
        (r) => `tasim simulate --arch v100 --devices ${b.devices} --stack ${b.stack} --model gpt2-medium --input ${r.input} --output ${r.output}`,
      );
      const w = weighted(own, weights);
      for (const d of w.docs) expect(d.stack).toBe(b.stack);
      expect(close(b.metrics.latency_s as number, w.latency_s), `${b.label}: ${b.metrics.latency_s} vs ${w.latency_s}`).toBe(true);
      expect(close(b.metrics.energy_j as number, w.energy_j), `${b.label}: ${b.metrics.energy_j} vs ${w.energy_j}`).toBe(true);
      // The baseline's own reproduce commands say the same.
      expect(b.reproduce).toEqual(own);
    }
    // And the stack matters: the default stack gives another answer.
    const r = dfx.manifest.mixes[0].requests[0];
    const plain = shell(`tasim simulate --arch v100 --devices 2 --model gpt2-medium --input ${r.input} --output ${r.output}`);
    const megatron = shell(dfx.manifest.baselines[0].reproduce?.[0] as string);
    expect(close(plain.latency_s, megatron.latency_s)).toBe(false);
  });

  it('every row carries one reproduce command per request of its mix', () => {
    for (const run of [dfx, sta]) {
      const n = run.manifest.mixes[0].requests.length;
      expect(run.rows.length).toBeGreaterThan(0);
      for (const r of run.rows) {
        expect(r.reproduce).toHaveLength(n);
        for (const c of r.reproduce ?? []) expect(c).toMatch(/^tasim simulate --arch \S+ (.* )?--model \S+ --input \d+ --output \d+/);
      }
    }
    const row = dfx.rows.find((r) => r.params.clock === 250 && r.params.board === 'u50' && r.params.devices === 2);
    expect(row?.reproduce?.[0]).toContain('--set clock=250MHz');
    expect(row?.reproduce?.[0]).toContain('--set board=u50');
    expect(row?.reproduce?.[0]).toContain('--set devices=2');
    const sparse = sta.rows.find((r) => r.params['workload.sparsity'] === '2:4');
    expect(sparse?.reproduce?.[0]).toContain('--sparsity 2:4');
  });

  it("every reproduce command of the fronts runs as written and gives the point's latency and energy within 0.1 %", () => {
    let ran = 0;
    for (const run of [dfx, sta]) {
      const weights = run.manifest.mixes[0].requests.map((r) => r.weight);
      expect(run.pareto.points.length).toBeGreaterThan(0);
      for (const p of run.pareto.points) {
        const row = run.rows.find((r) => r.hash === p.hash);
        expect(p.reproduce).toEqual(row?.reproduce);
        const w = weighted(p.reproduce ?? [], weights);
        ran += w.docs.length;
        for (const d of w.docs) expect(d.feasible).toBe(true);
        expect(close(w.latency_s, p.metrics.latency_s as number), `${p.hash} latency ${w.latency_s} vs ${p.metrics.latency_s}`).toBe(true);
        expect(close(w.energy_j, p.metrics.energy_j as number), `${p.hash} energy ${w.energy_j} vs ${p.metrics.energy_j}`).toBe(true);
      }
    }
    expect(ran).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
