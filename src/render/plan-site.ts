// The site model, its views and the plan of every output, with the writers that see them: one
// step of the build (src/build.ts), made before the bodies when the site allows, so that pages
// can be rendered while bodies still are (render/early.ts), and after the images otherwise.
import type { BuildOptions } from '../build-options.ts';
import type { SiteConfig } from '../config.ts';
import type { AuthorRegistry } from '../content/authors.ts';
import type { Article, Page } from '../content/articles.ts';
import type { Content } from '../content/sources.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { BuildSession } from '../incremental/session.ts';
import { LinkRecorder } from '../links/record.ts';
import { BodyReader, type BodyInfo } from '../markdown/bodies.ts';
import { collectStatic } from '../output/assets.ts';
import { renderFingerprint } from '../output/fingerprint.ts';
import { SearchPages } from '../search/pages.ts';
import { buildSite } from '../site/model.ts';
import { outputPath } from '../site/routes.ts';
import { PUBLISHED_ONLY, scheduleOf } from '../site/schedule.ts';
import type { WorkerPool } from '../workers/pool.ts';
import { RenderContext } from './context.ts';
import type { PendingImages } from './early.ts';
import { planOutputs } from './plan.ts';
import { Renderer } from './renderer.ts';

export interface PlanInputs {
  options: BuildOptions;
  config: SiteConfig;
  content: Content;
  registry: AuthorRegistry | null;
  session: BuildSession;
  pool: WorkerPool;
  diagnostics: Diagnostics;
  cacheDir: string;
  persistent: boolean;
  /** Filled in by the markdown stage, and the image stage's result once it is known. */
  bodies: ReadonlyMap<Article | Page, BodyInfo>;
  images: PendingImages;
}

/** The site model, its views and the plan of every output, with the writers that see them. */
export async function planSite(inputs: PlanInputs) {
  const { options, config, content, registry, session, diagnostics, bodies, images } = inputs;
  const { root } = options;
  const include = options.include ?? PUBLISHED_ONLY;
  const site = buildSite(config, registry, content.articles, content.pages, { now: options.now, include });
  const schedule = scheduleOf(content.articles, content.pages, options.now, include, site.config.timezone);
  const assets = await collectStatic(root, inputs.cacheDir, diagnostics);
  const renderer = await Renderer.open(root, site.config.url, inputs.pool, diagnostics, await session.engine(root, site.config.url));
  const reader = new BodyReader(root, config, session.cache, bodies);
  const ctx = new RenderContext(site, renderer, diagnostics, registry, bodies, reader, assets.urls, images);
  const { pages: pagePlan, outputs } = planOutputs(ctx);
  const fingerprint = inputs.persistent ? await renderFingerprint(root, ctx) : undefined;
  // Sees every file the site gets, for the link check.
  const writer = new LinkRecorder(options.writer, session.linkStore, new Map(outputs.map((o) => [o.path, o])));
  // Sees the article pages rendered or kept, for the search index.
  const searched = new Set(site.config.search ? site.articles.map((article) => outputPath(article.url)) : []);
  const searchPages = new SearchPages(writer, searched, inputs.persistent ? SearchPages.folder(inputs.cacheDir) : undefined);
  return { site, schedule, assets, ctx, pagePlan, outputs, fingerprint, writer, searchPages };
}
