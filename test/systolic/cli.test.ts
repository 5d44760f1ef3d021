/** The systolic template through the built CLI (npm run build first): simulate, compare, sweep and their agreement. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const tasim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
const json = (...args: string[]) => {
  const r = tasim(...args, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('tasim with the systolic template (built CLI)', () => {
  it('simulate prints the summary, the arrays and the die area by component', () => {
    const r = tasim('simulate', '--arch', 'tpu-v4', '--devices', '2', '--model', 'gpt2', '--input', '64', '--output', '16');
    expect(r.status, r.stderr).toBe(0);
    for (const s of ['tpu-v4 x2 (systolic)', 'time to first token', 'sync', 'mxu', 'hbm', 'ici', 'area per device', 'systolic arrays (8 x 128x128 PEs)', 'global buffer', 'fits'])
      expect(r.stdout).toContain(s);
  });

  it('simulate --json gives the numbers the library gives, with ASIC area as resources', async () => {
    const doc = json('simulate', '--arch', 'tpu-v4', '--model', 'gpt2-medium', '--input', '128', '--output', '8', '--batch', '2', '--set', 'array.dataflow=output_stationary');
    const lib = simulate(await loadArch('tpu-v4', { set: ['array.dataflow=output_stationary'] }), buildWorkload(loadModel('gpt2-medium'), { input: 128, output: 8, batch: 2 }));
    expect(doc.template).toBe('systolic');
    expect(doc.latency_s).toBe(lib.latency_s);
    expect(doc.energy_j).toBe(lib.energy_j);
    expect(doc.resources.kind).toBe('asic');
    expect(doc.resources.area_mm2).toBe(lib.resources?.kind === 'asic' ? lib.resources.area_mm2 : NaN);
    expect(doc.overrides).toContain('array.dataflow=output_stationary');
  });

  it('compare against a GPU baseline: both documents and the ratios', () => {
    const c = json('compare', '--arch', 'tpu-v4', '--gpu', 'a100-40gb', '--stack', 'fastertransformer', '--model', 'gpt2-medium', '--input', '64', '--output', '32');
    expect(c.accelerator.template).toBe('systolic');
    expect(c.gpu.template).toBe('gpu');
    expect(c.speedup).toBeCloseTo(c.gpu.latency_s / c.accelerator.latency_s, 12);
    expect(c.energy_efficiency_ratio).toBeCloseTo(c.gpu.energy_j / c.accelerator.energy_j, 12);
    const alone = json('simulate', '--arch', 'tpu-v4', '--model', 'gpt2-medium', '--input', '64', '--output', '32');
    expect(c.accelerator.latency_s).toBe(alone.latency_s);
    const text = tasim('compare', '--arch', 'tpu-v4', '--gpu', 'a100-40gb', '--model', 'bert-base', '--input', '128', '--output', '0');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/tpu-v4 x1 .* a100-40gb x1/);
  });

  it.each([
    [['--sparsity', '2:4'], /--sparsity: N:M: the tpu-v4 design has no N:M sparsity support/],
    [['--set', 'precision.weights=fp16'], /precision.weights: the systolic datapath has no fp16 weights \(it supports bf16, int8\)/],
    [['--set', 'array.dataflow=diagonal'], /array.dataflow/],
    [['--devices', '2', '--set', 'interchip.ring_links=7'], /interchip.ring_links: a ring cannot drive 7 links on a chip with 6/],
  ])('bad input %j: one line, exit code 2', (extra, pattern) => {
    const r = tasim('simulate', '--arch', 'tpu-v4', '--model', 'gpt2', '--input', '8', '--output', '8', ...extra);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it('a design over its die budget is infeasible: exit code 3 with the reason', () => {
    const r = tasim('simulate', '--arch', 'tpu-v4', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'cores=8', '--json');
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(false);
    expect(doc.reason).toMatch(/mm² of silicon, over the 600 mm² die budget/);
  });

  it('sweep of the shipped space: a design has the latency and area simulate gives', () => {
    const out = mkdtempSync(join(tmpdir(), 'tasim-systolic-'));
    const r = tasim('sweep', 'dse/spaces/systolic-gpt2.yaml', '--out', out, '--workers', '0', '--shard', '2/6', '--quiet');
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    const space = {
      requests: [
        [64, 64, 1, 0.5],
        [512, 32, 1, 0.3],
        [128, 128, 8, 0.2],
      ] as const,
    };
    const one = rows.find((x) => x.feasible);
    if (!one) throw new Error('no feasible design in the shard');
    const p = one.params;
    const set = [`array.height=${p['array.height']}`, `array.width=${p['array.width']}`, `cores=${p.cores}`, `hbm.bandwidth=${p['hbm.bandwidth']} GB/s`];
    let latency = 0;
    for (const [input, output, batch, weight] of space.requests) {
      const doc = json(
        'simulate',
        '--arch',
        'tpu-v4',
        '--model',
        p.model,
        '--input',
        String(input),
        '--output',
        String(output),
        '--batch',
        String(batch),
        ...set.flatMap((s) => ['--set', s]),
      );
      expect(doc.resources.area_mm2).toBe(one.metrics.area_mm2);
      latency += weight * doc.latency_s;
    }
    expect(Math.abs(latency - one.metrics.latency_s)).toBeLessThanOrEqual(1e-12 * latency);
  }, 60_000);
});
