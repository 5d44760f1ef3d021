/**
 * How long a user waits for the CLI: whole processes (`node dist/cli/main.js`),
 * the median of 5 wall times each, for `tasim --version` and a small
 * simulate with a unit in --set. Bare `node` is printed beside them: the
 * floor every command pays.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';
import { median } from './measure.js';

function seconds(args: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: projectRoot(), stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push((performance.now() - t0) / 1e3);
  }
  return median(times);
}

export async function benchCliStart(): Promise<string[]> {
  const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
  const node = seconds(['-e', '0']);
  const version = seconds([cli, '--version']);
  const simulate = seconds([cli, 'simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', '8', '--set', 'clock=250MHz']);
  return [`BENCH cli_version_s ${version.toFixed(3)} s`, `BENCH cli_simulate_s ${simulate.toFixed(3)} s`, `BENCH node_start_s ${node.toFixed(3)} s`];
}
