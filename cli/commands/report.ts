/** `tasim report <run dir | results.jsonl> -o report.html`: one self-contained HTML page for a sweep. */
import type { Argv } from 'yargs';
import type { DesignView } from '../../reports/report-doc.js';
import type { RunData } from '../../reports/run-files.js';
import type { Manifest } from '../../dse/run-dir.js';

interface ReportArgs {
  run: string;
  out: string;
  details: number;
  title?: string;
}

/** A manifest written by tasim sweep (not a minimal one written by other tools) names all a command needs. */
function sweepManifest(run: Pick<RunData, 'manifest'>): Manifest | undefined {
  const m = run.manifest as Partial<Manifest> | undefined;
  return m?.mixes && m.model_refs && m.derived && m.base?.set ? (m as Manifest) : undefined;
}

async function runReport(a: ReportArgs): Promise<void> {
  // Loaded on use, so that the CLI starts with what the command needs (d3 only for reports).
  const [{ frontForDetail, sweepView }, { sweepReportParts }, { simulateDesignDetail }, { reproduceCommands }, { readRun }, { commandLine, writeReport }] = await Promise.all([
    import('../../reports/sweep-data.js'),
    import('../../reports/sweep-report.js'),
    import('../design-detail.js'),
    import('../../dse/reproduce.js'),
    import('../read-run.js'),
    import('../write-report.js'),
  ]);
  let m: Manifest | undefined | null = null;
  // Runs written before rows carried their commands get them from the same function the sweep uses.
  const run = readRun(a.run, (r, head) => {
    if (m === null) m = sweepManifest(head);
    if (m) r.reproduce ??= reproduceCommands(m, r.params);
  });
  const details: DesignView[] = [];
  if (run.manifest && a.details > 0) {
    const view = sweepView(run);
    for (const i of frontForDetail(view, a.details)) {
      const hash = view.hashes[i];
      const line = run.results.find((r) => r.hash === hash);
      if (line) details.push(await simulateDesignDetail(run.manifest as unknown as Manifest, hash, line.params, line.reproduce));
    }
  }
  writeReport(a.out, sweepReportParts({ run, details, command: commandLine(), title: a.title }));
}

export function registerReport(y: Argv): Argv {
  return y.command(
    'report <run>',
    'write one self-contained HTML report of a sweep (Pareto, designs, comparison with GPU baselines)',
    (b) =>
      b
        .positional('run', { type: 'string', demandOption: true, describe: 'a run directory written by tasim sweep, or a results.jsonl' })
        .option('out', { alias: 'o', type: 'string', default: 'report.html', describe: 'the HTML file to write' })
        .option('details', {
          type: 'number',
          default: 40,
          describe: 'front designs re-simulated with full detail, the fastest of each model in turn (needs the run manifest); 0 for none',
        })
        .option('title', { type: 'string', describe: 'page title' })
        .example('$0 report runs/dfx -o runs/dfx/report.html', 'report a sweep'),
    async (args) => runReport(args as unknown as ReportArgs),
  );
}
