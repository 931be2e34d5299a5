// The orchestrator: load, validate, render markdown, model, plan, render, write, with the
// time each stage took. Content problems are collected across all files before failing.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DateTime } from 'luxon';
import { loadConfig } from './config.ts';
import type { Article, BodySource, Page } from './content/articles.ts';
import { loadAuthors } from './content/authors.ts';
import { applyGitDates } from './content/git-dates.ts';
import { listFiles } from './content/load.ts';
import { checkReferences, type ReferenceSubject } from './content/references.ts';
import { eachBounded } from './concurrency.ts';
import { ContentError, Diagnostics } from './diagnostics.ts';
import { planFeeds } from './feeds/plan.ts';
import { checkSiteLinks } from './links/check.ts';
import { LinkRecorder } from './links/record.ts';
import { recentArticles } from './feeds/sitemap.ts';
import { processImages } from './images/stage.ts';
import { BodyReader, defaultWorkers, renderBodies } from './markdown/bodies.ts';
import { collectStatic } from './output/assets.ts';
import { BodyCache, BodyIndex } from './output/cache.ts';
import { renderFingerprint } from './output/fingerprint.ts';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from './output/out-folder.ts';
import type { Writer } from './output/writer.ts';
import { RenderContext } from './render/context.ts';
import { TemplateEngine } from './render/engine.ts';
import { planPages } from './render/pages.ts';
import { indexForSearch } from './search/pagefind.ts';
import { buildSite } from './site/model.ts';
import { PUBLISHED_ONLY, scheduleOf, type Inclusion, type Schedule } from './site/schedule.ts';
import { RecordStore } from './incremental/records.ts';

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
  /** Worker threads for markdown. @default the machine's cores */
  workers?: number;
  /** Records kept from earlier builds in this process (the dev server's); none by default. */
  records?: RecordStore;
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
}

export interface BuildResult {
  diagnostics: Diagnostics;
  /** What was left out for not being out yet, and when the next scheduled article goes live. */
  schedule: Schedule;
  stats: BuildStats;
  timings: [stage: string, milliseconds: number][];
}

/** Builds the site; on any failure the writer's partial output is thrown away. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const persistent = options.cacheDir !== false;
  const cacheDir =
    options.cacheDir === false ? await mkdtemp(join(tmpdir(), 'masthead-cache-')) : (options.cacheDir ?? defaultCacheDir(options.root));
  try {
    return await runStages(options, cacheDir, persistent);
  } catch (error) {
    await options.writer.abort();
    throw error;
  } finally {
    if (!persistent) await rm(cacheDir, { recursive: true, force: true });
  }
}

async function runStages(options: BuildOptions, cacheDir: string, persistent: boolean): Promise<BuildResult> {
  const { root } = options;
  // Sees every file the site gets, for the link check.
  const writer = await LinkRecorder.open(options.writer, persistent ? cacheDir : undefined);
  const diagnostics = new Diagnostics();
  const timings: BuildResult['timings'] = [];
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings.push([stage, now - started]);
    started = now;
  };
  const failIfErrors = () => {
    if (diagnostics.errorCount() > 0) throw new ContentError(diagnostics);
  };

  const config = await loadConfig(root, diagnostics, { baseUrl: options.baseUrl });
  const registry = await loadAuthors(root, diagnostics);
  if (!config) failIfErrors();
  const sources: BodySource[] = [];
  const references: ReferenceSubject[] = [];
  // Every source's text, hashed: with the render fingerprint, it tells a build that changes nothing.
  const contentHash = createHash('sha256').update(JSON.stringify(registry ? [...registry.entries] : null));
  const records = options.records ?? new RecordStore();
  for (const [dir, kind] of [
    ['content/articles', 'article'],
    ['content/pages', 'page'],
  ] as const) {
    for (const path of await listMarkdown(root, dir, diagnostics)) {
      const loaded = records.load(root, path, kind, config!, diagnostics);
      if (!loaded) continue;
      contentHash.update(path).update(loaded.textHash);
      if (loaded.read.body) sources.push(loaded.read.body);
      if (loaded.read.references) references.push(loaded.read.references);
    }
  }
  records.sweep();
  const articles = sources.flatMap((s) => ('date' in s.owner ? [s.owner as Article] : []));
  const pages = sources.flatMap((s) => ('date' in s.owner ? [] : [s.owner as Page]));
  checkReferences(root, config!, registry ?? null, references, diagnostics);
  if (config?.gitDates) contentHash.update(await applyGitDates(root, articles, cacheDir, diagnostics));
  lap('load and validate');

  const cache = new BodyCache(cacheDir);
  const index = persistent ? await BodyIndex.open(cacheDir) : undefined;
  const markdown = await renderBodies(root, config!, sources, {
    cache,
    index: index?.entries ?? new Map(),
    workers: options.workers ?? defaultWorkers(),
    onProgress: (done, total) => options.onProgress?.('markdown', done, total),
  });
  sources.length = 0; // the bodies' text is no longer needed; let it go
  lap('markdown');
  failIfErrors();

  const imageSources = { articles, pages, registry: registry ?? null, bodies: markdown.bodies, diagnostics };
  const images = await processImages(root, config!, imageSources, { cacheDir, persistent, workers: options.workers ?? defaultWorkers() });
  lap('images');
  failIfErrors();

  const include = options.include ?? PUBLISHED_ONLY;
  const site = buildSite(config!, registry ?? null, articles, pages, { now: options.now, include });
  const schedule = scheduleOf(articles, pages, options.now, include, site.config.timezone);
  const assets = await collectStatic(root, cacheDir, diagnostics);
  assets.files.push(...images.files);
  const engine = new TemplateEngine(root, site.config.url);
  const reader = new BodyReader(root, config!, cache, markdown.bodies);
  const ctx = new RenderContext(site, engine, diagnostics, registry ?? null, markdown.bodies, reader, assets.urls, images);
  const pagePlan = planPages(ctx);
  const outputs = [
    ...pagePlan,
    ...planFeeds(
      ctx,
      pagePlan.flatMap((o) => (o.url ? [o.url] : [])),
    ),
  ];
  const fingerprint = persistent ? await renderFingerprint(root, ctx) : undefined;
  lap('model and plan');

  // What "now" decides (which articles are out, what the news sitemap holds) and the static
  // files' sizes and times complete the inputs; equal to the last build's, nothing is rendered.
  const siteHash =
    fingerprint &&
    contentHash
      .update(fingerprint)
      .update(JSON.stringify([outputs.map((o) => o.path), site.articles.map((a) => a.url), recentArticles(site).map((a) => a.url)]))
      .update(
        JSON.stringify(
          assets.files.map((file) => {
            const { size, mtimeMs } = statSync(file.from);
            return [file.path, size, mtimeMs];
          }),
        ),
      )
      .digest('hex');
  // Equal to the last build's, the site also has the links that build checked, and passed.
  if (siteHash && (await writer.reuseSite(siteHash))) {
    lap('render and write');
    await writer.commit();
    if (index && markdown.rendered > 0) await index.save(markdown.live);
    lap('commit');
    // Every file of the last build is kept, the search index's among them.
    return { diagnostics, schedule, stats: stats(writer.stats.unchanged, writer, markdown, images), timings };
  }

  let done = 0;
  // A few outputs in flight let file writes overlap with rendering the next page.
  await eachBounded(outputs, 16, async (output) => {
    const inputs =
      fingerprint &&
      createHash('sha256').update(fingerprint).update(JSON.stringify(output.inputs(), ctx.views.replaceShared)).digest('hex');
    if (++done % 200 === 0) options.onProgress?.('render', done, outputs.length);
    if (inputs && (await writer.keep(output.path, inputs))) return;
    const content = await output.produce();
    if (content !== undefined) await writer.write(output.path, content, inputs);
  });
  await eachBounded(assets.files, 64, (file) =>
    file.content === undefined ? writer.copy(file.from, file.path) : writer.write(file.path, file.content),
  );
  await writer.write(OUTPUT_MARKER, OUTPUT_MARKER_TEXT);
  lap('render and write');
  const searchFiles = await indexForSearch(ctx, pagePlan, { writer, cacheDir, fingerprint, onProgress: options.onProgress });
  lap('search index');
  await checkSiteLinks(root, site, markdown.bodies, outputs, writer, diagnostics);
  lap('check links');
  failIfErrors();

  await writer.commit();
  if (index) {
    await index.save(markdown.live);
    await cache.prune(new Set(markdown.live.keys()));
  }
  lap('commit');
  return { diagnostics, schedule, stats: stats(outputs.length + assets.files.length + 1 + searchFiles, writer, markdown, images), timings };
}

function stats(outputs: number, writer: Writer, markdown: { rendered: number; reused: number }, images: { encoded: number }): BuildStats {
  return {
    outputs,
    written: writer.stats.written,
    unchanged: writer.stats.unchanged,
    bodiesRendered: markdown.rendered,
    bodiesReused: markdown.reused,
    imagesEncoded: images.encoded,
  };
}

function listMarkdown(root: string, dir: string, diagnostics: Diagnostics): Promise<string[]> {
  return listFiles(root, dir, (name) => name.endsWith('.md'), diagnostics);
}

export const defaultCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'masthead');
