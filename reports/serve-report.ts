/** `tasim serve --report` and capacity tables: serving runs of one or more machines on one page. */
import type { ServeDocument } from '../sim/serving/result.js';
import type { ReportDoc } from './report-doc.js';
import { renderHtml } from './render-html.js';

function serveLabel(r: ServeDocument): string {
  return `${r.arch} x${r.devices}${r.stack ? ` (${r.stack})` : ''}${r.replicas > 1 ? `, ${r.replicas} replicas` : ''}, ${r.policy}`;
}

function serveReportDoc(results: readonly ServeDocument[], command: string, title?: string, generated = new Date().toISOString()): ReportDoc {
  const r = results[0];
  return {
    title: title ?? (results.length === 1 && r ? `${serveLabel(r)} serving ${r.model}` : `Serving ${r?.model ?? ''}`),
    command,
    context: r ? [r.arrivals] : [],
    generated,
    serving: { runs: results.map((x) => ({ label: serveLabel(x), result: x })) },
  };
}

export function serveReport(results: readonly ServeDocument[], command: string, title?: string): string {
  return renderHtml(serveReportDoc(results, command, title));
}
