import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { readSparsityArg } from '../../workloads/sparsity.js';
import { GOLDEN_CASES, type GoldenCase, caseId } from './cases.js';

type Pinned = Record<string, number | string | boolean>;
const FILE = join(import.meta.dirname, 'golden.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const RESOURCE_KEYS = ['dsp', 'lut', 'ff', 'bram', 'uram'] as const;

async function pinned(c: GoldenCase): Promise<Pinned> {
  const set = [...(c.stack ? [`stack=${c.stack}`] : []), ...(c.set ?? [])];
  const arch = await loadArch(c.arch, { set, devices: c.devices });
  const w = buildWorkload(loadModel(c.model), { input: c.input, output: c.output, batch: c.batch ?? 1 }, c.sparsity ? { sparsity: readSparsityArg(c.sparsity) } : {});
  const r = simulate(arch, w);
  const out: Pinned = { feasible: r.feasible };
  if (!r.feasible) return { ...out, reason: r.reason ?? '' };
  Object.assign(out, { latency_s: r.latency_s, ttft_s: r.ttft_s, energy_j: r.energy_j });
  if (r.resources?.kind === 'fpga') for (const k of RESOURCE_KEYS) out[k] = r.resources[k];
  else if (r.resources?.kind === 'asic') out.area_mm2 = r.resources.area_mm2;
  return out;
}

const golden: Record<string, Pinned> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};

describe('golden whole-run values of every preset (1e-9 relative)', () => {
  if (UPDATE) {
    it('rewrites golden.json', async () => {
      const next: Record<string, Pinned> = {};
      for (const c of GOLDEN_CASES) next[caseId(c)] = await pinned(c);
      writeFileSync(FILE, `${JSON.stringify(next, null, 1)}\n`);
    });
    return;
  }
  it('pins every case and no stale one', () => {
    expect(Object.keys(golden).sort()).toEqual(GOLDEN_CASES.map(caseId).sort());
  });
  it.each(GOLDEN_CASES.map((c) => [caseId(c), c] as const))('%s', async (id, c) => {
    const want = golden[id];
    const got = await pinned(c);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) {
      if (typeof v === 'number') expect(Math.abs((got[k] as number) - v), `${k}: ${got[k]} vs ${v}`).toBeLessThanOrEqual(1e-9 * Math.abs(v));
      else expect(got[k], k).toEqual(v);
    }
  });
});
