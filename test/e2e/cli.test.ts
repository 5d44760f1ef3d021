import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const tasim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('tasim CLI (built binary)', () => {
  it('simulate prints a readable summary', () => {
    const r = tasim('simulate', '--arch', 'dfx', '--devices', '4', '--model', 'gpt2-xl-dfx', '--input', '64', '--output', '64');
    expect(r.status).toBe(0);
    for (const s of [
      'latency',
      'time to first token',
      'output tokens/s',
      'energy',
      'average power',
      'summarization',
      'generation',
      'qkv_projection',
      'attention',
      'ffn',
      'lm_head',
      'norm_residual',
      'sync',
      'mpu',
      'DSP',
      'BRAM',
      'fits',
    ])
      expect(r.stdout).toContain(s);
  });

  it('simulate --json prints exactly one document with the contract fields', () => {
    const r = tasim('simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '16', '--output', '8', '--json', '--set', 'clock=250MHz');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const k of [
      'arch',
      'model',
      'devices',
      'batch',
      'input_tokens',
      'output_tokens',
      'latency_s',
      'ttft_s',
      'tokens_per_s',
      'energy_j',
      'avg_power_w',
      'stages',
      'breakdown',
      'utilization',
      'resources',
    ])
      expect(doc).toHaveProperty(k);
    expect(doc.stages.summarization).toHaveProperty('seconds');
    expect(doc.stages.generation).toHaveProperty('energy_j');
    expect(doc.breakdown[0]).toHaveProperty('category');
    for (const k of ['dsp', 'lut', 'bram', 'uram', 'fits']) expect(doc.resources).toHaveProperty(k);
    expect(doc.tokens_per_s).toBeCloseTo((8 * 1) / doc.latency_s, 6);
    expect(doc.overrides).toContain('clock=250MHz');
  });

  it('validate --json lists rows with errors', () => {
    const r = tasim('validate', '--json');
    const doc = JSON.parse(r.stdout);
    expect(doc.rows.length).toBeGreaterThan(10);
    for (const k of ['id', 'metric', 'published', 'simulated', 'error_pct', 'source']) expect(doc.rows[0]).toHaveProperty(k);
    expect(typeof doc.mean_abs_error_pct).toBe('number');
    expect(typeof doc.max_abs_error_pct).toBe('number');
  });

  const dir = mkdtempSync(join(tmpdir(), 'tasim-cli-'));
  const badSpec = join(dir, 'bad.yaml');
  writeFileSync(badSpec, 'extends: dfx\nhbm:\n  bandwidth: 460 GB/s\n');
  it.each([
    [['simulate', '--arch', 'dfz', '--model', 'gpt2', '--input', '8', '--output', '8'], /unknown arch preset.*Fix: use one of: .*dfx/],
    [['simulate', '--arch', 'dfx', '--model', 'gpt5', '--input', '8', '--output', '8'], /--model: gpt5: unknown model preset/],
    [['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '1000', '--output', '100'], /1100 tokens exceed gpt2's context of 1024 positions/],
    [['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'clock=200 MHzz'], /clock: cannot read "200 MHzz" as a frequency/],
    [['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'mpu.lane=3'], /mpu.lane: unknown path "mpu.lane". Fix: use one of: .*mpu.lanes/],
    [['simulate', '--arch', badSpec, '--model', 'gpt2', '--input', '8', '--output', '8'], /bad.yaml: unknown field\(s\) hbm/],
    [['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8'], /Missing required argument: output/],
    [
      ['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'clock=-200 MHz'],
      /clock: "-200 MHz" must be greater than zero. Fix: give a positive frequency/,
    ],
    [['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'clock=fast'], /clock: cannot read "fast" as a frequency. Fix/],
    [['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'mpu.lanes=2.5'], /mpu.lanes: expected a whole number, got 2.5. Fix/],
    [
      ['simulate', '--arch', 'sta', '--model', 'fabnet-base', '--input', '128', '--output', '0'],
      /the sta template has no lowering for fft operators \(model fabnet-base\). Fix: run this model on a template that has one: gpu, fabnet/,
    ],
    [
      ['simulate', '--arch', 'fabnet-vcu128', '--model', 'fabnet-base', '--input', '128', '--output', '0', '--sparsity', '2:4'],
      /--sparsity: N:M: the fabnet-vcu128 design has no N:M sparsity support \(capability nm: none/,
    ],
    [
      ['simulate', '--arch', 'a100-40gb', '--model', 'fabnet-base', '--input', '128', '--output', '0', '--sparsity', '2:4'],
      /the plan reaches no dense weight matrix of fabnet-base/,
    ],
    [['simulate', '--arch', 'sta', '--model', 'bert-base', '--input', '128', '--output', '0', '--devices', '2'], /--devices: 2: the sta template models one device/],
    [
      ['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'precision.activations=int8'],
      /precision.activations: the dfx datapath has no int8 activations/,
    ],
    [['compare', '--arch', 'dfx', '--gpu', 'nosuch', '--model', 'gpt2', '--input', '8', '--output', '8'], /--gpu: nosuch: unknown arch preset/],
    [
      ['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--report', join(badSpec, 'sub', 'report.html')],
      /--report\/-o: .*bad.yaml\/sub\/report.html: cannot write the report/,
    ],
  ])('bad input %j: one line naming the field and the fix, non-zero exit, no stack', (args, pattern) => {
    const r = tasim(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a reader that stops early (| head) ends the command quietly, with no EPIPE trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" simulate --arch dfx --model gpt2 --input 8 --output 8 | true`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('simulate of an encoder (--output 0) reports inferences/s and energy per inference', () => {
    const r = tasim('simulate', '--arch', 'sta', '--model', 'bert-base', '--input', '128', '--output', '0');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/inferences\/s\s+[\d.]+/);
    expect(r.stdout).toMatch(/energy per inference\s+[\d.]+ m?J/);
    expect(r.stdout).not.toMatch(/tokens\/s/);
    const doc = JSON.parse(tasim('simulate', '--arch', 'sta', '--model', 'bert-base', '--input', '128', '--output', '0', '--batch', '2', '--json').stdout);
    expect(doc.inferences_per_s).toBeCloseTo(2 / doc.latency_s, 9);
    expect(doc.energy_per_inference_j).toBeCloseTo(doc.energy_j / 2, 12);
  });

  it('--debug adds the stack trace', () => {
    const r = tasim('simulate', '--arch', 'dfz', '--model', 'gpt2', '--input', '8', '--output', '8', '--debug');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('an infeasible design is reported as such with exit code 3', () => {
    const r = tasim('simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'mpu.lanes=64', '--set', 'mpu.d=128', '--json');
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(false);
    expect(doc.reason).toMatch(/does not fit/);
  });
});
