/** `tasim validate --report`: published figures against the simulation. */
import type { ValidationReport } from '../sim/validation/validate.js';
import type { ReportDoc } from './report-doc.js';
import { renderHtml } from './render-html.js';

function validationReportDoc(v: ValidationReport, command: string, generated = new Date().toISOString()): ReportDoc {
  return {
    title: 'tasim against published figures',
    command,
    context: ['calibration rows set a fitted constant; validation rows were never used to fit; reference rows carry no tolerance'],
    generated,
    validation: {
      rows: v.rows,
      mean_abs_error_pct: v.mean_abs_error_pct,
      max_abs_error_pct: v.max_abs_error_pct,
      calibration_mean_abs_error_pct: v.calibration_mean_abs_error_pct,
    },
  };
}

export function validationReport(v: ValidationReport, command: string): string {
  return renderHtml(validationReportDoc(v, command));
}
