/** `--shard i/n`: a deterministic split of a space by design hash, the same on every machine. */
import { UserError } from '../arch/user-error.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UserError({
      input: '--shard',
      field: text,
      problem: 'expected i/n with 1 <= i <= n',
      fix: 'e.g. --shard 3/8 (Slurm: --shard $((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT)',
    });
  }
  return { index, count };
}

/** Whether the design with this hash belongs to the shard (hashes are uniform hex digests). */
export function inShard(hash: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true;
  return Number.parseInt(hash.slice(0, 8), 16) % shard.count === shard.index - 1;
}
