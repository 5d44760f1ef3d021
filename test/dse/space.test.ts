import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandParameter } from '../../dse/parameters.js';
import { readTrace } from '../../dse/requests.js';
import { loadSpace } from '../../dse/space.js';

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
    ['a cost objective over a board without a price', GOOD.replace('mpu.lanes: [8, 16]', 'board: [u280, u55c]').replace('- energy_per_token_j', '- energy_per_token_j\n  - cost_usd'), /line 10 objectives\.2: cost_usd needs a price for every design, but u55c has none.*Fix: drop the cost_usd objective/],
    ['a cost objective over a GPU without a price', GOOD.replace('arch: dfx', 'arch: a100-40gb').replace('mpu.lanes: [8, 16]', 'devices: [1, 2]').replace('- energy_per_token_j', '- energy_per_token_j\n  - cost_usd'), /objectives\.2: cost_usd needs a price for every design, but a100-40gb has none/],
  ])('name the line and field of %s', async (_what, text, pattern) => {
    expect(await errorOf(text)).toMatch(pattern);
  });
});
