// The orchestrator: load and validate, markdown, images, model and plan, render and write,
// search index, link check, commit, with the time each stage took. Content problems are
// collected across all files before failing; any failure throws the writer's output away.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DateTime } from 'luxon';
import { loadConfig } from './config.ts';
import { loadAuthors } from './content/authors.ts';
import { loadContent } from './content/sources.ts';
import { ContentError, Diagnostics } from './diagnostics.ts';
import { planFeeds } from './feeds/plan.ts';
import { processImages } from './images/stage.ts';
import { DependencyIndex, recordVersions, siteKey } from './incremental/dependencies.ts';
import { BuildSession } from './incremental/session.ts';
import { siteHash } from './incremental/site-hash.ts';
import { checkSiteLinks } from './links/check.ts';
import { LinkRecorder } from './links/record.ts';
import { BodyReader, renderBodies } from './markdown/bodies.ts';
import { collectStatic } from './output/assets.ts';
import { renderFingerprint } from './output/fingerprint.ts';
import type { Writer } from './output/writer.ts';
import { RenderContext } from './render/context.ts';
import { planPages } from './render/pages.ts';
import { Renderer } from './render/renderer.ts';
import { writeOutputs } from './render/write.ts';
import { SearchPages } from './search/pages.ts';
import { indexForSearch, type SearchIndexMode, type SearchIndexState } from './search/stage.ts';
import { buildSite } from './site/model.ts';
import { outputPath } from './site/routes.ts';
import { PUBLISHED_ONLY, scheduleOf, type Inclusion, type Schedule } from './site/schedule.ts';
import { WorkerPool } from './workers/pool.ts';

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

/** Builds the site; on any failure the writer's partial output is thrown away. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const persistent = options.cacheDir !== false;
  const cacheDir =
    options.cacheDir === false ? await mkdtemp(join(tmpdir(), 'masthead-cache-')) : (options.cacheDir ?? defaultCacheDir(options.root));
  const pool = options.pool ?? new WorkerPool({ threads: options.workers });
  try {
    return await runStages(options, cacheDir, persistent, pool);
  } catch (error) {
    await options.writer.abort();
    throw error;
  } finally {
    if (!options.pool) await pool.destroy();
    if (!persistent) await rm(cacheDir, { recursive: true, force: true });
  }
}

async function runStages(options: BuildOptions, cacheDir: string, persistent: boolean, pool: WorkerPool): Promise<BuildResult> {
  const { root } = options;
  const session = options.session ?? new BuildSession(cacheDir);
  const diagnostics = new Diagnostics();
  const { timings, lap } = stopwatch();
  const failIfErrors = () => {
    if (diagnostics.errorCount() > 0) throw new ContentError(diagnostics);
  };
  const progress = (phase: string) => (done: number, total: number) => options.onProgress?.(phase, done, total);

  const config = await loadConfig(root, diagnostics, { baseUrl: options.baseUrl });
  const registry = (await loadAuthors(root, diagnostics)) ?? null;
  if (!config) throw new ContentError(diagnostics);
  if (persistent) await session.prepare(root);
  const content = await loadContent(root, config, registry, { records: session.records, cacheDir }, diagnostics);
  const { articles, pages } = content;
  lap('load and validate');

  const { cache } = session;
  const bodyIndex = persistent ? (await session.index()).entries : new Map();
  const markdown = await renderBodies(root, config, content.sources, {
    cache,
    index: bodyIndex,
    pool,
    onProgress: progress('markdown'),
  });
  content.sources.length = 0; // the bodies' text is no longer needed; let it go
  lap('markdown');
  failIfErrors();

  const imageSources = { articles, pages, registry, bodies: markdown.bodies, diagnostics };
  const images = await processImages(root, config, imageSources, { cacheDir, persistent, pool });
  lap('images');
  failIfErrors();

  const include = options.include ?? PUBLISHED_ONLY;
  const site = buildSite(config, registry, articles, pages, { now: options.now, include });
  const schedule = scheduleOf(articles, pages, options.now, include, site.config.timezone);
  const assets = await collectStatic(root, cacheDir, diagnostics);
  assets.files.push(...images.files);
  const renderer = await Renderer.open(root, site.config.url, pool, diagnostics, await session.engine(root, site.config.url));
  const reader = new BodyReader(root, config, cache, markdown.bodies);
  const ctx = new RenderContext(site, renderer, diagnostics, registry, markdown.bodies, reader, assets.urls, images);
  const pagePlan = planPages(ctx);
  const outputs = [
    ...pagePlan,
    ...planFeeds(
      ctx,
      pagePlan.flatMap((o) => (o.url ? [o.url] : [])),
    ),
  ];
  const fingerprint = persistent ? await renderFingerprint(root, ctx) : undefined;
  // Sees every file the site gets, for the link check.
  const writer = new LinkRecorder(options.writer, session.linkStore, new Map(outputs.map((o) => [o.path, o])));
  // Sees the article pages rendered or kept, for the search index.
  const searched = new Set(site.config.search ? site.articles.map((article) => outputPath(article.url)) : []);
  const searchPages = new SearchPages(writer, searched, persistent ? SearchPages.folder(cacheDir) : undefined);
  const key = siteKey(ctx, fingerprint ?? '', outputs, assets.files);
  if (persistent) await session.restore();
  const versions = recordVersions(
    [...site.articles, ...site.pages],
    (o) => content.textHashes.get(o),
    (o) => ctx.bodyKey(o),
  );
  const dependencies = fingerprint ? new DependencyIndex(session.dependencies, key, versions) : undefined;
  lap('model and plan');

  // Equal to the last build's, the site also has the links that build checked, and passed.
  if (fingerprint && (await writer.reuseSite(siteHash(content.digest, fingerprint, outputs, site, assets.files)))) {
    lap('render and write');
    await writer.commit();
    if (markdown.rendered > 0) await session.save(markdown.live, async () => undefined);
    lap('commit');
    // Every file of the last build is kept, the search index's among them.
    const searchIndex = { kind: 'unchanged' } as const;
    return { diagnostics, schedule, stats: stats(writer.stats.unchanged, writer, markdown, images, 0), timings, searchIndex };
  }

  const render = { fingerprint, dependencies, onProgress: progress('render') };
  const { hashed } = await writeOutputs(ctx, outputs, assets.files, searchPages, render);
  lap('render and write');
  const search = await indexForSearch(ctx, pagePlan, {
    pages: searchPages,
    cacheDir,
    fingerprint,
    mode: options.searchIndex ?? 'build',
    declare: (path) => writer.outputs.add(path),
    onProgress: options.onProgress,
  });
  lap('search index');
  const linkState = { siteKey: key, previous: session.links };
  const checked = await checkSiteLinks(root, site, markdown.bodies, outputs, writer, diagnostics, linkState);
  lap('check links');
  failIfErrors();

  await writer.commit();
  session.dependencies = dependencies?.state();
  session.links = checked;
  if (persistent) await session.save(markdown.live, () => cache.prune(new Set(markdown.live.keys())));
  lap('commit');
  const outputCount = outputs.length + assets.files.length + 1 + search.files;
  const searchIndex: SearchIndexState = search.pending ? { kind: 'pending', index: search.pending } : { kind: 'current' };
  return { diagnostics, schedule, stats: stats(outputCount, writer, markdown, images, hashed), timings, searchIndex };
}

/** The time each stage took: `lap(name)` ends a stage. */
function stopwatch() {
  const timings: BuildResult['timings'] = [];
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings.push([stage, now - started]);
    started = now;
  };
  return { timings, lap };
}

function stats(
  outputs: number,
  writer: Writer,
  markdown: { rendered: number; reused: number },
  images: { encoded: number; hashed: number },
  outputsHashed: number,
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
  };
}

export const defaultCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'masthead');
