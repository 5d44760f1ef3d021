/**
 * Baselines of a space (e.g. a GPU) run on every scenario once, for reports
 * to draw next to the fronts. A baseline whose preset this build does not
 * have is skipped with a warning rather than failing the sweep.
 */
import { dirname, resolve } from 'node:path';
import { type Arch, loadArch } from '../arch/load.js';
import { looksLikePath } from '../arch/read-spec.js';
import { isUserError } from '../arch/user-error.js';
import { mixOf, rowMetrics, simulateMix } from './evaluate.js';
import { baselineCommands } from './reproduce.js';
import type { BaselineEntry } from './run-dir.js';
import type { Space } from './space.js';

export async function runBaselines(space: Space, warn: (msg: string) => void): Promise<BaselineEntry[]> {
  const out: BaselineEntry[] = [];
  for (const b of space.baselines) {
    // A spec file is named relative to the space file, as every path in it.
    const ref = looksLikePath(b.arch) ? resolve(dirname(space.file), b.arch) : b.arch;
    let arch: Arch;
    try {
      arch = await loadArch(ref, { devices: b.devices, stack: b.stack, set: b.set });
    } catch (e) {
      if (!isUserError(e)) throw e;
      warn(`baseline "${b.label}" skipped: ${e.message}`);
      continue;
    }
    for (const sc of space.scenarios) {
      const mix = mixOf(space, sc.mix);
      try {
        const r = rowMetrics(simulateMix(arch, sc.modelRef, mix), mix);
        out.push({
          label: b.label,
          arch: b.arch,
          devices: arch.spec.devices,
          ...(b.stack ? { stack: b.stack } : {}),
          model: sc.model,
          mix: sc.mix,
          ...r,
          reproduce: baselineCommands({ ...b, arch: ref }, sc.modelRef, mix),
        });
      } catch (e) {
        if (!isUserError(e)) throw e;
        warn(`baseline "${b.label}" on ${sc.model}/${sc.mix} skipped: ${e.message}`);
      }
    }
  }
  return out;
}
