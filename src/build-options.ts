// What a build is given and what it gives back: the options, the counts its summary line is
// made of, the time each stage took.
import { join } from 'node:path';
import type { DateTime } from 'luxon';
import type { Diagnostics } from './diagnostics.ts';
import type { BuildSession } from './incremental/session.ts';
import type { StartedProof } from './incremental/unchanged.ts';
import type { Writer } from './output/writer.ts';
import type { SearchIndexMode, SearchIndexState } from './search/stage.ts';
import type { Inclusion, Schedule } from './site/schedule.ts';
import type { WorkerPool } from './workers/pool.ts';

export interface BuildOptions {
  /** The site root: the folder holding content/ and templates/. */
  root: string;
  writer: Writer;
  now: DateTime;
  /** Drafts and articles dated after `now` to include. @default neither */
  include?: Inclusion;
  /** Publish at this address instead of site.yaml's `url`. */
  baseUrl?: string;
  /** Where rendered bodies are kept between builds; false for none (a cold build every time).
   * @default ROOT/node_modules/.cache/masthead */
  cacheDir?: string | false;
  /** Worker threads for markdown, images and pages, when the build makes its own pool.
   * @default the machine's cores */
  workers?: number;
  /** The process's worker pool, kept from build to build (the dev server's); by default the
   * build makes one of `workers` threads and ends it when done. */
  pool?: WorkerPool;
  /** What earlier builds in this process left (the dev server's session); by default a new
   * session, read from the cache folder. */
  session?: BuildSession;
  /** When to make the search index (with `search: true`): with the build, after it by the
   * caller through the result's `pendingIndex` (the dev server), or not at all (`check`).
   * @default 'build' */
  searchIndex?: SearchIndexMode;
  /** The proof that nothing changed since the last clean build (incremental/unchanged.ts), when
   * the caller started it before anything was read: the CLI does, to keep a build that changed
   * nothing from loading the engine's modules at all. By default the build starts its own when
   * it keeps a cache and has no session. */
  proof?: StartedProof;
  /** Called as work advances, for a progress line. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface BuildStats {
  outputs: number;
  written: number;
  unchanged: number;
  bodiesRendered: number;
  bodiesReused: number;
  /** Images whose resized versions and card were encoded, not found in the cache. */
  imagesEncoded: number;
  /** Outputs whose inputs were worked out and hashed; the dependency index spared the rest. */
  outputsHashed: number;
  /** Image files read to hash their bytes: new ones, or ones whose size or time changed. */
  imagesHashed: number;
  /** Outputs rendered while the markdown stage ran, as soon as their bodies were (render/early.ts). */
  outputsEarly: number;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  /** What was left out for not being out yet, and when the next scheduled article goes live. */
  schedule: Schedule;
  stats: BuildStats;
  timings: [stage: string, milliseconds: number][];
  /** What became of the search index; with `searchIndex: 'deferred'`, it may be still to make
   * (the site keeps the previous one meanwhile). */
  searchIndex: SearchIndexState;
}

/** Where a site's caches are kept unless --cache says otherwise. */
export const defaultCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'masthead');

/** The time each stage took: `lap(name)` ends a stage. */
export function stopwatch() {
  const timings: BuildResult['timings'] = [];
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings.push([stage, now - started]);
    started = now;
  };
  return { timings, lap };
}

export function statsOf(
  outputs: number,
  writer: Writer,
  markdown: { rendered: number; reused: number },
  images: { encoded: number; hashed: number },
  outputsHashed: number,
  outputsEarly = 0,
): BuildStats {
  return {
    outputs,
    written: writer.stats.written,
    unchanged: writer.stats.unchanged,
    bodiesRendered: markdown.rendered,
    bodiesReused: markdown.reused,
    imagesEncoded: images.encoded,
    outputsHashed,
    imagesHashed: images.hashed,
    outputsEarly,
  };
}
