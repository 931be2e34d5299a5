// `masthead build --shard K/N`: one machine's part of a sharded build. It loads and validates
// the whole site as a build does, renders only shard K's bodies (articles and pages) into the
// cache folder, and writes no site: no public/, no staging folder, no manifest, no index. The
// caches of all N shards, copied into one folder, give the final build every body ready made.
import { relative, resolve, sep } from 'node:path';
import { loadConfig } from '../config.ts';
import { loadAuthors } from '../content/authors.ts';
import { inShard, type Shard } from '../content/shards.ts';
import { loadContent } from '../content/sources.ts';
import { ContentError, Diagnostics } from '../diagnostics.ts';
import { renderBodies } from '../markdown/bodies.ts';
import { WorkerPool } from '../workers/pool.ts';
import { BodyCache } from '../output/cache.ts';
import { Progress } from '../progress.ts';
import { checkBaseUrl, printDiagnostics, printTimings, sayer, type DiagnosticFormat } from './build.ts';

export interface ShardOptions {
  /** The site root: the folder holding content/ and templates/. */
  root: string;
  shard: Shard;
  /** The cache folder the shard's bodies are rendered into. */
  cacheDir: string;
  /** As the final build will be given it: a body's key covers its absolute links. */
  baseUrl?: string;
  /** Worker threads for markdown. @default the machine's cores */
  workers?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface ShardResult {
  diagnostics: Diagnostics;
  /** The shard's bodies rendered now, and those its cache folder held already. */
  rendered: number;
  reused: number;
  timings: [stage: string, milliseconds: number][];
}

/** Renders the shard's bodies into the cache; throws a ContentError when the site has errors
 * (the bodies rendered are kept: they are right whatever is wrong elsewhere). */
export async function renderShard(options: ShardOptions): Promise<ShardResult> {
  const { root, shard, cacheDir } = options;
  const diagnostics = new Diagnostics();
  let started = performance.now();
  const timings: ShardResult['timings'] = [];
  const lap = (stage: string) => {
    timings.push([stage, performance.now() - started]);
    started = performance.now();
  };

  const config = await loadConfig(root, diagnostics, { baseUrl: options.baseUrl });
  const registry = (await loadAuthors(root, diagnostics)) ?? null;
  if (!config) throw new ContentError(diagnostics);
  // Git dates change no body: a shard skips them, so it needs no history and caches only bodies.
  const content = await loadContent(root, { ...config, gitDates: false }, registry, { cacheDir }, diagnostics);
  const sources = content.sources.filter((source) => inShard(source.owner.source, shard));
  lap('load and validate');
  // No index: every body file is whole in itself, and the final build finds it by its key.
  const pool = new WorkerPool({ threads: options.workers });
  const markdown = await renderBodies(root, config, sources, {
    cache: new BodyCache(cacheDir),
    index: new Map(),
    pool,
    onProgress: (done, total) => options.onProgress?.('markdown', done, total),
  }).finally(() => pool.destroy());
  lap('markdown');
  if (diagnostics.errorCount() > 0) throw new ContentError(diagnostics);
  return { diagnostics, rendered: markdown.rendered, reused: markdown.reused, timings };
}

export interface ShardCommandOptions extends Omit<ShardOptions, 'onProgress'> {
  quiet: boolean;
  verbose: boolean;
  format: DiagnosticFormat;
}

/** Runs a shard and prints its problems and a one-line summary; returns the exit status. */
export async function runShard(options: ShardCommandOptions): Promise<number> {
  checkBaseUrl(options.baseUrl);
  const started = performance.now();
  const progress = new Progress();
  const name = `shard ${options.shard.index}/${options.shard.count}`;
  let result: ShardResult;
  try {
    result = await renderShard({ ...options, onProgress: options.quiet ? undefined : progress.update });
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    progress.clear();
    printDiagnostics(
      error.diagnostics,
      `: ${name} checks the whole site, and the final build would stop at them too`,
      options.format,
      options.root,
    );
    return 1;
  } finally {
    progress.clear();
  }
  printDiagnostics(result.diagnostics, '', options.format, options.root);
  const say = sayer(options.format);
  if (options.verbose) printTimings(say, result.timings);
  if (!options.quiet) {
    const rendered = `${result.rendered.toLocaleString('en-US')} ${result.rendered === 1 ? 'body' : 'bodies'}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    say(`${name}: rendered ${rendered} (${result.reused.toLocaleString('en-US')} reused) into ${shown(options.cacheDir)} in ${seconds} s.`);
  }
  return 0;
}

/** A folder as the person who named it would: relative to the current folder when inside it. */
function shown(dir: string): string {
  const path = relative(process.cwd(), resolve(dir));
  return path === '' ? '.' : path.startsWith(`..${sep}`) || path === '..' ? resolve(dir) : path;
}
