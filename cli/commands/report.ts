/** `tasim report <run dir | results.jsonl> -o report.html`: one self-contained HTML page for a sweep. */
import type { Argv } from 'yargs';
import type { DesignView } from '../../reports/report-doc.js';
import { frontForDetail, sweepView } from '../../reports/sweep-data.js';
import { sweepReport } from '../../reports/sweep-report.js';
import { simulateDesignDetail } from '../design-detail.js';
import type { Manifest } from '../../dse/run-dir.js';
import { readRun } from '../read-run.js';
import { commandLine, writeReport } from '../write-report.js';

interface ReportArgs {
  run: string;
  out: string;
  details: number;
  title?: string;
}

export async function runReport(a: ReportArgs): Promise<void> {
  const run = readRun(a.run);
  const details: DesignView[] = [];
  const m = run.manifest;
  if (m && a.details > 0) {
    const view = sweepView(run);
    for (const i of frontForDetail(view, a.details)) {
      const hash = view.hashes[i];
      const line = run.results.find((r) => r.hash === hash);
      if (line) details.push(await simulateDesignDetail(m as unknown as Manifest, hash, line.params));
    }
  }
  writeReport(a.out, sweepReport({ run, details, command: commandLine(), title: a.title }));
}

export function registerReport(y: Argv): Argv {
  return y.command(
    'report <run>',
    'write one self-contained HTML report of a sweep (Pareto, designs, comparison with GPU baselines)',
    (b) =>
      b
        .positional('run', { type: 'string', demandOption: true, describe: 'a run directory written by tasim sweep, or a results.jsonl' })
        .option('out', { alias: 'o', type: 'string', default: 'report.html', describe: 'the HTML file to write' })
        .option('details', { type: 'number', default: 40, describe: 'front designs re-simulated with full detail (needs the run manifest); 0 for none' })
        .option('title', { type: 'string', describe: 'page title' })
        .example('$0 report runs/dfx -o runs/dfx/report.html', 'report a sweep'),
    async (args) => runReport(args as unknown as ReportArgs),
  );
}
