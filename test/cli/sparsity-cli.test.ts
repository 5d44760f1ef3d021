/** The built CLI with --sparsity (run `npm run build` first; `npm test` does). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const tasim = (...args: string[]) => spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8' });

describe('tasim simulate --sparsity', () => {
  it('runs an N:M encoder on the STA engine', () => {
    const r = tasim('simulate', '--arch', 'sta', '--model', 'bert-base', '--input', '512', '--output', '0', '--sparsity', '2:8', '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { feasible: boolean; latency_s: number; resources: { fits: boolean } };
    expect(doc.feasible).toBe(true);
    expect(doc.latency_s).toBeGreaterThan(0);
    expect(doc.resources.fits).toBe(true);
  });

  it('runs N:M weights on DFX and accepts a per-layer file', () => {
    expect(tasim('simulate', '--arch', 'dfx-nm', '--model', 'gpt2', '--input', '8', '--output', '8', '--sparsity', '2:4', '--json').status).toBe(0);
    expect(
      tasim('simulate', '--arch', 'sta', '--model', 'bert-base', '--input', '128', '--output', '0', '--sparsity', 'test/fixtures/bert-base-inherited.yaml', '--json').status,
    ).toBe(0);
  });

  it('an unsupported or malformed pattern is one line on stderr and exit 2', () => {
    for (const sp of ['3:16', '5:4', 'half']) {
      const r = tasim('simulate', '--arch', 'sta', '--model', 'bert-base', '--input', '128', '--output', '0', '--sparsity', sp);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--sparsity/);
    }
  });
});
