/** `tasim report`: a sweep run (and detail for some of its designs) as one HTML page. */
import type { DesignView, ReportDoc } from './report-doc.js';
import { renderHtmlParts } from './render-html.js';
import type { RunData } from './run-files.js';
import { sweepView } from './sweep-data.js';

export interface SweepReportInput {
  run: RunData;
  /** Designs simulated with detail, keyed by their hash in `id`. */
  details?: DesignView[];
  command: string;
  title?: string;
  generated?: string;
}

function sweepReportDoc(x: SweepReportInput): ReportDoc {
  const m = x.run.manifest;
  const view = sweepView(x.run);
  const context: string[] = [];
  if (m) {
    context.push(`run ${m.name}: ${m.command} (${m.space_file}), ${m.created}, tasim ${m.tasim_version}`);
    context.push(
      `base ${m.base.arch}${m.base.devices !== undefined ? ` x${m.base.devices}` : ''} on ${m.base.model}; requests ${m.requests.map((r) => `${r.input}:${r.output}${r.batch > 1 ? ` x${r.batch}` : ''}${r.weight !== undefined ? ` (weight ${r.weight})` : ''}`).join(', ')}`,
    );
  } else context.push(`${x.run.source}: no manifest; objectives ${view.objectives.map((o) => `${o.metric} (${o.goal})`).join(', ')} assumed and the front computed here`);
  return {
    title: x.title ?? `Design space: ${view.name}`,
    command: x.command,
    context,
    generated: x.generated ?? new Date().toISOString(),
    sweep: view,
    designs: x.details ?? [],
  };
}

/** The page as pieces to write one after another (reports/render-html.ts). */
export function sweepReportParts(x: SweepReportInput): string[] {
  return renderHtmlParts(sweepReportDoc(x));
}
