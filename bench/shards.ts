// The sharded build as a CI matrix runs it (examples/ci/sharded-build.yml): each shard's job
// renders its share of the bodies into a cache of its own, the caches are copied into one
// folder, and a final build from that folder writes the site. Measured here one job after
// another on this machine; in CI the shard jobs run at once on machines of their own, so what
// the matrix costs in wall time is the slowest shard plus the final build.
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, median, type Job, type Row, type Sample } from './measure.ts';

export interface ShardedRun {
  rows: Row[];
  /** The final build's median as a ratio to the cold build's, and whether its bytes are the same. */
  note: string;
}

/**
 * Runs `shards` shard jobs and the final build from their merged caches `runs` times, each run
 * from empty caches. `build` is a masthead build command (its args without --cache/--out);
 * `coldOut` holds the site a cold unsharded build wrote, to compare bytes with; `coldSeconds`
 * is that build's median.
 */
export function measureShardedBuild(
  build: Job,
  work: string,
  shards: number,
  runs: number,
  coldOut: string,
  coldSeconds: number,
): ShardedRun {
  const cache = (k: number) => join(work, `cache-shard-${k}`);
  const merged = join(work, 'cache-merged');
  const out = join(work, 'out-masthead-sharded');
  const clean = () => [...Array.from({ length: shards }, (_, i) => cache(i + 1)), merged, out].forEach(emptied);
  const rows: Row[] = [];
  const shardRows = Array.from({ length: shards }, (_, i) => ({ name: `masthead, shard ${i + 1}/${shards}`, samples: [] }) as Row);
  const final: Row = { name: `masthead, final build from ${shards} merged shards`, samples: [] };
  for (let run = 0; run < runs; run++) {
    clean();
    for (let k = 1; k <= shards; k++) {
      const job = { ...build, args: [...build.args, '--shard', `${k}/${shards}`, '--cache', cache(k)] };
      timed(shardRows[k - 1]!, job, run, runs);
    }
    // The CI workflow's artifact download: every shard's folder copied into one.
    for (let k = 1; k <= shards; k++) cpSync(cache(k), merged, { recursive: true });
    const job = { ...build, args: [...build.args, '--cache', merged, '--out', out] };
    timed(final, job, run, runs);
  }
  rows.push(...shardRows, final);
  const same = treeDigest(out) === treeDigest(coldOut);
  const ratio = median(final.samples.map((s) => s.seconds)) / coldSeconds;
  const slowest = Math.max(...shardRows.map((row) => median(row.samples.map((s) => s.seconds))));
  const note =
    `Sharded (${shards} shards): the final build from the merged caches took ${ratio.toFixed(2)}x the cold build's median` +
    ` (${(slowest / coldSeconds).toFixed(2)}x more for the slowest shard, in a matrix where shards run at once);` +
    ` its site is ${same ? 'byte-identical to' : 'DIFFERENT from'} the cold build's.`;
  return { rows, note };
}

function timed(row: Row, job: Job, run: number, runs: number): Sample {
  const sample = measure(job);
  row.samples.push(sample);
  process.stderr.write(`  ${row.name}: run ${run + 1} of ${runs}: ${sample.seconds.toFixed(2)} s\n`);
  return sample;
}

function emptied(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** One hash of every file under `dir`: its path and its bytes, in path order. */
export function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(file.slice(dir.length)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}
