/**
 * Metrics under load as sweep objectives: the space's serving section, its
 * errors, and the same numbers as `tasim serve` for the same design, load
 * and seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpace } from '../../dse/space.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const tasim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'tasim-serving-space-'));
let n = 0;
const space = (text: string) => {
  const f = join(dir, `s${n++}.yaml`);
  writeFileSync(f, text);
  return f;
};
const SPACE = (serving: string, objectives = '[ttft_p99_s, max_rate_rps]', requests = '[{ input: 64, output: 64 }]') => `name: serving
base: { arch: dfx, model: gpt2 }
requests: ${requests}
parameters:
  devices: [1, 2]
serving: ${serving}
objectives: ${objectives}
`;

async function errorOf(text: string): Promise<string> {
  try {
    await loadSpace(space(text));
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('serving objectives in space files', () => {
  it('a serving section with an SLO is read, and its metrics are objectives (throughput maximised)', async () => {
    const s = await loadSpace(space(SPACE('{ policy: continuous, rate: 3, slo: "ttft_p99=500ms" }', '[ttft_p99_s, throughput_rps, max_rate_rps]')));
    expect(s.serving).toMatchObject({ policy: 'continuous', rate_rps: 3, requests: 2000, arrivals: { kind: 'poisson' }, seed: 1, replicas: 1 });
    expect(s.serving?.slo).toEqual([{ metric: 'ttft', stat: 'p99', limit_s: 0.5 }]);
    expect(s.objectives.map((o) => o.goal)).toEqual(['min', 'max', 'max']);
  });

  it('refuses what it cannot serve, naming the line', async () => {
    const cases: [string, string[]][] = [
      [SPACE('{ policy: fifo, rate: 1 }').replace(/serving:.*\n/, ''), ['objectives.0', 'metric under load', 'add a serving section']],
      [SPACE('{ policy: fifo, rate: 1 }'), ['objectives.1', 'max_rate_rps needs an SLO']],
      [SPACE('{ policy: fifo, rate: 1, arrivals: gamma, slo: "ttft_p99=1s" }'), ['serving.cv', 'gamma arrivals need cv']],
      [SPACE('{ policy: fifo, rate: 1, slo: "ttft_p77=1s" }'), ['serving.slo', 'unknown SLO metric']],
      [SPACE('{ policy: fifo, rate: 1, batch: 4, slo: "ttft_p99=1s" }'), ['serving.batch', 'one request at a time']],
      [SPACE('{ policy: lifo, rate: 1 }'), ['serving.policy']],
      [SPACE('{ policy: continuous, rate: 1, slo: "ttft_p99=1s" }', undefined, '[{ input: 64, output: 64, batch: 4 }]'), ['serving', 'batch > 1']],
    ];
    for (const [text, want] of cases) {
      const m = await errorOf(text);
      for (const w of want) expect(m).toContain(w);
      expect(m).toMatch(/line \d+/);
    }
  });

  it('a sweep gives the numbers tasim serve gives for the same design, load and seed', () => {
    const f = space(SPACE('{ policy: fifo, rate: 2, requests: 300, seed: 3, slo: "ttft_p99=1s" }'));
    const out = join(dir, 'run');
    const r = tasim('sweep', f, '--out', out, '--workers', '1');
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const two = rows.find((x) => x.params.devices === 2);
    const doc = JSON.parse(
      tasim(
        'serve',
        '--arch',
        'dfx',
        '--devices',
        '2',
        '--model',
        'gpt2',
        '--rate',
        '2',
        '--requests',
        '300',
        '--seed',
        '3',
        '--input',
        '64',
        '--output',
        '64',
        '--policy',
        'fifo',
        '--slo',
        'ttft_p99=1s',
        '--json',
      ).stdout,
    );
    expect(two.metrics.ttft_p99_s).toBe(doc.ttft_s.p99);
    expect(two.metrics.latency_mean_s).toBe(doc.latency_s.mean);
    expect(two.metrics.throughput_rps).toBe(doc.throughput_rps);
    expect(two.metrics.goodput_rps).toBe(doc.goodput_rps);
    expect(two.metrics.max_rate_rps).toBe(doc.max_rate_rps);
    expect(two.metrics.serve_energy_per_token_j).toBe(doc.energy_per_token_j);
  });
});
