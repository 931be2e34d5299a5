// The split of a site's bodies between the machines of a sharded build (`build --shard K/N`):
// a source belongs to the shard its path (relative to the site root) hashes to, so the same
// file always lands in the same shard, whatever else the archive holds.
import { createHash } from 'node:crypto';
import { UsageError } from '../diagnostics.ts';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The shard named by `--shard K/N`; a UsageError for anything else. */
export function parseShard(flag: string): Shard {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(flag);
  const shard = match && { index: Number(match[1]), count: Number(match[2]) };
  if (!shard || shard.index > shard.count || !Number.isSafeInteger(shard.count)) {
    throw new UsageError(
      `--shard must be K/N, two whole numbers with 1 <= K <= N: the K-th of N shards (e.g. --shard 2/3), got "${flag}"`,
    );
  }
  return shard;
}

/** Whether the source at `path` (site-relative, forward slashes) is rendered by `shard`. */
export function inShard(path: string, shard: Shard): boolean {
  // The first 48 bits of the hash: plenty for an even split, and exact in a JavaScript number.
  const bucket = Number.parseInt(createHash('sha256').update(path).digest('hex').slice(0, 12), 16) % shard.count;
  return bucket === shard.index - 1;
}
