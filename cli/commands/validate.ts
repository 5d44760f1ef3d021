/** `tasim validate`: every published figure the project carries against the simulation. */
import type { Argv } from 'yargs';
import type { ValidationReport } from '../../sim/validation/validate.js';
import { fmtNum, table } from '../format/units.js';

function validateTable(v: ValidationReport): string {
  const rows = v.rows.map((r) => [
    r.id,
    r.metric,
    fmtNum(r.published, 2),
    fmtNum(r.simulated, 2),
    Number.isFinite(r.error_pct) ? `${r.error_pct >= 0 ? '+' : ''}${r.error_pct.toFixed(1)} %` : 'n/a',
    r.role,
    r.tolerance_pct === null ? '-' : `${r.tolerance_pct} %`,
    r.within_tolerance === null ? '' : r.within_tolerance ? 'ok' : 'OUT',
  ]);
  return [
    table(['figure', 'metric', 'published', 'tasim', 'error', 'role', 'tolerance', ''], rows),
    '',
    `validation rows (no constant fitted to them): mean |error| ${v.mean_abs_error_pct.toFixed(1)} %, max ${v.max_abs_error_pct.toFixed(1)} %`,
    `calibration rows: mean |error| ${v.calibration_mean_abs_error_pct.toFixed(1)} %`,
  ].join('\n');
}

export function registerValidate(y: Argv): Argv {
  return y.command(
    'validate',
    'compare the simulator with every published figure it carries',
    (b) =>
      b
        .option('json', { type: 'boolean', default: false, describe: 'print rows as one JSON document' })
        .option('report', { type: 'string', describe: 'also write a self-contained HTML page of the rows to this file' }),
    async (args) => {
      // Loaded on use, so that the CLI starts with what the command needs.
      const { validateAll } = await import('../../sim/validation/validate.js');
      const v = await validateAll();
      if (typeof args.report === 'string') {
        const [{ validationReport }, { commandLine, writeReport }] = await Promise.all([import('../../reports/validation-report.js'), import('../write-report.js')]);
        writeReport(args.report, validationReport(v, commandLine()));
      }
      if (args.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
      else process.stdout.write(`${validateTable(v)}\n`);
      if (v.rows.some((r) => r.within_tolerance === false)) process.exitCode = 1;
    },
  );
}
