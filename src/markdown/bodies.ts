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

export interface BodyInfo {
  key: string;
  wordCount: number;
  /** Its local links and images, at their lines in the source file. */
  links: BodyLink[];
  /** The body's images of content/media, in order, at their lines in the source file. */
  images: BodyImage[];
}

export interface BodyStageOptions {
  cache: BodyCache;
  /** What the previous build rendered: body key -> summary. */
  index: ReadonlyMap<string, BodySummary>;
  /** The process's worker threads; used when there are enough bodies to render. */
  pool: WorkerPool;
  onProgress?: (done: number, total: number) => void;
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
    const key = bodyKey(fingerprint, source.bodyHash, source.owner.url, quoteCount);
    const known = options.cache.summary(key, options.index);
    if (known) live.set(key, known);
    else if (!queued.has(key)) {
      queued.add(key);
      todo.push({ key, file: join(root, source.owner.source), bodyHash: source.bodyHash, url: source.owner.url, quoteCount });
    }
    return key;
  });
  const reused = sources.length - todo.length;
  for (const result of await render(todo, markdown, options, reused, sources.length)) {
    live.set(result.key, { wordCount: result.wordCount, messages: result.messages, links: result.links, images: result.images });
  }
  const bodies = new Map<Article | Page, BodyInfo>();
  sources.forEach((source, i) => {
    const key = keys[i]!;
    const summary = live.get(key)!;
    for (const message of summary.messages) {
      const place = { line: message.line + source.bodyLine - 1, column: message.column };
      report(source.owner.file, message.fatal ? 'error' : 'warning', message.reason, place, message.rule);
    }
    const links = summary.links.map((link) => ({ ...link, line: link.line + source.bodyLine - 1 }));
    const images = summary.images.map((image) => ({ ...image, line: image.line + source.bodyLine - 1 }));
    bodies.set(source.owner, { key, wordCount: summary.wordCount, links, images });
  });
  return { bodies, live, rendered: todo.length, reused };
}

async function render(
  items: BodyTask['items'],
  markdown: MarkdownOptions,
  options: BodyStageOptions,
  offset: number,
  total: number,
): Promise<BodyResult[]> {
  const batches: BodyTask[] = [];
  for (let i = 0; i < items.length; i += BATCH)
    batches.push({ options: markdown, cacheDir: options.cache.dir, items: items.slice(i, i + BATCH) });
  let done = offset;
  const progress = (results: BodyResult[]) => {
    done += results.length;
    options.onProgress?.(done, total);
    return results;
  };
  const { pool } = options;
  if (!pool.pays(items.length, POOL_THRESHOLD)) {
    const results: BodyResult[] = [];
    for (const batch of batches) results.push(...progress(await renderBatch(batch)));
    return results;
  }
  const results = await Promise.all(batches.map((batch) => pool.run('bodies', batch).then(progress)));
  return results.flat();
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
