/**
 * A sweep design as a DesignView (the simulated detail when the builder
 * attached it, else its parameters, metrics and reproduce commands), and the
 * rows of one scenario's comparison with the GPU baselines.
 */
import type { Baseline, ComparisonRow, DesignView, ReproduceStep, SweepView } from '../report-doc.js';
import { baselineIn, baselineLabel, inScenario, type Scenario, scenarioOf } from './scenarios.js';
import { expandReproduce } from './reproduce-text.js';
import { paramValue } from './sweep-filter.js';

/** The design's commands, one per request of its mix, with the request each one simulates. */
function reproduceSteps(sw: SweepView, i: number): ReproduceStep[] | undefined {
  const mix = sw.mixes?.find((m) => m.name === scenarioOf(sw, i).mix) ?? { requests: sw.requests };
  const commands = expandReproduce(sw.reproduce?.[i], mix.requests);
  if (!commands) return undefined;
  return commands.map((command, k) => ({ request: mix.requests[k] ?? { input: 0, output: 0, batch: 1 }, command }));
}

export function sweepDesign(sw: SweepView, i: number, details: readonly DesignView[]): DesignView {
  const reproduce = reproduceSteps(sw, i);
  const found = details.find((d) => d.id === sw.hashes[i]);
  if (found) return { ...found, reproduce: found.reproduce ?? reproduce };
  const params: DesignView['params'] = {};
  for (const p of sw.params) {
    const v = paramValue(p, i);
    if (v !== null) params[p.path] = v;
  }
  const metrics: Record<string, number | null> = {};
  for (const [k, col] of Object.entries(sw.metrics)) metrics[k] = col[i];
  return {
    id: sw.hashes[i],
    label: `design ${sw.hashes[i]}`,
    params,
    runs: [],
    metrics,
    reproduce,
    error: reproduce
      ? 'This report carries the full breakdown for (part of) the run’s front only; run a command above with --report for this design.'
      : sw.reproduce
        ? 'This report carries the reproduce commands of the front only; every design’s are in results.jsonl (field reproduce).'
        : 'The run’s rows carry no reproduce commands (written by another tool, or a bare results.jsonl of an older run); report the run directory of a tasim sweep for them and for breakdowns.',
  };
}

const METRIC_KEYS = ['latency_s', 'ttft_s', 'tokens_per_s', 'tokens_per_j', 'inferences_per_s', 'energy_per_inference_j'] as const;

function designComparisonRow(sw: SweepView, i: number, label: string): ComparisonRow {
  const g = (k: string) => sw.metrics[k]?.[i] ?? null;
  const model = scenarioOf(sw, i).model;
  const row: ComparisonRow = {
    label: model ? `${label} ${sw.hashes[i]} · ${model}` : `${label} ${sw.hashes[i]}`,
    short: `${label} ${sw.hashes[i].slice(0, 8)}`,
    kind: 'accelerator',
    latency_s: null,
    ttft_s: null,
    tokens_per_s: null,
    tokens_per_j: null,
  };
  if (model) row.model = model;
  for (const k of METRIC_KEYS) row[k] = g(k);
  return row;
}

function baselineComparisonRow(b: Baseline): ComparisonRow {
  const g = (k: string) => b.metrics[k] ?? null;
  const row: ComparisonRow = {
    label: baselineLabel(b),
    short: `${b.arch} x${b.devices} ${b.stack ?? 'default stack'}`,
    kind: 'gpu',
    stack: b.stack ?? 'default',
    latency_s: null,
    ttft_s: null,
    tokens_per_s: null,
    tokens_per_j: null,
  };
  if (b.model) row.model = b.model;
  if (b.feasible === false) row.reason = b.reason ?? 'infeasible';
  else for (const k of METRIC_KEYS) row[k] = g(k);
  return row;
}

/** Whether the scenario's designs generate tokens (a decoder) or only encode. */
function generatesTokens(sw: SweepView, designs: readonly number[]): boolean {
  return designs.some((i) => (sw.metrics.tokens_per_s?.[i] ?? 0) > 0);
}

/** The fastest and the most efficient front designs of one scenario (and the pinned one, if it is of it) against its baselines. */
export function sweepComparison(sw: SweepView, sc: Scenario, pinned: number | null): ComparisonRow[] {
  const front = sw.front.filter((i) => inScenario(sw, i, sc));
  const best = (k: string, goal: 'min' | 'max'): number | undefined => {
    let b: number | undefined;
    for (const i of front) {
      const v = sw.metrics[k]?.[i];
      if (v === null || v === undefined || !(v > 0)) continue;
      const bv = b === undefined ? undefined : sw.metrics[k][b];
      if (bv === undefined || bv === null || (goal === 'min' ? v < bv : v > bv)) b = i;
    }
    return b;
  };
  const fast = best('latency_s', 'min');
  // A decoder's efficiency is tokens per joule, an encoder's the energy of one inference.
  const eff = generatesTokens(sw, front) ? best('tokens_per_j', 'max') : best('energy_per_inference_j', 'min');
  const rows: ComparisonRow[] = [];
  if (fast !== undefined) rows.push(designComparisonRow(sw, fast, 'fastest'));
  if (eff !== undefined && eff !== fast) rows.push(designComparisonRow(sw, eff, 'most efficient'));
  if (pinned !== null && pinned !== fast && pinned !== eff && inScenario(sw, pinned, sc)) rows.push(designComparisonRow(sw, pinned, 'pinned'));
  for (const b of sw.baselines) if (baselineIn(b, sc)) rows.push(baselineComparisonRow(b));
  return rows;
}
