/**
 * The tasim program as a function of its arguments, so that tests can run it
 * in-process exactly as the binary does (cli/main.ts is the binary).
 */
import yargs, { type Argv } from 'yargs';
import { UserError } from '../arch/user-error.js';
import { joinDashValues, repeatedOption } from './argv.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerCompare } from './commands/compare.js';
import { registerMerge } from './commands/merge.js';
import { registerReport } from './commands/report.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSweep } from './commands/sweep.js';
import { registerValidate } from './commands/validate.js';
import { reportError } from './errors.js';

function buildCli(argv: string[]): Argv {
  let cli: Argv = yargs(argv)
    .scriptName('tasim')
    .usage('$0 <command> [options]')
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces on errors' })
    .strict()
    .demandCommand(1, 'name a command: simulate, compare, serve, validate, sweep, merge, report, calibrate')
    .recommendCommands()
    .help()
    .version()
    // --help and --version print and return; the exit code is ours to set.
    .exitProcess(false)
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
  cli = registerCalibrate(cli);
  cli = registerServe(cli);
  return cli;
}

/** Run tasim on `args` (without node and the script); returns the exit code. */
export async function runTasim(args: readonly string[]): Promise<number> {
  const argv = joinDashValues(args);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const twice = repeatedOption(argv);
    if (twice)
      throw new UserError({ input: 'command line', field: `--${twice}`, problem: 'given more than once', fix: `give --${twice} once (only --set, --gpu-set and --slo repeat)` });
    await buildCli(argv).parseAsync();
    return Number(process.exitCode ?? 0);
  } catch (e) {
    return reportError(e, argv.includes('--debug'));
  } finally {
    process.exitCode = before;
  }
}
