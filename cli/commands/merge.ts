/** `tasim merge`: join shard run directories into one run with the fronts of a single run. */
import type { Argv } from 'yargs';

interface MergeArgs {
  dirs: string[];
  out: string;
  json: boolean;
}

export function registerMerge(y: Argv): Argv {
  return y.command(
    'merge <dirs..>',
    'join sweep run directories (shards) into one',
    (b) =>
      b
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run directories written by tasim sweep' })
        .option('out', { type: 'string', demandOption: true, describe: 'run directory to write' })
        .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary with the fronts' })
        .example('$0 merge runs/shard-* --out runs/all', 'join every shard'),
    async (args) => {
      const [{ mergeRuns }, { frontTables }] = await Promise.all([import('../../dse/merge.js'), import('../format/front.js')]);
      const a = args as unknown as MergeArgs;
      const s = mergeRuns(a.dirs, a.out, ['tasim', ...process.argv.slice(2)].join(' '));
      if (a.json) process.stdout.write(`${JSON.stringify({ dir: s.dir, rows: s.rows, sources: s.sources, pareto: s.pareto }, null, 2)}\n`);
      else process.stdout.write(`merged ${s.sources} runs: ${s.rows} designs in ${s.dir}/results.jsonl\n\n${frontTables(s.pareto)}\n`);
    },
  );
}
