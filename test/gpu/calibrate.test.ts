import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, fit, getAt, meanAbs } from '../../sim/validation/gpu-fit.js';
import { paramsFor } from '../../sim/validation/gpu-calibrate-user.js';
import { latencySeconds, runnableRuns } from '../../sim/validation/gpu-measured-cases.js';
import { baseArch, runConfig } from '../../sim/validation/gpu-run.js';

const tasim = (...args: string[]) => spawnSync('node', ['dist/cli/main.js', ...args], { encoding: 'utf8' });

describe('tasim calibrate', () => {
  it('a fit compares a first-token row with the time to first token, any other row with the end-to-end latency', async () => {
    const ttft = runnableRuns().find((r) => r.row.metric === 'ttft_ms');
    const e2e = runnableRuns().find((r) => r.row.metric === 'latency_ms');
    if (!ttft || !e2e) throw new Error('no first-token or latency row');
    // More output tokens than the row has, so that the first token and the whole run differ.
    const config = { ...ttft.config, output: 8 };
    const sim = await runConfig(config);
    expect(sim.ttft_s).toBeLessThan(sim.latency_s);
    const [first, whole] = await evaluate(
      [
        { config, ms: 1, label: 'ttft', seconds: latencySeconds(ttft) },
        { config, ms: 1, label: 'latency', seconds: latencySeconds(e2e) },
      ],
      [],
      [],
    );
    expect(first.simulated_ms).toBe(sim.ttft_s * 1e3);
    expect(whole.simulated_ms).toBe(sim.latency_s * 1e3);
  });

  it("fitted on half of a stack's rows predicts the other half within 10 %", async () => {
    // GPT-6.7B under FasterTransformer (14 rows, none used to fit the preset): fit on every other row, check the rest.
    const rows = runnableRuns().filter((r) => r.row.model === 'GPT-6.7B');
    const ts = rows.map((r) => ({ config: r.config, ms: r.row.value, label: r.row.id }));
    const train = ts.filter((_, i) => i % 2 === 0);
    const test = ts.filter((_, i) => i % 2 === 1);
    const params = await paramsFor('a100-80gb', 'fastertransformer', train);
    const spec = (await baseArch(train[0].config)).spec;
    // Start far from the preset's values (times doubled, efficiencies halved), so that the fit has work to do.
    const start = params.map((p) => getAt(spec, p.path) * (String(p.path[p.path.length - 1]).includes('efficiency') ? 0.5 : 2));
    const before = await evaluate(test, params, start);
    const values = await fit(train, params, start, { maxSweeps: 20 });
    const held = await evaluate(test, params, values);
    expect(meanAbs(before)).toBeGreaterThan(20);
    expect(meanAbs(held)).toBeLessThan(10);
    for (const h of held) expect(Math.abs(h.error_pct)).toBeLessThan(20);
  }, 120_000);

  it('writes a spec that extends the preset with fitted values, and prints fit and held-out errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-cal-'));
    const csv = join(dir, 'my.csv');
    writeFileSync(csv, 'model,batch,input,output,tp,latency_ms\ngpt2-medium,1,32,8,1,9.5\ngpt2-medium,4,32,8,1,10.5\n');
    const out = join(dir, 'my-a100.yaml');
    const r = tasim('calibrate', '--gpu', 'a100-80gb', '--stack', 'fastertransformer', '--measurements', csv, '-o', out, '--sweeps', '1', '--folds', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fit: mean \|error\|/);
    expect(r.stdout).toMatch(/held-out \(2-fold\)/);
    const y = readFileSync(out, 'utf8');
    expect(y).toMatch(/^extends: a100-80gb$/m);
    expect(y).toMatch(/fitted: my\.csv/);
    const sim = tasim('simulate', '--arch', out, '--model', 'gpt2-medium', '--input', '32', '--output', '8', '--json');
    expect(sim.status).toBe(0);
  }, 600_000);

  it('reads a model config path relative to the CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-cal-'));
    copyFileSync(join('sim', 'validation', 'gpu-models', 'gpt-6.7b.json'), join(dir, 'gpt-6.7b.json'));
    writeFileSync(join(dir, 'm.csv'), 'model,batch,input,output,tp,latency_ms\ngpt-6.7b.json,1,128,8,1,98.29\ngpt-6.7b.json,8,128,8,1,162.51\n');
    const r = tasim(
      'calibrate',
      '--gpu',
      'a100-80gb',
      '--stack',
      'fastertransformer',
      '--measurements',
      join(dir, 'm.csv'),
      '-o',
      join(dir, 'o.yaml'),
      '--sweeps',
      '1',
      '--folds',
      '0',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fit: mean \|error\| .* over 2 rows/);
  }, 120_000);

  it('names the line of a bad row in a one-line error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-cal-'));
    const cases: [string, RegExp][] = [
      ['model,batch,input,output,tp,latency_ms\ngpt2,1,8,8,1,0\n', /line 2: latency_ms/],
      ['model,batch,input,output,tp,latency_ms\ngpt2,1,8,8,1,5\nnope,1,8,8,1,5\n', /line 3: model: nope/],
      ['model,batch,latency\ngpt2,1,5\n', /line 1: header/],
    ];
    for (const [text, re] of cases) {
      const csv = join(dir, 'bad.csv');
      writeFileSync(csv, text);
      const r = tasim('calibrate', '--gpu', 'a100-80gb', '--stack', 'fastertransformer', '--measurements', csv, '-o', join(dir, 'x.yaml'));
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });
});
