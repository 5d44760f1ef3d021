#!/usr/bin/env node
/** The tasim command line: wires arch, workloads, sim, dse and reports; no model logic here. */
import { hideBin } from 'yargs/helpers';
import { runTasim } from './program.js';

// `tasim ... | head` closes the pipe before everything is written: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await runTasim(hideBin(process.argv));
