#!/usr/bin/env node
/** The tasim command line: wires arch, workloads, sim, dse and reports; no model logic here. */
import { readFileSync } from 'node:fs';

// `tasim ... | head` closes the pipe before everything is written: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  // What yargs prints for --version, without loading the command line's modules.
  process.stdout.write(`${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`);
} else {
  const { runTasim } = await import('./program.js');
  process.exitCode = await runTasim(args);
}
