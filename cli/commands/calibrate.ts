/** `tasim calibrate`: fit a GPU stack's fixed costs and efficiency curves to the user's measured latencies; write a spec extending the preset. */
import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { fmtNum, table } from '../format/units.js';

interface CalibrateArgs {
  gpu: string;
  stack: string;
  measurements: string;
  o: string;
  folds: number;
  sweeps: number;
}

export function registerCalibrate(y: Argv): Argv {
  return y.command(
    'calibrate',
    "fit a GPU stack's per-kernel costs and efficiency curves to your measured latencies (CSV) and write a spec extending the preset",
    (b) =>
      b
        .option('gpu', { type: 'string', demandOption: true, describe: 'GPU preset or spec to calibrate, e.g. a100-80gb' })
        .option('stack', { type: 'string', demandOption: true, describe: 'software stack the measurements ran, e.g. fastertransformer' })
        .option('measurements', { type: 'string', demandOption: true, describe: 'CSV with the header model,batch,input,output,tp,latency_ms' })
        .option('o', { type: 'string', demandOption: true, describe: 'write the fitted spec (YAML) here' })
        .option('folds', { type: 'number', default: 5, describe: 'k for the k-fold held-out error (0 or 1: skip it)' })
        .option('sweeps', { type: 'number', default: 20, describe: 'most coordinate-descent sweeps per fit' }),
    async (args) => {
      const a = args as unknown as CalibrateArgs;
      // Loaded on use, so that the CLI starts with what the command needs.
      const [{ loadArch }, { calibrateUser }, { readMeasurementsCsv }] = await Promise.all([
        import('../../arch/load.js'),
        import('../../sim/validation/gpu-calibrate-user.js'),
        import('../../sim/validation/gpu-measurements-csv.js'),
      ]);
      // loadArch refuses a --stack on an accelerator and a stack the GPU does not have.
      await loadArch(a.gpu, { stack: a.stack });
      const ms = readMeasurementsCsv(a.measurements);
      const r = await calibrateUser(ms, { gpu: a.gpu, stack: a.stack, file: a.measurements, folds: a.folds, maxSweeps: a.sweeps });
      writeFileSync(a.o, r.yaml);
      const rows = r.rows.map((x) => [x.label, fmtNum(x.measured_ms, 2), fmtNum(x.simulated_ms, 2), `${x.error_pct >= 0 ? '+' : ''}${x.error_pct.toFixed(1)} %`]);
      process.stdout.write(`${table(['row', 'measured ms', 'fitted ms', 'error'], rows)}\n\n`);
      process.stdout.write(`fit: mean |error| ${r.fit_mean_abs_pct.toFixed(1)} % over ${r.rows.length} rows\n`);
      process.stdout.write(
        r.heldout_mean_abs_pct === null
          ? 'held-out: skipped (fewer than 2 folds)\n'
          : `held-out (${Math.min(a.folds, r.rows.length)}-fold): mean |error| ${r.heldout_mean_abs_pct.toFixed(1)} %\n`,
      );
      process.stdout.write(`wrote ${a.o} (extends ${a.gpu}; ${r.params.length} fitted values marked fitted: ${a.measurements.split('/').pop()})\n`);
    },
  );
}
