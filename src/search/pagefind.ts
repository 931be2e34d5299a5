// The search index: with `search: true`, every article page's HTML goes through Pagefind (its
// Node API, in memory) and the index files are written as outputs under pagefind/. The index is
// one unit whose inputs are the searchable content of every article (card, body, templates,
// Pagefind's version): when they match the last build's, the previous files are kept and
// nothing is indexed; when any differs, the whole index is made again, as Pagefind cannot
// update one in place.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as pagefind from 'pagefind';
import { report } from '../diagnostics.ts';
import type { Writer } from '../output/writer.ts';
import { MASTHEAD_ROOT } from '../paths.ts';
import type { RenderContext } from '../render/context.ts';
import { outputPath, type Output } from '../render/pages.ts';

export interface SearchIndexOptions {
  writer: Writer;
  /** Where the list of the last index's files is kept. */
  cacheDir: string;
  /** The render fingerprint; undefined when nothing is kept between builds (no cache). */
  fingerprint: string | undefined;
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** The folder of the index in the output, beside the search page. */
export const SEARCH_FOLDER = 'pagefind';
/** What the search page loads: Pagefind's Default UI, its search library, worker and data. The
 * other UIs Pagefind ships (modular, component, highlight) are left out of the site. */
const UNUSED = /^pagefind-(?:modular-ui|component-ui|highlight)\./;
/** Indexes being made in this process (builds may overlap, as they do in the tests). */
let running = 0;
/** Article pages rendered at once for the index. */
const IN_FLIGHT = 16;

/** Indexes the article pages of `pages` (the page plan) for search, or keeps the last index;
 * returns how many files the index has, for the build's count. */
export async function indexForSearch(ctx: RenderContext, pages: readonly Output[], options: SearchIndexOptions): Promise<number> {
  const { site } = ctx;
  if (!site.config.search) return 0;
  const { writer, fingerprint } = options;
  // Without a fingerprint (no cache) nothing is kept between builds: no inputs to compare.
  const inputs = fingerprint && searchInputs(ctx, fingerprint);
  const listPath = join(options.cacheDir, 'search-index.json');
  const previous = inputs ? await readList(listPath) : undefined;
  const kept = new Set<string>();
  if (inputs && previous?.inputs === inputs) {
    for (const path of previous.files) {
      if (!(await writer.keep(path, inputs))) break;
      kept.add(path);
    }
    if (kept.size === previous.files.length) return kept.size;
  }

  const byPath = new Map(pages.map((page) => [page.path, page]));
  const articles = site.articles.map((article) => ({ url: article.url, page: byPath.get(outputPath(article.url)) }));
  const files = await runPagefind(ctx, articles, options.onProgress);
  if (!files) return 0;
  for (const file of files) {
    if (!kept.has(file.path)) await writer.write(file.path, file.content, inputs);
  }
  if (inputs) await writeList(listPath, { inputs, files: files.map((f) => f.path) });
  return files.length;
}

/** A hash of everything the index is made from: what each article's page shows of it (its card
 * and body; the related stories and footer are not indexed), the templates and Pagefind. */
function searchInputs(ctx: RenderContext, fingerprint: string): string {
  const { site, views } = ctx;
  const hash = createHash('sha256').update(fingerprint).update(PAGEFIND_VERSION);
  for (const article of site.articles) {
    hash.update(JSON.stringify({ card: views.article(article), body: ctx.bodyKey(article) }, views.replaceShared));
  }
  return hash.digest('hex');
}

/** The index files for `articles`; undefined (with an error reported) when Pagefind failed. */
async function runPagefind(
  ctx: RenderContext,
  articles: { url: string; page: Output | undefined }[],
  onProgress: SearchIndexOptions['onProgress'],
): Promise<{ path: string; content: Uint8Array }[] | undefined> {
  const problems: string[] = [];
  running++;
  try {
    // One language for the whole site, as the pages declare it (en-GB -> en): one index to load.
    const language = ctx.site.config.language.split('-')[0]!.toLowerCase();
    const created = await pagefind.createIndex({ forceLanguage: language });
    problems.push(...created.errors);
    const index = created.index;
    if (!index) {
      if (problems.length === 0) problems.push('no index was created');
      return undefined;
    }
    for (let i = 0; i < articles.length; i += IN_FLIGHT) {
      const batch = articles.slice(i, i + IN_FLIGHT);
      const contents = await Promise.all(batch.map(({ page }) => page?.produce()));
      // Added one at a time, in the site's order: Pagefind numbers pages as they arrive, and
      // the index files' bytes and names follow, so any other order makes another index.
      for (const [j, content] of contents.entries()) {
        if (content === undefined) continue; // a render error, already reported
        const { url } = batch[j]!;
        const added = await index.addHTMLFile({ url, content });
        problems.push(...added.errors.map((e) => `${url}: ${e}`));
      }
      onProgress?.('search', Math.min(articles.length, i + IN_FLIGHT), articles.length);
    }
    const { errors, files } = await index.getFiles();
    problems.push(...errors);
    await index.deleteIndex();
    return files
      .filter((file) => !UNUSED.test(file.path))
      .map((file) => ({ path: `${SEARCH_FOLDER}/${file.path}`, content: file.content }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  } finally {
    // One Pagefind process serves every index of this process: stop it after the last one.
    if (--running === 0) await pagefind.close().catch(() => undefined);
    const file = ctx.diagnostics.file('content/site.yaml');
    for (const problem of problems) {
      const reason = `search: Pagefind could not index the site: ${problem} (reinstall with npm ci, or set "search: false")`;
      report(file, 'error', reason, { line: 1, column: 1 }, 'search');
    }
  }
}

/** Pagefind's own version: a new release may write a different index from the same pages.
 * Found as Node finds the package (its exports hide package.json from require.resolve). */
const PAGEFIND_VERSION: string = (() => {
  for (let dir = MASTHEAD_ROOT; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', 'pagefind', 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
})();

interface IndexList {
  inputs: string;
  files: string[];
}

async function readList(path: string): Promise<IndexList | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<IndexList>;
    return typeof data.inputs === 'string' && Array.isArray(data.files)
      ? { inputs: data.inputs, files: data.files.map(String) }
      : undefined;
  } catch {
    return undefined;
  }
}

async function writeList(path: string, list: IndexList): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(list));
  await rename(temporary, path);
}
