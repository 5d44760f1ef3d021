#!/usr/bin/env node
/** The tasim command line: wires arch, workloads, sim, dse and reports; no model logic here. */
import { hideBin } from 'yargs/helpers';
import { runTasim } from './program.js';

process.exitCode = await runTasim(hideBin(process.argv));
