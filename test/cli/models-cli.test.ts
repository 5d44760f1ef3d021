import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const tasim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('decoder families on the command line', () => {
  it('compare --arch dfx --devices 4 --model llama-2-7b --gpu a100-80gb gives the numbers simulate gives', () => {
    const req = ['--model', 'llama-2-7b', '--input', '32', '--output', '8'];
    const c = tasim('compare', '--arch', 'dfx', '--devices', '4', '--gpu', 'a100-80gb', '--stack', 'fastertransformer', ...req, '--json');
    expect(c.status, c.stderr).toBe(0);
    const doc = JSON.parse(c.stdout);
    const dfx = JSON.parse(tasim('simulate', '--arch', 'dfx', '--devices', '4', ...req, '--json').stdout);
    const gpu = JSON.parse(tasim('simulate', '--arch', 'a100-80gb', '--stack', 'fastertransformer', ...req, '--json').stdout);
    for (const k of ['latency_s', 'energy_j', 'model_params', 'weight_bytes', 'kv_cache_bytes_per_token', 'kv_cache_bytes'] as const) {
      expect(doc.accelerator[k]).toBe(dfx[k]);
      expect(doc.gpu[k]).toBe(gpu[k]);
    }
    expect(doc.accelerator.model_params).toBe(6_738_415_616);
    expect(doc.speedup).toBeCloseTo(gpu.latency_s / dfx.latency_s, 12);
    const text = tasim('compare', '--arch', 'dfx', '--devices', '4', '--gpu', 'a100-80gb', ...req);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('llama-2-7b');
  });

  it('--model config.json gives exactly the preset result; the summary says what fits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasim-models-'));
    const raw = JSON.parse(readFileSync(join(root, 'workloads', 'presets', 'llama-3.2-1b.json'), 'utf8'));
    delete raw._source;
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(raw, null, 2));
    const run = (model: string) => JSON.parse(tasim('simulate', '--arch', 'h100-sxm', '--model', model, '--input', '128', '--output', '16', '--batch', '4', '--json').stdout);
    const preset = run('llama-3.2-1b');
    const disk = run(file);
    expect({ ...disk, model: 'llama-3.2-1b' }).toEqual(preset);
    expect(preset.memory.max_batch).toBeGreaterThan(4);
    const text = tasim('simulate', '--arch', 'h100-sxm', '--model', file, '--input', '128', '--output', '16', '--batch', '4');
    expect(text.stdout).toMatch(/model: 1\.236 B parameters/);
    expect(text.stdout).toContain(
      `fits: batch up to ${preset.memory.max_batch.toLocaleString('en-US')} at this 144-token context; context up to ${preset.memory.max_context.toLocaleString('en-US')} tokens at batch 4`,
    );
  });

  it('an impossible head split is infeasible (exit 3) with the reason; an unsupported model_type is one line (exit 2)', () => {
    const r = tasim('simulate', '--arch', 'dfx', '--devices', '4', '--model', 'qwen2-0.5b', '--input', '16', '--output', '4');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/INFEASIBLE: 14 query heads in 2 key\/value groups of 7 cannot be split over 4 devices/);
    const dir = mkdtempSync(join(tmpdir(), 'tasim-models-'));
    const file = join(dir, 'mixtral.json');
    writeFileSync(file, JSON.stringify({ model_type: 'mixtral', hidden_size: 4096 }));
    const bad = tasim('simulate', '--arch', 'dfx', '--model', file, '--input', '16', '--output', '4');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/model_type: unsupported model_type "mixtral".*llama/);
  });
});
