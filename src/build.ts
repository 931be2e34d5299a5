// The orchestrator: load, validate, render markdown, model, plan, render, write, with the
// time each stage took. Content problems are collected across all files before failing.
import { join } from 'node:path';
import type { DateTime } from 'luxon';
import { loadConfig } from './config.ts';
import { readArticle, readPage, type Article, type Page } from './content/articles.ts';
import { loadAuthors } from './content/authors.ts';
import { listFiles, readText } from './content/load.ts';
import { checkReferences } from './content/references.ts';
import { ContentError, Diagnostics } from './diagnostics.ts';
import { planFeeds } from './feeds/plan.ts';
import { renderBodies } from './markdown/bodies.ts';
import { collectStatic } from './output/assets.ts';
import type { Writer } from './output/writer.ts';
import { RenderContext } from './render/context.ts';
import { TemplateEngine } from './render/engine.ts';
import { planPages } from './render/pages.ts';
import { buildSite } from './site/model.ts';

export interface BuildOptions {
  /** The site root: the folder holding content/ and templates/. */
  root: string;
  writer: Writer;
  now: DateTime;
  /** Include drafts and articles dated after `now`. */
  drafts?: boolean;
  /** Publish at this address instead of site.yaml's `url`. */
  baseUrl?: string;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  filesWritten: number;
  timings: [stage: string, milliseconds: number][];
}

/** Builds the site; on any failure the writer's partial output is thrown away. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  try {
    return await runStages(options);
  } catch (error) {
    await options.writer.abort();
    throw error;
  }
}

async function runStages(options: BuildOptions): Promise<BuildResult> {
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

  const config = await loadConfig(options.root, diagnostics, { baseUrl: options.baseUrl });
  const registry = await loadAuthors(options.root, diagnostics);
  const articleSources = await readAll(options.root, 'content/articles', diagnostics);
  const pageSources = await readAll(options.root, 'content/pages', diagnostics);
  lap('load');
  if (!config) failIfErrors();
  const articles = articleSources.map((s) => readArticle(s, config!, diagnostics)).filter((a): a is Article => a !== undefined);
  const pages = pageSources.map((s) => readPage(s, diagnostics)).filter((p): p is Page => p !== undefined);
  checkReferences(options.root, config!, registry ?? null, articles, pages, diagnostics);
  lap('validate');

  const bodies = renderBodies(config!, [...articles, ...pages]);
  lap('markdown');
  failIfErrors();

  const site = buildSite(config!, registry ?? null, articles, pages, { now: options.now, drafts: options.drafts ?? false });
  const assets = await collectStatic(options.root, diagnostics);
  const engine = new TemplateEngine(options.root, site.config.url);
  const ctx = new RenderContext(site, engine, diagnostics, registry ?? null, bodies, assets.urls);
  const pagesPlan = planPages(ctx);
  const outputs = [
    ...pagesPlan,
    ...planFeeds(
      ctx,
      pagesPlan.flatMap((o) => (o.url ? [o.url] : [])),
    ),
  ];
  lap('plan');

  const writer = options.writer;
  for (const output of outputs) {
    const content = output.produce();
    if (content !== undefined) await writer.write(output.path, content);
  }
  lap('render');
  await Promise.all(assets.files.map((file) => writer.copy(file.from, file.path)));
  failIfErrors();
  await writer.commit();
  lap('write');
  return { diagnostics, filesWritten: outputs.length + assets.files.length, timings };
}

async function readAll(root: string, dir: string, diagnostics: Diagnostics) {
  const paths = await listFiles(root, dir, (name) => name.endsWith('.md'), diagnostics);
  const texts = await Promise.all(paths.map((path) => readText(root, path, diagnostics)));
  return texts.filter((t) => t !== undefined);
}

export const defaultOut = (root: string) => join(root, 'public');
