import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(process.cwd(), 'dist', 'cli', 'main.js');
const tasim = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe.skipIf(!existsSync(bin))('tasim CLI: GPU baselines', () => {
  it('simulate --stack megatron on 4 x V100 prints one JSON document with the contract fields', () => {
    const out = execFileSync(
      process.execPath,
      [bin, 'simulate', '--arch', 'v100', '--devices', '4', '--stack', 'megatron', '--model', 'gpt2-xl-dfx', '--input', '64', '--output', '64', '--json'],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out);
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
    ])
      expect(r).toHaveProperty(k);
    expect(r.resources).toBeNull();
    expect(r.stack).toBe('megatron');
    expect(r.devices).toBe(4);
  });

  it('--stack on a non-GPU arch is a one-line error with exit code 2', () => {
    const r = tasim(['simulate', '--arch', 'dfx', '--stack', 'megatron', '--model', 'gpt2', '--input', '8', '--output', '8']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--stack/);
  });

  it('compare --json gives both simulate documents and the two ratios', () => {
    const r = tasim([
      'compare',
      '--arch',
      'dfx',
      '--devices',
      '4',
      '--gpu',
      'v100',
      '--gpu-devices',
      '4',
      '--stack',
      'megatron',
      '--model',
      'gpt2-xl-dfx',
      '--input',
      '32',
      '--output',
      '32',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(Object.keys(c).sort()).toEqual(['accelerator', 'energy_efficiency_ratio', 'gpu', 'speedup']);
    expect(c.accelerator.template).toBe('dfx');
    expect(c.gpu.template).toBe('gpu');
    expect(c.speedup).toBeCloseTo(c.gpu.latency_s / c.accelerator.latency_s, 9);
    expect(c.energy_efficiency_ratio).toBeCloseTo(c.gpu.energy_j / c.accelerator.energy_j, 9);
  });

  it('compare --stack vllm: 4 x U280 (DFX-style) against one A100 under vLLM on Llama-2-7B, the same numbers as simulate', () => {
    const common = ['--model', 'llama-2-7b', '--input', '128', '--output', '16', '--json'];
    const r = tasim(['compare', '--arch', 'dfx', '--devices', '4', '--gpu', 'a100-80gb', '--stack', 'vllm', ...common]);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.gpu.stack).toBe('vllm');
    expect(c.gpu.model).toBe('llama-2-7b');
    expect(c.accelerator.devices).toBe(4);
    const alone = JSON.parse(tasim(['simulate', '--arch', 'a100-80gb', '--stack', 'vllm', ...common]).stdout);
    expect(c.gpu.latency_s).toBe(alone.latency_s);
    expect(c.speedup).toBeCloseTo(alone.latency_s / c.accelerator.latency_s, 9);
    // The text form names the stack.
    expect(
      tasim(['compare', '--arch', 'dfx', '--devices', '4', '--gpu', 'h100-sxm', '--stack', 'tensorrt-llm', '--model', 'llama-2-7b', '--input', '32', '--output', '8']).stdout,
    ).toMatch(/tensorrt-llm/);
  });

  it("serve --stack vllm --policy continuous serves Llama-2-7B on an A100; one request alone takes simulate's latency", () => {
    const r = tasim([
      'serve',
      '--arch',
      'a100-80gb',
      '--stack',
      'vllm',
      '--model',
      'llama-2-7b',
      '--rate',
      '2',
      '--requests',
      '50',
      '--input',
      '128',
      '--output',
      '32',
      '--policy',
      'continuous',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.stack).toBe('vllm');
    expect(s.completed).toBe(50);
    const one = JSON.parse(
      tasim([
        'serve',
        '--arch',
        'a100-80gb',
        '--stack',
        'vllm',
        '--model',
        'llama-2-7b',
        '--rate',
        '1',
        '--requests',
        '1',
        '--input',
        '128',
        '--output',
        '32',
        '--policy',
        'continuous',
        '--json',
      ]).stdout,
    );
    const alone = JSON.parse(tasim(['simulate', '--arch', 'a100-80gb', '--stack', 'vllm', '--model', 'llama-2-7b', '--input', '128', '--output', '32', '--json']).stdout);
    expect(one.latency_s.mean).toBeCloseTo(alone.latency_s, 9);
    expect(one.ttft_s.mean).toBeCloseTo(alone.ttft_s, 9);
  });

  it('refuses generation on the encoder-only tensorrt stack (exit 3, one line naming the generating stacks); an encoder run goes', () => {
    const r = tasim(['simulate', '--arch', 'a100-80gb', '--stack', 'tensorrt', '--model', 'gpt2', '--input', '32', '--output', '32']);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(
      /INFEASIBLE: the tensorrt stack runs encoders only \(stacks\.tensorrt\.generates is false\).*use --stack fastertransformer or tensorrt-llm for generation, or --output 0\n/,
    );
    expect(tasim(['simulate', '--arch', 'a100-80gb', '--stack', 'tensorrt', '--model', 'bert-base', '--input', '32', '--output', '0']).status).toBe(0);
  });

  it('compare rejects a non-GPU --gpu and reports an infeasible GPU with exit code 3', () => {
    expect(tasim(['compare', '--arch', 'dfx', '--gpu', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8']).status).toBe(2);
    const r = tasim(['compare', '--arch', 'dfx', '--gpu', 't4', '--model', 'gpt2-xl', '--input', '8', '--output', '8', '--gpu-set', 'memory.capacity=2GiB']);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/INFEASIBLE t4/);
  });
});
