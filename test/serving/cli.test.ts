/** `tasim serve` as a user runs it (the built binary): the documented JSON, the summary, the report, and one-line errors. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const tasim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'tasim-serve-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const STATS = ['mean', 'p50', 'p90', 'p99'];

describe('tasim serve (built binary)', () => {
  it('--json carries the contract fields, with max_rate_rps under --slo', () => {
    const r = tasim(
      'serve',
      '--arch',
      'a100-40gb',
      '--model',
      'gpt2-xl-dfx',
      '--arrivals',
      'poisson',
      '--rate',
      '5',
      '--requests',
      '300',
      '--input',
      '64',
      '--output',
      '64',
      '--policy',
      'continuous',
      '--seed',
      '1',
      '--slo',
      'ttft_p99=200ms',
      '--probe-requests',
      '500',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const k of ['ttft_s', 'tpot_s', 'latency_s']) for (const s of STATS) expect(typeof doc[k][s]).toBe('number');
    for (const k of ['throughput_rps', 'tokens_per_s', 'goodput_rps', 'energy_per_token_j', 'requests', 'dropped', 'max_rate_rps']) expect(typeof doc[k]).toBe('number');
    expect(typeof doc.utilization.gpu).toBe('number');
    expect(doc.requests).toBe(300);
    expect(doc.dropped).toBe(0);
    expect(doc.max_rate_rps).toBeGreaterThan(5);
    // 500 requests to start with, lengthened until a probe spans 100 SLO limits at the rate found.
    expect(doc.capacity.requests_per_probe).toBeGreaterThanOrEqual(Math.ceil(100 * 0.2 * doc.max_rate_rps));
    expect(doc.capacity.warning).toBeNull();
    expect(doc.detail).toBeUndefined();
  });

  it('the issue example runs on DFX, and the summary is readable', () => {
    const r = tasim(
      'serve',
      '--arch',
      'dfx',
      '--devices',
      '4',
      '--model',
      'gpt2-xl-dfx',
      '--arrivals',
      'poisson',
      '--rate',
      '0.5',
      '--requests',
      '200',
      '--input',
      '64',
      '--output',
      '64',
      '--policy',
      'fifo',
      '--seed',
      '1',
    );
    expect(r.status).toBe(0);
    for (const s of ['time to first token', 'time per output token', 'latency', 'p99', 'throughput', 'energy per output token', 'queue length', 'batch size', 'KV cache'])
      expect(r.stdout).toContain(s);
  });

  it('serves a trace (CSV or JSON lines), replays it at another rate, and writes a report', () => {
    const csv = write(
      'chat.csv',
      `arrival_s,input,output\n${Array.from({ length: 50 }, (_, i) => `${(i * 0.2).toFixed(2)},${32 + (i % 5) * 16},${16 + (i % 3) * 8}`).join('\n')}\n`,
    );
    const html = join(dir, 'serve.html');
    const r = tasim('serve', '--arch', 'a100-40gb', '--model', 'gpt2', '--trace', csv, '--policy', 'chunked', '--json', '--report', html);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.requests).toBe(50);
    expect(doc.offered_rate_rps).toBeCloseTo(49 / 9.8, 9);
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('tasim-data');
    const fast = JSON.parse(tasim('serve', '--arch', 'a100-40gb', '--model', 'gpt2', '--trace', csv, '--rate', '50', '--policy', 'chunked', '--json').stdout);
    expect(fast.offered_rate_rps).toBe(50);
    expect(fast.duration_s).toBeLessThan(doc.duration_s);
    const jl = write('chat.jsonl', '{"arrival_s": 0, "input": 10, "output": 5}\n{"arrival_s": 0.1, "input": 20, "output": 5}\n');
    expect(JSON.parse(tasim('serve', '--arch', 'a100-40gb', '--model', 'gpt2', '--trace', jl, '--policy', 'fifo', '--json').stdout).completed).toBe(2);
  });

  it('bad traces and arguments are one line on stderr with exit 2', () => {
    const unsorted = write('unsorted.csv', 'arrival_s,input,output\n0,10,10\n2,10,10\n1,10,10\n');
    const negative = write('negative.csv', 'arrival_s,input,output\n0,10,10\n1,-3,10\n');
    const noColumn = write('nocol.csv', 'arrival_s,input\n0,10\n');
    const noAnswer = write('noanswer.csv', 'arrival_s,input,output\n0,10,10\n1,10,0\n');
    const cases: [string[], string[]][] = [
      [
        ['--trace', unsorted],
        ['unsorted.csv', 'line 4', 'sort the trace'],
      ],
      [
        ['--trace', negative],
        ['negative.csv', 'line 3', 'input -3'],
      ],
      [
        ['--trace', noColumn],
        ['nocol.csv', 'line 1', 'no output column'],
      ],
      [
        ['--rate', '1', '--input', 'lognormal:5', '--output', '8'],
        ['--input', 'lognormal takes 2 numbers'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--arrivals', 'gamma'],
        ['--cv', 'coefficient of variation'],
      ],
      [
        ['--rate', '-1', '--input', '8', '--output', '8'],
        ['--rate', 'positive'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--slo', 'ttft_p42=1s'],
        ['--slo', 'unknown SLO metric'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--slo', 'ttft_p99=200'],
        ['--slo', 'as a time'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--batch', '4'],
        ['--batch', 'fifo serves one request at a time'],
      ],
      [
        ['--trace', unsorted, '--input', '8'],
        ['--input', 'a trace brings its own requests'],
      ],
      [
        ['--input', '8', '--output', '8'],
        ['--rate', 'missing'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '0'],
        ['--output', 'whole number from 1'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--requests', '2000000'],
        ['--requests', 'from 1 to 1,000,000'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--replicas', '0'],
        ['--replicas', 'from 1 to 1,024'],
      ],
      [
        ['--rate', '1e300', '--input', '8', '--output', '8'],
        ['--rate', 'at most'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '8', '--router-time', '5s'],
        ['--router-time', 'at most 1 s'],
      ],
      [
        ['--trace', '/dev/zero'],
        ['/dev/zero', 'not a regular file'],
      ],
      [
        ['--rate', '1', '--input', '8', '--output', '16384', '--requests', '1000'],
        ['request stream', 'output tokens, more than the 10,000,000'],
      ],
      [
        ['--trace', noAnswer],
        ['noanswer.csv line 3', 'output', 'at least one token'],
      ],
    ];
    for (const [args, want] of cases) {
      const r = tasim('serve', '--arch', 'a100-40gb', '--model', 'gpt2', '--policy', 'fifo', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      for (const w of want) expect(lines[0]).toContain(w);
    }
  });

  it('serves an encoder (output 0: the result is the first token), and refuses to chunk its input', () => {
    const r = tasim(
      'serve',
      '--arch',
      'a100-40gb',
      '--model',
      'bert-base',
      '--rate',
      '20',
      '--requests',
      '100',
      '--input',
      '128',
      '--output',
      '0',
      '--policy',
      'continuous',
      '--json',
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.completed).toBe(100);
    expect(doc.ttft_s).toEqual(doc.latency_s);
    expect(doc.tpot_s.mean).toBeNull();
    expect(doc.kv_cache.blocks).toBeNull();
    const c = tasim('serve', '--arch', 'a100-40gb', '--model', 'bert-base', '--rate', '20', '--input', '128', '--output', '0', '--policy', 'chunked');
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('encoder');
  });

  it('a design that cannot hold the model is infeasible: exit 3 with the reason', () => {
    const r = tasim(
      'serve',
      '--arch',
      'a100-40gb',
      '--set',
      'memory.capacity=2GiB',
      '--model',
      'gpt2-xl-dfx',
      '--rate',
      '1',
      '--input',
      '64',
      '--output',
      '64',
      '--policy',
      'continuous',
      '--json',
    );
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(false);
    expect(doc.reason).toMatch(/exceed/);
  });
});
