import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandParameter } from '../../dse/parameters.js';
import { readTrace } from '../../dse/requests.js';
import { loadSpace } from '../../dse/space.js';
import { planDesigns } from '../../dse/strategies/plan.js';

const dir = mkdtempSync(join(tmpdir(), 'tasim-space-'));
const fixture = (name: string) => join(__dirname, 'fixtures', name);

const GOOD = `name: t
base: { arch: dfx, model: gpt2 }
requests:
  - { input: 16, output: 16 }
parameters:
  mpu.lanes: [8, 16]
objectives:
  - latency_s
  - energy_per_token_j
`;

function space(text: string): string {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, text);
  return f;
}

async function errorOf(text: string): Promise<string> {
  try {
    await loadSpace(space(text));
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('space files', () => {
  it('accept a cost objective when every board has a price', async () => {
    const s = await loadSpace(space(GOOD.replace('mpu.lanes: [8, 16]', 'board: [u280]').replace('- energy_per_token_j', '- energy_per_token_j\n  - cost_usd')));
    expect(s.objectives.map((o) => o.metric)).toContain('cost_usd');
  });

  it("load the shipped DFX space: five parameters on the four GPT-2 sizes and the DFX paper's 1.5B", async () => {
    const s = await loadSpace(join(__dirname, '..', '..', 'dse', 'spaces', 'dfx-gpt2.yaml'));
    expect(s.parameters.map((p) => p.path)).toEqual(['mpu.lanes', 'mpu.d', 'devices', 'clock', 'dma.hbm_channels']);
    expect(s.scenarios.map((x) => x.model)).toEqual(['gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl', 'gpt2-xl-dfx']);
    expect(s.mixes[0].requests.reduce((a, r) => a + r.weight, 0)).toBeCloseTo(1, 12);
    // 300 MHz with its unit becomes SI for the spec, the recorded value stays as written.
    expect(s.parameters[3].values).toContain(300);
    expect(s.setValues[3]).toContainEqual({ si: 300e6, dim: 'frequency', text: '300 MHz' });
  });

  it('expand ranges, log-ranges and integer rounding', () => {
    expect(expandParameter('x', { range: { from: 0.1, to: 0.3, step: 0.1 }, integer: false }).values).toEqual([0.1, 0.2, 0.3]);
    expect(expandParameter('x', { range: { from: 1, to: 2, count: 3 }, integer: false }).values).toEqual([1, 1.5, 2]);
    expect(expandParameter('x', { log_range: { from: 8, to: 64, factor: 2 }, integer: true }).values).toEqual([8, 16, 32, 64]);
    expect(expandParameter('x', { log_range: { from: 1, to: 100, count: 3 }, integer: false }).values).toEqual([1, 10, 100]);
  });

  it('read request traces, merging equal requests after bucketing', () => {
    const rs = readTrace(fixture('trace.csv'), 16);
    expect(rs.map((r) => [r.input, r.output])).toEqual([
      [32, 16],
      [64, 64],
    ]);
    expect(rs.map((r) => r.weight)).toEqual([0.4, 0.6]);
  });

  it.each([
    ['an unknown metric', GOOD.replace('- energy_per_token_j', '- joules'), /line 9 objectives\.1: unknown metric "joules"/],
    ['an unknown arch path', GOOD.replace('mpu.lanes: [8, 16]', 'mpu.lanez: [8, 16]'), /line 6 parameters\.mpu\.lanez: unknown arch path.*Fix: use one of: mpu\.d, mpu\.lanes/],
    ['a value the template rejects', GOOD.replace('[8, 16]', '[8, 0]'), /line 6 parameters\.mpu\.lanes\.1: 0 is too small\. Fix: use a value > 0/],
    ['an unknown field', `${GOOD}strateggy: { kind: grid }\n`, /unknown field\(s\) strateggy/],
    ['a wrong type', GOOD.replace('[8, 16]', '{ values: 8 }'), /line 6 parameters\.mpu\.lanes/],
    ['bad YAML', GOOD.replace('[8, 16]', '[8, 16'), /line \d+: not valid YAML/],
    ['a request longer than the context', GOOD.replace('input: 16, output: 16', 'input: 1000, output: 100'), /line 4 requests: .*exceed/],
    ['an unknown model', GOOD.replace('model: gpt2', 'model: gpt5'), /line 2 base\.model: .*unknown model preset/],
    ['a constraint that does not parse', `${GOOD}constraints: ["mpu.lanes <<= 3"]\n`, /line 10 constraints\.0: cannot read the expression/],
    ['a range without a step', GOOD.replace('[8, 16]', '{ range: { from: 8, to: 16 } }'), /line 6 parameters\.mpu\.lanes: range needs a step or a count/],
    [
      'a cost objective over a board without a price',
      GOOD.replace('mpu.lanes: [8, 16]', 'board: [u280, u55c]').replace('- energy_per_token_j', '- energy_per_token_j\n  - cost_usd'),
      /line 10 objectives\.2: cost_usd needs a price for every design, but u55c has none.*Fix: drop the cost_usd objective/,
    ],
    [
      'a cost objective over a GPU without a price',
      GOOD.replace('arch: dfx', 'arch: a100-40gb').replace('mpu.lanes: [8, 16]', 'devices: [1, 2]').replace('- energy_per_token_j', '- energy_per_token_j\n  - cost_usd'),
      /objectives\.2: cost_usd needs a price for every design, but a100-40gb has none/,
    ],
  ])('name the line and field of %s', async (_what, text, pattern) => {
    expect(await errorOf(text)).toMatch(pattern);
  });

  it.each([
    [
      'a range of 1e12 values, before expanding it',
      GOOD.replace('[8, 16]', '{ range: { from: 1, to: 1000000000000, count: 1000000000000 } }'),
      /line 6 parameters\.mpu\.lanes: 1\.0e\+12 values, more than the 1000 one parameter may have\. Fix: use a larger step/,
    ],
    ['a step of 1e-300', GOOD.replace('[8, 16]', '{ range: { from: 8, to: 16, step: 1e-300 } }'), /parameters\.mpu\.lanes: .* values, more than the 1000/],
    ['to below from', GOOD.replace('[8, 16]', '{ range: { from: 32, to: 8, step: 8 } }'), /to \(8\) is below from \(32\)\. Fix: swap them: from: 8, to: 32/],
    [
      'a grid beyond the limit',
      GOOD.replace('[8, 16]', '{ range: { from: 1, to: 1000, step: 1 } }\n  mpu.d: { range: { from: 1, to: 1000, step: 1 } }'),
      /the grid has 1000000 designs \(1000 x 1000 values\), more than the 100000 a sweep evaluates\. Fix: sample it instead \(strategy: \{ kind: random.*nsga2.*--max-designs/,
    ],
    [
      '1e9 random samples',
      `${GOOD}strategy: { kind: random, samples: 1000000000 }\n`,
      /strategy\.samples: 1\.0e\+9 samples is more than the 100000 designs a sweep evaluates\. Fix: ask for fewer samples, or raise the limit with --max-designs/,
    ],
    ['no mixes', GOOD.replace('requests:\n  - { input: 16, output: 16 }\n', 'mixes: {}\n'), /line 3 mixes: no request mix given\. Fix:/],
    ['a clock in GB', GOOD.replace('mpu.lanes: [8, 16]', 'clock: ["200 GB"]'), /line 6 parameters\.clock\.0: expected a frequency, got "200 GB", a size/],
    ['a clock in a unit of GB', GOOD.replace('mpu.lanes: [8, 16]', 'clock: { values: [200], unit: GB }'), /parameters\.clock: expected a frequency, got "200 GB", a size/],
    [
      'a clock of 1e-300 Hz',
      GOOD.replace('mpu.lanes: [8, 16]', 'clock: { values: [1e-300], unit: Hz }'),
      /parameters\.clock: "1e-300 Hz" is outside the plausible range of a frequency \(1 MHz to 10 GHz\)/,
    ],
    [
      'a baseline with an unknown stack',
      `${GOOD}baselines:\n  - { label: g, arch: v100, stack: deepspeed-mii }\n`,
      /line 11 baselines\.0\.stack: baseline "g": unknown stack "deepspeed-mii"\. Fix: use one of: roofline/,
    ],
    ['a baseline with a stack on a non-GPU', `${GOOD}baselines:\n  - { label: g, arch: dfx, stack: megatron }\n`, /baselines\.0\.stack: baseline "g": .*not a GPU/],
    [
      'a base.set walking into __proto__',
      GOOD.replace('model: gpt2 }', 'model: gpt2, set: ["__proto__.toString=1"] }'),
      /line 2 base\.set\.0: path "__proto__\.toString" names "__proto__"/,
    ],
    ['a derived path through constructor', `${GOOD}derived:\n  constructor.prototype.x: mpu.lanes\n`, /derived\.constructor\.prototype\.x: path .* names "constructor"/],
    ['weights of 1e308', GOOD.replace('  - { input: 16, output: 16 }\n', '  - { input: 16, output: 16, weight: 1e308 }\n'), /requests\.0\.weight: 1e\+308 is too large/],
  ])('refuse %s', async (_what, text, pattern) => {
    expect(await errorOf(text)).toMatch(pattern);
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it("type-check every design's constraint, not only the first", async () => {
    const s = await loadSpace(space(`${GOOD}constraints: ["mpu.lanes > 8 ? 5 : true"]\n`));
    expect(() => planDesigns(s, 0)).toThrow(/line 10 constraints\.0: "mpu\.lanes > 8 \? 5 : true" gives 5 for design mpu\.lanes=16, not true or false\. Fix:/);
  });

  it('count a space before enumerating it, and let --max-designs raise the limit', async () => {
    const big = GOOD.replace('[8, 16]', '{ range: { from: 1, to: 1000, step: 1 } }');
    const text = `${big}strategy: { kind: random, samples: 200000 }\n`;
    await expect(loadSpace(space(text))).rejects.toThrow(/200000 samples is more than the 100000/);
    const s = await loadSpace(space(text), { maxDesigns: 200_000 });
    expect(s.parameters[0].values).toHaveLength(1000);
  });

  it('let a space declare a larger limit of its own (max_designs), up to 10,000,000', async () => {
    const big = GOOD.replace('[8, 16]', '{ range: { from: 1, to: 1000, step: 1 } }');
    const sampled = `${big}strategy: { kind: random, samples: 200000 }\n`;
    expect((await loadSpace(space(`${sampled}max_designs: 200000\n`))).parameters[0].values).toHaveLength(1000);
    await expect(loadSpace(space(`${sampled}max_designs: 150000\n`))).rejects.toThrow(/200000 samples is more than the 150000 designs.*max_designs in the space file/);
    // --max-designs decides over the file.
    await expect(loadSpace(space(`${sampled}max_designs: 200000\n`), { maxDesigns: 1000 })).rejects.toThrow(/more than the 1000 designs/);
    await expect(loadSpace(space(`${sampled}max_designs: 20000000\n`))).rejects.toThrow(/max_designs/);
  });

  it('read the shipped million-design space, which declares its limit', async () => {
    const s = await loadSpace(join(__dirname, '..', '..', 'dse', 'spaces', 'dfx-gpt2-1m.yaml'));
    expect(s.parameters.reduce((n, p) => n * p.values.length, 1)).toBe(1_209_600);
  });
});
