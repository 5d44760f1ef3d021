/**
 * The scenarios of a sweep (model x request mix): each has its own front and
 * its own baselines, and only designs and baselines of one scenario are
 * compared with each other.
 */
import type { Baseline, SweepView } from '../report-doc.js';
import { paramValue } from './sweep-filter.js';

export interface Scenario {
  /** null where the run does not record it (a run of one model, or a bare results.jsonl). */
  model: string | null;
  mix: string | null;
  key: string;
}

const keyOf = (model: string | null, mix: string | null) => `${model ?? ''}|${mix ?? ''}`;

function column(sw: SweepView, path: string) {
  return sw.params.find((p) => p.path === path);
}

export function scenarioOf(sw: SweepView, i: number): Scenario {
  const m = column(sw, 'model');
  const x = column(sw, 'mix');
  const model = m ? paramValue(m, i) : null;
  const mix = x ? paramValue(x, i) : null;
  const s = { model: model === null ? null : String(model), mix: mix === null ? null : String(mix) };
  return { ...s, key: keyOf(s.model, s.mix) };
}

export function inScenario(sw: SweepView, i: number, sc: Scenario): boolean {
  return scenarioOf(sw, i).key === sc.key;
}

/** A baseline belongs to a scenario when it ran the same model and mix (a run that records neither has one scenario). */
export function baselineIn(b: Baseline, sc: Scenario): boolean {
  return (sc.model === null || b.model === undefined || b.model === sc.model) && (sc.mix === null || b.mix === undefined || b.mix === sc.mix);
}

/** Every scenario with a design or a baseline, in the run's order of models and mixes. */
export function scenarios(sw: SweepView): Scenario[] {
  const models = column(sw, 'model')?.values.map(String) ?? [null];
  const mixes = column(sw, 'mix')?.values.map(String) ?? [null];
  const seen = new Set(sw.hashes.map((_, i) => scenarioOf(sw, i).key));
  const out: Scenario[] = [];
  for (const model of models) {
    for (const mix of mixes) {
      const sc = { model, mix, key: keyOf(model, mix) };
      if (seen.has(sc.key) || sw.baselines.some((b) => b.model !== undefined && baselineIn(b, sc))) out.push(sc);
    }
  }
  return out.length ? out : [{ model: null, mix: null, key: keyOf(null, null) }];
}

/** "64:64 x0.5, 256:32 x0.3": a mix's requests with their weights. */
function mixText(sw: SweepView, mix: string | null): string {
  const m = sw.mixes?.find((x) => x.name === mix) ?? (sw.mixes?.length === 1 || !sw.mixes ? { requests: sw.requests } : undefined);
  if (!m?.requests.length) return mix ?? '';
  return m.requests
    .map((r) => `${r.input}:${r.output}${r.batch > 1 ? ` batch ${r.batch}` : ''}${m.requests.length > 1 && r.weight !== undefined ? ` ×${Number(r.weight.toPrecision(3))}` : ''}`)
    .join(', ');
}

export function scenarioLabel(sw: SweepView, sc: Scenario): string {
  const mixes = column(sw, 'mix')?.values.length ?? 1;
  const mix = mixes > 1 ? `mix ${sc.mix} (${mixText(sw, sc.mix)})` : mixText(sw, sc.mix);
  return [sc.model ?? 'every design', mix].filter(Boolean).join(', ');
}

/** A GPU baseline named with its model and software stack, as every label of the page shows it. */
export function baselineLabel(b: Baseline): string {
  return [b.label, b.model, b.stack ?? 'default stack'].filter(Boolean).join(' · ');
}
