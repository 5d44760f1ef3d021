import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

describe('module layering', () => {
  it('data flows one way (dependency-cruiser rules in .dependency-cruiser.cjs)', async () => {
    const dirs = ['arch', 'workloads', 'sim', 'dse', 'reports', 'cli'].filter((d) => existsSync(d));
    const result = await cruise(dirs, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);
});
