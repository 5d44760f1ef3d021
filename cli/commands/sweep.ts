/** `tasim sweep`: explore a space file in parallel, results appended as they finish, fronts at the end. */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Argv } from 'yargs';
import { UserError } from '../../arch/user-error.js';

/** Worker threads at most: each costs tens of MB; more than the cores only wait. */
const MAX_WORKERS = 256;

interface SweepArgs {
  space: string;
  out: string;
  workers?: number;
  resume: boolean;
  shard?: string;
  seed?: number;
  'max-designs'?: number;
  json: boolean;
  quiet: boolean;
}

async function runSweep(a: SweepArgs): Promise<void> {
  // Loaded on use: `tasim simulate` need not pay for the pool and the sweep code.
  const [{ parseShard }, { sweep }, { frontTables }, { shellWord }] = await Promise.all([
    import('../../dse/shard.js'),
    import('../../dse/sweep.js'),
    import('../format/front.js'),
    import('../../dse/reproduce.js'),
  ]);
  const workers = a.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS)
    throw new UserError({
      input: '--workers',
      field: String(a.workers),
      problem: `expected a whole number from 0 to ${MAX_WORKERS}`,
      fix: `e.g. --workers ${availableParallelism()} (the cores here; 0 runs in the main thread)`,
    });
  if (a.seed !== undefined && (!Number.isInteger(a.seed) || a.seed < 0))
    throw new UserError({ input: '--seed', field: String(a.seed), problem: 'expected a whole number >= 0', fix: 'e.g. --seed 7' });
  const maxDesigns = a['max-designs'];
  if (maxDesigns !== undefined && !(Number.isInteger(maxDesigns) && maxDesigns >= 1))
    throw new UserError({ input: '--max-designs', field: String(maxDesigns), problem: 'expected a whole number >= 1', fix: 'e.g. --max-designs 500000' });
  // Rows are on disk as soon as each design finishes; an interrupt only loses the designs in flight.
  process.once('SIGINT', () => {
    process.stderr.write(`\ntasim: interrupted; finished designs are in ${a.out}/results.jsonl. Continue with --resume.\n`);
    process.exit(130);
  });
  const s = await sweep(a.space, {
    out: a.out,
    workers,
    resume: a.resume,
    shard: a.shard ? parseShard(a.shard) : undefined,
    seed: a.seed,
    maxDesigns,
    command: ['tasim', ...process.argv.slice(2)].join(' '),
    progress: a.quiet ? null : process.stderr,
  });
  if (a.json) {
    process.stdout.write(
      `${JSON.stringify({ dir: s.dir, planned: s.planned, evaluated: s.evaluated, skipped: s.skipped, excluded: s.excluded, rows: s.rows, infeasible: s.infeasible, pareto: s.pareto }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `${s.space.name}: ${s.planned} designs (${s.evaluated} evaluated now, ${s.skipped} already done, ${s.excluded} ruled out by constraints); ${s.rows} in results.jsonl, ${s.infeasible} infeasible\n\n`,
  );
  const html = join(s.dir, 'report.html');
  process.stdout.write(
    `${frontTables(s.pareto)}\nwritten: ${s.dir}/results.jsonl, pareto.json, pareto.csv, manifest.json\n` +
      `report: tasim report ${shellWord(s.dir)} -o ${shellWord(html)}, then open ${pathToFileURL(resolve(html)).href} in a browser\n`,
  );
}

export function registerSweep(y: Argv): Argv {
  return y.command(
    'sweep <space>',
    'explore a design space file: designs in parallel, results.jsonl, Pareto fronts',
    (b) =>
      b
        .positional('space', { type: 'string', demandOption: true, describe: 'space file (YAML), e.g. dse/spaces/dfx-gpt2.yaml' })
        .option('out', { type: 'string', demandOption: true, describe: 'run directory to write (results.jsonl, pareto.json, ...)' })
        .option('workers', { type: 'number', describe: 'worker threads (default: the number of cores; 0 = main thread)' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue a run in --out, skipping designs already done' })
        .option('shard', { type: 'string', describe: 'evaluate only shard i of n (i/n, 1-based), for cluster array jobs' })
        .option('seed', { type: 'number', describe: 'seed of random, lhs and nsga2 strategies (overrides the space)' })
        .option('max-designs', { type: 'number', describe: 'designs a sweep may evaluate before it is refused (default 100000; see docs/limits.md)' })
        .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary with the fronts' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
        .example('$0 sweep dse/spaces/dfx-gpt2.yaml --out runs/dfx --workers 2', 'the shipped DFX space on 2 cores')
        .example('$0 sweep dse/spaces/dfx-gpt2.yaml --out runs/dfx-3 --shard 3/8', 'one shard of eight'),
    async (args) => runSweep(args as unknown as SweepArgs),
  );
}
