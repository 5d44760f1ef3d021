/** One design (`tasim simulate --report`) and accelerator-vs-GPU comparisons (`tasim compare --report`). */
import type { SimResult } from '../sim/result.js';
import type { ConfigView, ComparisonRow, DesignView, ReportDoc } from './report-doc.js';
import { renderHtml } from './render-html.js';

export interface DesignReportInput {
  /** Simulate documents of one design, one per request (with `detail` for the timeline and roofline). */
  results: SimResult[];
  config?: ConfigView;
  command: string;
  title?: string;
  generated?: string;
}

function designViewOf(results: SimResult[], config: ConfigView | undefined, command: string, id = 'design'): DesignView {
  const r = results[0];
  return {
    id,
    label: r ? `${r.arch} x${r.devices} on ${r.model}` : id,
    params: {},
    runs: results.map((x) => ({ request: { input: x.input_tokens, output: x.output_tokens, batch: x.batch }, result: x })),
    config,
    command,
  };
}

export function designReportDoc(x: DesignReportInput): ReportDoc {
  const r = x.results[0];
  return {
    title: x.title ?? (r ? `${r.arch} x${r.devices} on ${r.model}, ${r.input_tokens}:${r.output_tokens}` : 'Design'),
    command: x.command,
    context: r ? [`${r.template} template, ${r.mode} mode${r.overrides.length ? `, ${r.overrides.join(', ')}` : ''}`] : [],
    generated: x.generated ?? new Date().toISOString(),
    designs: [designViewOf(x.results, x.config, x.command)],
  };
}

export function designReport(x: DesignReportInput): string {
  return renderHtml(designReportDoc(x));
}

export interface CompareReportInput {
  accelerator: SimResult;
  /** One or more GPU simulate documents (or any other baselines). */
  gpus: SimResult[];
  config?: ConfigView;
  command: string;
  title?: string;
  generated?: string;
}

/** A simulate document as a comparison row, labelled with its model (and GPU stack). */
function comparisonRow(r: SimResult, kind: ComparisonRow['kind'], label = [`${r.arch} x${r.devices}`, r.model, ...(r.stack ? [r.stack] : [])].join(' · ')): ComparisonRow {
  const f = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return {
    label,
    short: `${r.arch} x${r.devices}${r.stack ? ` ${r.stack}` : ''}`,
    kind,
    model: r.model,
    ...(r.stack ? { stack: r.stack } : {}),
    latency_s: f(r.latency_s),
    ttft_s: f(r.ttft_s),
    tokens_per_s: f(r.tokens_per_s),
    tokens_per_j: f(r.tokens_per_j),
    inferences_per_s: f(r.inferences_per_s),
    energy_per_inference_j: f(r.energy_per_inference_j),
    ...(r.feasible ? {} : { reason: r.reason ?? 'infeasible' }),
  };
}

export function compareReportDoc(x: CompareReportInput): ReportDoc {
  const a = x.accelerator;
  return {
    title: x.title ?? `${a.arch} x${a.devices} vs ${x.gpus.map((g) => `${g.arch} x${g.devices}`).join(', ')} on ${a.model}, ${a.input_tokens}:${a.output_tokens}`,
    command: x.command,
    context: [],
    generated: x.generated ?? new Date().toISOString(),
    designs: [designViewOf([a], x.config, x.command, 'accelerator')],
    comparison: {
      title: `${a.model}, ${a.input_tokens} input and ${a.output_tokens} output tokens, batch ${a.batch}`,
      rows: [comparisonRow(a, 'accelerator'), ...x.gpus.map((g) => comparisonRow(g, 'gpu'))],
    },
  };
}

export function compareReport(x: CompareReportInput): string {
  return renderHtml(compareReportDoc(x));
}
