/**
 * Baselines of a space (e.g. a GPU) run on every scenario once, for reports
 * to draw next to the fronts. A baseline whose preset this build does not
 * have is skipped with a warning rather than failing the sweep.
 */
import { loadArch } from '../arch/load.js';
import { isUserError } from '../arch/user-error.js';
import { mixOf, rowMetrics, simulateMix } from './evaluate.js';
import type { BaselineEntry } from './run-dir.js';
import type { Space } from './space.js';

export async function runBaselines(space: Space, warn: (msg: string) => void): Promise<BaselineEntry[]> {
  const out: BaselineEntry[] = [];
  for (const b of space.baselines) {
    let arch;
    try {
      arch = await loadArch(b.arch, { devices: b.devices, stack: b.stack, set: b.set });
    } catch (e) {
      if (!isUserError(e)) throw e;
      warn(`baseline "${b.label}" skipped: ${e.message}`);
      continue;
    }
    for (const sc of space.scenarios) {
      const mix = mixOf(space, sc.mix);
      try {
        const r = rowMetrics(simulateMix(arch, sc.modelRef, mix), mix);
        out.push({ label: b.label, arch: b.arch, devices: arch.spec.devices, ...(b.stack ? { stack: b.stack } : {}), model: sc.model, mix: sc.mix, ...r });
      } catch (e) {
        if (!isUserError(e)) throw e;
        warn(`baseline "${b.label}" on ${sc.model}/${sc.mix} skipped: ${e.message}`);
      }
    }
  }
  return out;
}
