// The markdown stage: renders each body that the cache does not already hold, in a pool of
// worker threads when there are enough of them to pay for the threads' start-up, and files
// each message on the source file at its line in the file (not in the body).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteConfig } from '../config.ts';
import { bodyOf, hashBody, type Article, type BodySource, type Page } from '../content/articles.ts';
import { report } from '../diagnostics.ts';
import { bodyKey, markdownFingerprint, type BodyCache, type BodySummary, type CachedBody } from '../output/cache.ts';
import type { BodyLink } from './links.ts';
import type { BodyImage } from './plugins/images.ts';
import type { MarkdownOptions } from './processor.ts';
import type { WorkerPool } from '../workers/pool.ts';
import type { BodyResult, BodyTask } from './worker.ts';

/** What the rest of the build knows of a body: its cache key, word count, and its local links
 * and images at their lines in the source file. The summary is shared with the cache's index,
 * not copied: the lines are moved from the body's to the file's when asked for (rarely: the
 * link check, the image stage), so an archive keeps one copy of every body's links, not two. */
export class BodyInfo {
  constructor(
    readonly key: string,
    private readonly summary: BodySummary,
    /** The file line of the body's first line, less one. */
    private readonly lineOffset: number,
  ) {}

  get wordCount(): number {
    return this.summary.wordCount;
  }

  /** Its local links, at their lines in the source file. */
  get links(): BodyLink[] {
    return this.summary.links.map((link) => ({ ...link, line: link.line + this.lineOffset }));
  }

  /** The body's images of content/media, in order, at their lines in the source file. */
  get images(): BodyImage[] {
    const { images } = this.summary;
    return images.length === 0 ? NO_IMAGES : images.map((image) => ({ ...image, line: image.line + this.lineOffset }));
  }
}

const NO_IMAGES: BodyImage[] = Object.freeze([]) as unknown as BodyImage[];

export interface BodyStageOptions {
  cache: BodyCache;
  /** What the previous build rendered: body key -> summary. */
  index: ReadonlyMap<string, BodySummary>;
  /** The process's worker threads; used when there are enough bodies to render. */
  pool: WorkerPool;
  onProgress?: (done: number, total: number) => void;
  /** Told, before any body is rendered, how many are to be and whether on the pool's threads;
   * may answer with the order to render them in (lowest rank first; by default, the sources'). */
  onPlan?: (plan: { rendering: number; pooled: boolean }) => ((owner: Article | Page) => number) | void;
  /** Told of each body as soon as it is known (from the cache at once, else once rendered), save
   * those with an error, so pages can be rendered while other bodies still are. */
  onBody?: (owner: Article | Page, info: BodyInfo) => void;
}

export interface BodyStage {
  bodies: Map<Article | Page, BodyInfo>;
  /** The summaries of every body in use, to save as the next build's index. */
  live: Map<string, BodySummary>;
  rendered: number;
  reused: number;
}

/** Below this many bodies to render, starting worker threads costs more than it saves. */
const POOL_THRESHOLD = 200;
const BATCH = 16;

export function markdownOptions(config: SiteConfig): MarkdownOptions {
  return { embeds: config.embeds, baseUrl: config.url };
}

/** Body keys by source: a record kept from the last build of this process keeps its source (and
 * a changed URL or quote count makes a new record), so a preview rebuild hashes only the bodies
 * of the files that changed, not all of them. */
const sourceKeys = new WeakMap<BodySource, { fingerprint: string; key: string }>();

function keyOf(source: BodySource, fingerprint: string): string {
  const known = sourceKeys.get(source);
  if (known?.fingerprint === fingerprint) return known.key;
  const quoteCount = source.owner.kind === 'article' ? source.owner.quotes.length : 0;
  const key = bodyKey(fingerprint, source.bodyHash, source.owner.url, quoteCount);
  sourceKeys.set(source, { fingerprint, key });
  return key;
}

export async function renderBodies(
  root: string,
  config: SiteConfig,
  sources: readonly BodySource[],
  options: BodyStageOptions,
): Promise<BodyStage> {
  const markdown = markdownOptions(config);
  const fingerprint = markdownFingerprint(markdown);
  const live = new Map<string, BodySummary>();
  const todo: BodyTask['items'] = [];
  const queued = new Set<string>();
  const keys = sources.map((source) => {
    const quoteCount = source.owner.kind === 'article' ? source.owner.quotes.length : 0;
    const key = keyOf(source, fingerprint);
    const known = options.cache.summary(key, options.index);
    if (known) live.set(key, known);
    else if (!queued.has(key)) {
      queued.add(key);
      todo.push({ key, file: join(root, source.owner.source), bodyHash: source.bodyHash, url: source.owner.url, quoteCount });
    }
    return key;
  });
  const reused = sources.length - todo.length;
  const infos = new Map<Article | Page, BodyInfo>();
  const ownersOf = new Map<string, BodySource[]>();
  sources.forEach((source, i) => ownersOf.set(keys[i]!, [...(ownersOf.get(keys[i]!) ?? []), source]));
  const known = (key: string, summary: BodySummary) => {
    for (const source of ownersOf.get(key) ?? []) {
      const info = bodyInfo(source, key, summary);
      infos.set(source.owner, info);
      if (!summary.messages.some((m) => m.fatal)) options.onBody?.(source.owner, info);
    }
  };
  const rank = options.onPlan?.({ rendering: todo.length, pooled: options.pool.pays(todo.length, POOL_THRESHOLD) });
  if (rank) {
    const rankOf = new Map(todo.map((item) => [item, Math.min(...ownersOf.get(item.key)!.map((source) => rank(source.owner)))]));
    todo.sort((a, b) => rankOf.get(a)! - rankOf.get(b)!);
  }
  for (const [key, summary] of live) known(key, summary);
  const rendered = new Map<string, BodySummary>();
  await render(todo, markdown, options, reused, sources.length, (result) => {
    const summary = { wordCount: result.wordCount, messages: result.messages, links: result.links, images: result.images };
    rendered.set(result.key, summary);
    known(result.key, summary);
  });
  // In the order of the sources, however the threads' results came in.
  for (const item of todo) live.set(item.key, rendered.get(item.key)!);
  const bodies = new Map(sources.map((source) => [source.owner, infos.get(source.owner)!]));
  for (const source of sources) {
    for (const message of live.get(bodies.get(source.owner)!.key)!.messages) {
      const place = { line: message.line + source.bodyLine - 1, column: message.column };
      report(source.owner.file, message.fatal ? 'error' : 'warning', message.reason, place, message.rule);
    }
  }
  return { bodies, live, rendered: todo.length, reused };
}

/** A body's summary as the rest of the build uses it: its links and images at their lines in the source file. */
function bodyInfo(source: BodySource, key: string, summary: BodySummary): BodyInfo {
  return new BodyInfo(key, summary, source.bodyLine - 1);
}

async function render(
  items: BodyTask['items'],
  markdown: MarkdownOptions,
  options: BodyStageOptions,
  offset: number,
  total: number,
  onResult: (result: BodyResult) => void,
): Promise<void> {
  const batches: BodyTask[] = [];
  for (let i = 0; i < items.length; i += BATCH)
    batches.push({ options: markdown, cacheDir: options.cache.dir, items: items.slice(i, i + BATCH) });
  let done = offset;
  const progress = (results: BodyResult[]) => {
    results.forEach(onResult);
    done += results.length;
    options.onProgress?.(done, total);
  };
  const { pool } = options;
  if (!pool.pays(items.length, POOL_THRESHOLD)) {
    for (const batch of batches) progress(await renderBatch(batch));
    return;
  }
  await Promise.all(batches.map((batch) => pool.run('bodies', batch).then(progress)));
}

/** Renders a batch on this thread. The markdown pipeline is loaded only when a body has to be
 * rendered here, so a build whose bodies are all cached never loads it. */
async function renderBatch(batch: BodyTask): Promise<BodyResult[]> {
  const { default: renderInProcess } = await import('./worker.ts');
  return renderInProcess(batch);
}

/** Reads rendered bodies back for the render stage. A body missing from the cache (deleted or
 * corrupt since the markdown stage) is rendered again from its source file, never trusted. */
export class BodyReader {
  constructor(
    private readonly root: string,
    private readonly config: SiteConfig,
    private readonly cache: BodyCache,
    private readonly bodies: ReadonlyMap<Article | Page, BodyInfo>,
  ) {}

  async read(owner: Article | Page): Promise<CachedBody | undefined> {
    const info = this.bodies.get(owner);
    if (!info) return undefined;
    const cached = await this.cache.read(info.key);
    if (cached) return cached;
    const file = join(this.root, owner.source);
    const bodyHash = hashBody(bodyOf(await readFile(file, 'utf8')));
    const quoteCount = owner.kind === 'article' ? owner.quotes.length : 0;
    const [result] = await renderBatch({
      options: markdownOptions(this.config),
      cacheDir: this.cache.dir,
      items: [{ key: info.key, file, bodyHash, url: owner.url, quoteCount }],
    });
    return result ? await this.cache.read(info.key) : undefined;
  }
}
