import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch, rawSpec } from '../../arch/load.js';
import { isSourcedLeaf } from '../../arch/provenance.js';
import { presetNames, readRawSpec } from '../../arch/read-spec.js';
import { leafPaths } from '../../arch/spec-tree.js';
import type { DfxArch } from '../../arch/schema/dfx.js';

const dir = mkdtempSync(join(tmpdir(), 'tasim-arch-'));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('arch presets', () => {
  it.each(presetNames())('%s: every constant says where it comes from', (name) => {
    const { tree } = readRawSpec(name);
    const missing: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (isSourcedLeaf(v)) return;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
        return;
      }
      // Names, templates and references are labels, not model constants.
      if (typeof v === 'number' || (typeof v === 'string' && /\d/.test(v) && !/(name|part|template|extends|board|description)$/.test(path)) || typeof v === 'boolean')
        missing.push(path);
    };
    walk(tree, '');
    expect(missing).toEqual([]);
  });

  it('loads the DFX preset with SI values and provenance', async () => {
    const a = await loadArch('dfx');
    const s = a.spec as DfxArch;
    expect(s.clock).toBe(200e6);
    expect(s.board.hbm?.bandwidth).toBe(460e9);
    expect(s.dma.channel_width).toBe(64);
    expect(a.provenance.clock.kind).toBe('source');
    expect(a.provenance['router.hop_latency'].kind).toBe('fitted');
    expect(Object.isFrozen(a.spec)).toBe(true);
  });

  it('applies --set and --devices, with units, and records them', async () => {
    const a = await loadArch('dfx', { devices: 2, set: ['mpu.lanes=32', 'clock=250MHz', 'board=u55c'] });
    const s = a.spec as DfxArch;
    expect(s.devices).toBe(2);
    expect(s.mpu.lanes).toBe(32);
    expect(s.clock).toBe(250e6);
    expect(s.board.name).toBe('Alveo U55C');
    expect(a.provenance['mpu.lanes'].kind).toBe('user');
  });

  it('names the valid paths when a --set path is unknown', async () => {
    await expect(loadArch('dfx', { set: ['mpu.lane=3'] })).rejects.toThrow(/mpu\.lane: unknown path.*mpu\.lanes/);
  });

  it('rejects an unknown preset listing the known ones', async () => {
    await expect(loadArch('dfy')).rejects.toThrow(/unknown arch preset.*dfx/);
  });

  it('reads spec files that extend a preset, and reports malformed ones by line and field', async () => {
    const ok = file('mine.yaml', 'extends: dfx\nname: my DFX\nmpu:\n  lanes: 32\nclock: 300 MHz\n');
    const a = await loadArch(ok);
    expect((a.spec as DfxArch).mpu.lanes).toBe(32);
    expect((a.spec as DfxArch).mpu.d).toBe(64);
    expect((a.spec as DfxArch).clock).toBe(300e6);
    const bad = file('bad.yaml', 'extends: dfx\nmpu:\n  lanes: [32\n');
    await expect(loadArch(bad)).rejects.toThrow(/bad.yaml: line \d+: not valid YAML/);
    const typo = file('typo.yaml', 'extends: dfx\nmpu:\n  lanez: 32\n');
    await expect(loadArch(typo)).rejects.toThrow(/typo.yaml: mpu: unknown field\(s\) lanez/);
    const unit = file('unit.yaml', 'extends: dfx\nclock: 200 MHzz\n');
    await expect(loadArch(unit)).rejects.toThrow(/unit.yaml: clock: cannot read "200 MHzz"/);
    const bare = file('bare.yaml', 'extends: dfx\nclock: 200\n');
    await expect(loadArch(bare)).rejects.toThrow(/bare.yaml: clock: bare number 200 has no unit/);
    const neg = file('neg.yaml', 'extends: dfx\nmpu:\n  lanes: -4\n');
    await expect(loadArch(neg)).rejects.toThrow(/neg.yaml: mpu.lanes/);
  });

  it('reads JSON spec files too', async () => {
    const f = file('mine.json', JSON.stringify({ extends: 'dfx', devices: { value: 2, assumption: 'two boards on hand' }, dma: { hbm_channels: 16 } }));
    const a = await loadArch(f);
    expect((a.spec as DfxArch).devices).toBe(2);
    expect((a.spec as DfxArch).dma.hbm_channels).toBe(16);
    expect(a.provenance.devices).toEqual({ kind: 'assumption', text: 'two boards on hand' });
  });

  it('lists every leaf path of a preset', () => {
    const paths = leafPaths(rawSpec('dfx').tree);
    expect(paths).toContain('mpu.lanes');
    expect(paths).toContain('board.hbm.bandwidth');
    expect(paths).toContain('implementation.fp_adder.dsp');
  });
});
