#!/usr/bin/env node
/** The tasim command line: wires arch, workloads, sim, dse and reports; no model logic here. */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError } from '../arch/user-error.js';
import { registerCompare } from './commands/compare.js';
import { registerReport } from './commands/report.js';
import { registerServe } from './commands/serve.js';
import { registerMerge } from './commands/merge.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSweep } from './commands/sweep.js';
import { registerValidate } from './commands/validate.js';
import { reportError } from './errors.js';

// `tasim ... | head` closes the pipe before everything is written: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

const argv = hideBin(process.argv);
const debug = argv.includes('--debug');

let cli: Argv = yargs(argv)
  .scriptName('tasim')
  .usage('$0 <command> [options]')
  .option('debug', { type: 'boolean', default: false, describe: 'print stack traces on errors' })
  .strict()
  .demandCommand(1, 'name a command: simulate, compare, validate, sweep, merge, report')
  .recommendCommands()
  .help()
  .version()
  .wrap(Math.min(110, process.stdout.columns || 110))
  .fail((msg, err) => {
    throw err ?? new UserError({ input: 'command line', problem: msg ?? 'invalid arguments', fix: 'see tasim <command> --help' });
  });
cli = registerSimulate(cli);
cli = registerValidate(cli);
cli = registerCompare(cli);
cli = registerReport(cli);
cli = registerSweep(cli);
cli = registerMerge(cli);
cli = registerServe(cli);

try {
  await cli.parseAsync();
} catch (e) {
  process.exitCode = reportError(e, debug);
}
