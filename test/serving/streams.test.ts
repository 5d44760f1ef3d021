/** Request streams: seeded arrival processes, length distributions and traces, with their errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStream } from '../../workloads/arrivals.js';
import { readLengthDistribution } from '../../workloads/length-distribution.js';
import { atRate } from '../../workloads/request-stream.js';
import { readRequestTrace } from '../../workloads/request-trace.js';

const dir = mkdtempSync(join(tmpdir(), 'tasim-trace-'));
let n = 0;
const file = (text: string, ext = 'csv') => {
  const f = join(dir, `t${n++}.${ext}`);
  writeFileSync(f, text);
  return f;
};
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

function gaps(rate: number, arrivals: Parameters<typeof generateStream>[0]['arrivals'], seed = 1) {
  const s = generateStream({
    arrivals,
    rate_rps: rate,
    requests: 20_000,
    shapes: { kind: 'lengths', input: { kind: 'fixed', tokens: 8 }, output: { kind: 'fixed', tokens: 8 } },
    seed,
  });
  const g = s.requests.map((r, i) => r.arrival_s - (i ? s.requests[i - 1].arrival_s : 0));
  const mean = g.reduce((a, b) => a + b, 0) / g.length;
  const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length);
  return { s, mean, cv: sd / mean };
}

describe('arrival processes', () => {
  it('Poisson: mean gap 1/rate, coefficient of variation 1; the same seed gives the same stream', () => {
    const { s, mean, cv } = gaps(4, { kind: 'poisson' });
    expect(mean * 4).toBeCloseTo(1, 1);
    expect(cv).toBeCloseTo(1, 1);
    expect(gaps(4, { kind: 'poisson' }).s).toEqual(s);
    expect(gaps(4, { kind: 'poisson' }, 2).s.requests[0].arrival_s).not.toBe(s.requests[0].arrival_s);
  });

  it('gamma: mean gap 1/rate at the coefficient of variation asked for', () => {
    for (const want of [0.5, 2, 4]) {
      const { mean, cv } = gaps(2, { kind: 'gamma', cv: want });
      expect(Math.abs(mean * 2 - 1)).toBeLessThan(0.05 * Math.max(1, want));
      expect(Math.abs(cv / want - 1)).toBeLessThan(0.1);
    }
  });

  it('lengths do not change the arrival times; atRate rescales times and keeps the requests', () => {
    const a = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 1,
      requests: 50,
      shapes: { kind: 'lengths', input: { kind: 'fixed', tokens: 8 }, output: { kind: 'fixed', tokens: 8 } },
      seed: 7,
    });
    const b = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 1,
      requests: 50,
      shapes: { kind: 'lengths', input: { kind: 'uniform', min: 1, max: 99 }, output: { kind: 'exponential', mean: 30 } },
      seed: 7,
    });
    expect(b.requests.map((r) => r.arrival_s)).toEqual(a.requests.map((r) => r.arrival_s));
    const fast = atRate(b, 4);
    expect(fast.rate_rps).toBe(4);
    fast.requests.forEach((r, i) => {
      expect(r.input).toBe(b.requests[i].input);
      expect(r.arrival_s - fast.requests[0].arrival_s).toBeCloseTo((b.requests[i].arrival_s - b.requests[0].arrival_s) / 4, 12);
    });
  });

  it('a mix draws its shapes in proportion to their weights', () => {
    const s = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 1,
      requests: 10_000,
      shapes: {
        kind: 'mix',
        pairs: [
          { input: 64, output: 64, weight: 3 },
          { input: 256, output: 32, weight: 1 },
        ],
      },
      seed: 1,
    });
    const long = s.requests.filter((r) => r.input === 256).length / s.requests.length;
    expect(long).toBeCloseTo(0.25, 1);
    expect(s.requests.every((r) => (r.input === 64 && r.output === 64) || (r.input === 256 && r.output === 32))).toBe(true);
  });
});

describe('length distributions', () => {
  const draw = (text: string, k = 5000) => {
    const d = readLengthDistribution(text, '--input', 1);
    const s = generateStream({ arrivals: { kind: 'poisson' }, rate_rps: 1, requests: k, shapes: { kind: 'lengths', input: d, output: { kind: 'fixed', tokens: 1 } }, seed: 3 });
    return s.requests.map((r) => r.input);
  };
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

  it('fixed, uniform, exponential and lognormal give whole counts with the stated means', () => {
    expect(new Set(draw('64'))).toEqual(new Set([64]));
    const u = draw('uniform:10:20');
    expect(Math.min(...u)).toBe(10);
    expect(Math.max(...u)).toBe(20);
    expect(mean(u)).toBeCloseTo(15, 0);
    expect(mean(draw('exponential:100')) / 100).toBeCloseTo(1, 1);
    const l = draw('lognormal:200:0.5', 20_000);
    expect(mean(l) / 200).toBeCloseTo(1, 1);
    for (const v of [...draw('exponential:3'), ...l]) expect(Number.isInteger(v) && v >= 1).toBe(true);
  });

  it('refuses what it cannot read, naming the argument and the accepted forms', () => {
    for (const [text, problem] of [
      ['abc', 'not a number'],
      ['-3', 'whole number from 1 to 65,536'],
      ['2.5', 'whole number from 1'],
      ['70000', 'whole number from 1 to 65,536'],
      ['exponential:1e9', 'MEAN must be from 1 to 65,536'],
      ['lognormal:100:1000', 'CV must be greater than 0 and at most 100'],
      ['uniform:5', 'takes 2 numbers'],
      ['uniform:9:3', 'MAX must be a whole number from 9'],
      ['lognormal:100:0', 'CV must be greater than 0'],
      ['zipf:2', 'unknown distribution'],
    ] as const) {
      const m = errorOf(() => readLengthDistribution(text, '--input', 1));
      expect(m).toContain('--input');
      expect(m).toContain(problem);
      expect(m).toContain('uniform:MIN:MAX');
      expect(m.split('\n')).toHaveLength(1);
    }
  });
});

describe('request traces', () => {
  it('reads CSV with a header (columns in any order, common aliases) and JSON lines', () => {
    const csv = readRequestTrace(file('# chat log\nprompt_tokens,arrival_s,completion_tokens\n12,0.0,30\n40,0.5,8\n\n7,2.5,1\n'));
    expect(csv.requests.map((r) => [r.arrival_s, r.input, r.output])).toEqual([
      [0, 12, 30],
      [0.5, 40, 8],
      [2.5, 7, 1],
    ]);
    expect(csv.rate_rps).toBeCloseTo(2 / 2.5, 12);
    expect(csv.requests[2].origin).toMatch(/line 6$/);
    const jl = readRequestTrace(file('{"arrival_s": 0, "input": 5, "output": 6}\n{"time": 1.5, "input_tokens": 7, "output_tokens": 8}\n', 'jsonl'));
    expect(jl.requests.map((r) => [r.arrival_s, r.input, r.output])).toEqual([
      [0, 5, 6],
      [1.5, 7, 8],
    ]);
  });

  it('bad traces are one-line errors naming the file and the line', () => {
    const cases: [string, string, string][] = [
      ['arrival_s,input,output\n0,10,10\n2,10,10\n1,10,10\n', 'line 4', 'comes before the previous'],
      ['arrival_s,input,output\n0,10,10\n1,-5,10\n', 'line 3', 'input -5 must be a whole number'],
      ['arrival_s,input,output\n0,10,-1\n', 'line 2', 'output -1 must be a whole number'],
      ['arrival_s,input\n0,10\n', 'line 1', 'no output column'],
      ['arrival_s,input,output\n0,10,10\n1,10\n', 'line 3', 'missing the output column'],
      ['arrival_s,input,output\nsoon,10,10\n', 'line 2', 'arrival_s "soon" is not a number'],
      ['arrival_s,input,output\n-1,10,10\n', 'line 2', 'is negative'],
      ['{"arrival_s": 0, "input": 1, "output": 1}\n{"arrival_s": 1, "input": 1}\n', 'line 2', 'missing field output'],
      ['{"arrival_s": 0, "input": 1, "output": 1}\nnot json\n', 'line 2', 'not a JSON object'],
      ['arrival_s,input,output\n', '', 'holds no requests'],
    ];
    for (const [text, line, problem] of cases) {
      const f = file(text, text.startsWith('{') ? 'jsonl' : 'csv');
      const m = errorOf(() => readRequestTrace(f));
      expect(m).toContain(f);
      expect(m).toContain(line);
      expect(m).toContain(problem);
      expect(m.split('\n')).toHaveLength(1);
    }
    expect(errorOf(() => readRequestTrace(join(dir, 'missing.csv')))).toContain('not found');
  });
});
