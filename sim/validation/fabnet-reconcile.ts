/**
 * The FABNet figures against tasim's own per-pass breakdown, summed the way
 * the authors' performance model sums (docs/fabnet.md): it drops one round
 * of every FFT pass, and charges a pass only its rounds (an FFT round is
 * its load then its compute; a butterfly round hides its load under the
 * compute), with no first load or last drain at pass boundaries. Both are
 * counting conventions of that model, not hardware; this shows how much of
 * the gap between tasim and a figure each explains.
 */
import { loadArch } from '../../arch/load.js';
import type { FabnetArch } from '../../arch/schema/fabnet.js';
import { plannedPasses } from '../fabnet/lower.js';
import { fabnetParams } from '../fabnet/params.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { finalSteps, layerSegments } from '../../workloads/trace.js';
import { runCase } from './run-case.js';

export interface FabnetReconciliation {
  /** tasim's latency as simulated. */
  simulated_ms: number;
  /** Of it, one round (load and compute) of every FFT pass: the round the authors' model does not count. */
  dropped_round_ms: number;
  /** tasim's latency without those rounds. */
  without_dropped_round_ms: number;
  /** tasim's passes summed as the authors' model sums: FFT passes without one round, no pass boundaries. */
  authors_conventions_ms: number;
}

/** Reconcile an encoder run of `model` at `input` tokens on `arch` with the authors' counting. */
export async function reconcileFabnet(arch: string, model: string, input: number): Promise<FabnetReconciliation> {
  const a = await loadArch(arch);
  const p = fabnetParams(a.spec as FabnetArch);
  const w = buildWorkload(loadModel(model), { input, output: 0, batch: 1 });
  let dropped = 0;
  let counted = 0;
  for (const step of finalSteps(w)) {
    const runs = [...layerSegments(step), { layer: step.pre, count: 1 }, { layer: step.post, count: 1 }].filter((g) => g.layer.length > 0);
    for (const g of runs) {
      for (const { op, passes } of plannedPasses(p, g.layer)) {
        for (const c of passes) {
          if (op.kind === 'fft') {
            const round = (c.head + c.body) / c.rounds;
            dropped += g.count * round;
            counted += g.count * (c.head + c.body - round);
          } else {
            counted += g.count * c.body;
          }
        }
      }
    }
  }
  const simulated_ms = (await runCase({ arch, model, input, output: 0 })).latency_s * 1e3;
  const ms = (cycles: number) => (cycles / p.clock) * 1e3;
  return { simulated_ms, dropped_round_ms: ms(dropped), without_dropped_round_ms: simulated_ms - ms(dropped), authors_conventions_ms: ms(counted) };
}
