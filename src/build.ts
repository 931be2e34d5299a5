// The orchestrator: the proof that nothing changed (which keeps the last site whole), load and
// validate, model and plan (before the bodies when the site allows, so pages render while they
// are), markdown, images, render and write, search index, link check, commit, with the time each
// stage took. Content problems are collected across all files before failing; any failure throws
// the writer's output away. What lives from one build to the next is the session's
// (src/incremental/session.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { loadAuthors } from './content/authors.ts';
import { loadContent } from './content/sources.ts';
import { ContentError, Diagnostics } from './diagnostics.ts';
import { processImages } from './images/stage.ts';
import { imageUses, isLocalMedia } from './images/uses.ts';
import type { BuildOptions, BuildResult } from './build-options.ts';
import { defaultCacheDir, statsOf, stopwatch } from './build-options.ts';
import type { Article, Page } from './content/articles.ts';
import { indexAgainst } from './incremental/dependencies.ts';
import { BuildSession } from './incremental/session.ts';
import { siteHash } from './incremental/site-hash.ts';
import { stampsOf } from './incremental/inputs.ts';
import { reuseProvenSite, startProof } from './incremental/unchanged.ts';
import { checkSiteLinks } from './links/check.ts';
import { renderBodies, type BodyInfo } from './markdown/bodies.ts';
import { EarlyPages, PendingImages } from './render/early.ts';
import { planSite } from './render/plan-site.ts';
import { writeOutputs } from './render/write.ts';
import { indexForSearch, type SearchIndexState } from './search/stage.ts';
import { WorkerPool } from './workers/pool.ts';
import { keepHeapTight } from './heap.ts';

/** Builds the site; on any failure the writer's partial output is thrown away. */
export type { BuildOptions, BuildResult, BuildStats } from './build-options.ts';
export { defaultCacheDir } from './build-options.ts';

export async function build(options: BuildOptions): Promise<BuildResult> {
  const persistent = options.cacheDir !== false;
  const cacheDir =
    options.cacheDir === false ? await mkdtemp(join(tmpdir(), 'masthead-cache-')) : (options.cacheDir ?? defaultCacheDir(options.root));
  const pool = options.pool ?? new WorkerPool({ threads: options.workers });
  const stopKeepingHeap = keepHeapTight();
  try {
    return await runStages(options, cacheDir, persistent, pool);
  } catch (error) {
    await options.writer.abort();
    throw error;
  } finally {
    stopKeepingHeap();
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

  // Nothing changed since the last clean build (incremental/unchanged.ts): its site is kept whole.
  const proof = options.proof ?? (persistent ? await startProof(options, cacheDir) : undefined);
  const proven = await reuseProvenSite(proof, options.writer);
  if (proven) return proven;

  const config = await loadConfig(root, diagnostics, { baseUrl: options.baseUrl });
  const registry = (await loadAuthors(root, diagnostics)) ?? null;
  if (!config) throw new ContentError(diagnostics);
  if (persistent) await session.prepare(root);
  const stamps = proof && stampsOf(proof.inputs);
  const content = await loadContent(
    root,
    config,
    registry,
    { records: session.records, cacheDir, stamps, watched: session.watched },
    diagnostics,
  );
  const { articles, pages } = content;
  lap('load and validate');

  // The site, its views and the plan of outputs come before the bodies when they can, so that
  // pages can be rendered while bodies still are (render/early.ts): when the content has no
  // errors so far, and no image outside bodies, which the plan's views would show before the
  // image stage has them.
  const bodies = new Map<Article | Page, BodyInfo>();
  const pendingImages = new PendingImages();
  const planInputs = {
    options,
    config,
    content,
    registry,
    session,
    pool,
    diagnostics,
    cacheDir,
    persistent,
    bodies,
    images: pendingImages,
  };
  const frontImages = imageUses(config, { articles, pages, registry, bodies: new Map(), diagnostics }).some((use) => isLocalMedia(use.src));
  let plan = diagnostics.errorCount() === 0 && !frontImages ? await planSite(planInputs) : undefined;
  if (plan) lap('model and plan');

  const { cache } = session;
  const bodyIndex = persistent ? (await session.index()).entries : new Map();
  const early = new EarlyPages(plan && { ...plan, writer: plan.searchPages });
  const markdown = await early.settledAfter(
    renderBodies(root, config, content.sources, {
      cache,
      index: bodyIndex,
      pool,
      onProgress: progress('markdown'),
      onPlan: ({ pooled }) => early.plan(pooled),
      onBody: (owner, info) => {
        bodies.set(owner, info);
        early.known(owner, info);
      },
    }),
  );
  for (const [owner, info] of markdown.bodies) bodies.set(owner, info);
  content.sources.length = 0; // the bodies' text is no longer needed; let it go
  lap('markdown');
  failIfErrors();

  const imageSources = { articles, pages, registry, bodies: markdown.bodies, diagnostics };
  const images = await processImages(root, config, imageSources, { cacheDir, persistent, pool });
  pendingImages.resolve(images);
  lap('images');
  failIfErrors();

  if (!plan) {
    plan = await planSite(planInputs);
    lap('model and plan');
  }
  const { site, schedule, assets, ctx, pagePlan, outputs, fingerprint, writer, searchPages } = plan;
  assets.files.push(...images.files);

  // Equal to the last build's, the site also has the links that build checked, and passed.
  const wholeSite = fingerprint && siteHash(content.digest, fingerprint, outputs, site, assets.files);
  const keepProof = async () => {
    const clean = diagnostics.messages().length === 0 && !config.gitDates;
    if (proof && wholeSite && clean)
      await proof.keep({ site: wholeSite, articles, schedule, bodies: markdown.rendered + markdown.reused, zone: config.timezone });
  };
  if (wholeSite && (await writer.reuseSite(wholeSite))) {
    lap('render and write');
    await writer.commit();
    if (markdown.rendered > 0) await session.save(markdown.live, false);
    await keepProof();
    lap('commit');
    // Every file of the last build is kept, the search index's among them.
    const searchIndex = { kind: 'unchanged' } as const;
    return {
      diagnostics,
      schedule,
      stats: statsOf(writer.stats.unchanged, writer, markdown, images, 0, early.done.size),
      timings,
      searchIndex,
    };
  }

  // Which outputs the edits since the last build can have changed (the rest keep their inputs).
  if (persistent) await session.restore();
  const textHash = (owner: Article | Page) => content.textHashes.get(owner);
  const dependencies =
    fingerprint === undefined
      ? undefined
      : indexAgainst(session.dependencies, ctx, { fingerprint, outputs, files: assets.files, textHash });
  // The outputs rendered with the markdown stage are recorded, not rendered again.
  for (const [output, inputs] of early.done) if (inputs) dependencies?.record(output.path, inputs);
  const rest = early.done.size > 0 ? outputs.filter((output) => !early.done.has(output)) : outputs;
  const render = { fingerprint, dependencies, onProgress: progress('render') };
  const hashed = (await writeOutputs(ctx, rest, assets.files, searchPages, render)).hashed + early.hashed;
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
  const linkState = { siteKey: dependencies?.siteKey ?? '', previous: session.links };
  const checked = await checkSiteLinks(root, site, markdown.bodies, outputs, writer, diagnostics, linkState);
  lap('check links');
  failIfErrors();

  await writer.commit();
  session.dependencies = dependencies?.state();
  session.links = checked;
  if (persistent) await session.save(markdown.live, true);
  await keepProof();
  lap('commit');
  const outputCount = outputs.length + assets.files.length + 1 + search.files;
  const searchIndex: SearchIndexState = search.pending ? { kind: 'pending', index: search.pending } : { kind: 'current' };
  return { diagnostics, schedule, stats: statsOf(outputCount, writer, markdown, images, hashed, early.done.size), timings, searchIndex };
}
