// The search stage: with `search: true`, the article pages' HTML (as the render stage made or
// kept it, see pages.ts) goes through Pagefind and the index files become outputs under
// pagefind/. The index is one unit whose inputs are the searchable content of every article
// (card, body, templates, Pagefind's version): when they match the last index's, its files are
// kept and nothing is indexed; when any differs, the whole index is made again, as Pagefind
// cannot update one in place, from the stored HTML of the unchanged pages and the new HTML of
// the changed ones, never rendering a page for it. The dev server has it made after the pages
// are served ('deferred'); `check`, which writes nothing, makes none ('skip').
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { report } from '../diagnostics.ts';
import type { Writer } from '../output/writer.ts';
import type { RenderContext } from '../render/context.ts';
import type { Output } from '../render/pages.ts';
import { producedText, type RenderedPage } from '../render/renderer.ts';
import { outputPath } from '../site/routes.ts';
import { bundleFiles, makeIndex, PAGEFIND_VERSION, type IndexFile, type IndexOutcome } from './pagefind.ts';
import type { SearchPages } from './pages.ts';

/** When the index is made: with the build, after it by the caller (the dev server, which
 * serves the new pages first and the previous index meanwhile), or never (`check`, which
 * still has the link check see the files every index has). */
export type SearchIndexMode = 'build' | 'deferred' | 'skip';

export interface SearchIndexOptions {
  /** The render stage's writer, which saw every article page. */
  pages: SearchPages;
  /** Where the list of the last index's files is kept. */
  cacheDir: string;
  /** The render fingerprint; undefined when nothing is kept between builds (no cache). */
  fingerprint: string | undefined;
  mode: SearchIndexMode;
  /** Names a file the site has but this build does not write (the index `check` skips). */
  declare: (path: string) => void;
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** An index still to be made, after the build (the 'deferred' mode). */
export interface PendingIndex {
  /** Makes the index files; stops early, with nothing, once `superseded()` is true. */
  make(superseded: () => boolean, onProgress?: (done: number, total: number) => void): Promise<IndexOutcome>;
  /** What to record the files with, as a writer would (a hash of the index's inputs). */
  readonly inputs: string | undefined;
  /** Notes, before returning, that the site now has `files`, so the next build keeps them. */
  remember(files: readonly IndexFile[]): void;
}

/** What a build did about the search index: made or kept it, or has none to make ('current');
 * left it to the caller ('pending'); or did not look, the whole site being as the last build
 * left it ('unchanged': an index still being made for that build stays right). */
export type SearchIndexState = { kind: 'current' } | { kind: 'pending'; index: PendingIndex } | { kind: 'unchanged' };

export interface SearchStageResult {
  /** How many files of the site are the index's (kept, written or named), for the build's count. */
  files: number;
  /** In 'deferred' mode, the index to make once the pages are served; undefined when the
   * site's index is already current. */
  pending?: PendingIndex;
}

/** Indexes the article pages of `plan` (the page plan) for search, or keeps the last index. */
export async function indexForSearch(ctx: RenderContext, plan: readonly Output[], options: SearchIndexOptions): Promise<SearchStageResult> {
  if (!ctx.site.config.search) return { files: 0 };
  const { pages, fingerprint, mode } = options;
  if (mode === 'skip') {
    const bundle = await bundleFiles();
    if ('problems' in bundle) return reportProblems(ctx, bundle.problems);
    bundle.forEach(options.declare);
    return { files: bundle.length };
  }
  await pages.save();
  // Without a fingerprint (no cache) nothing is kept between builds: no inputs to compare.
  const inputs = fingerprint && searchInputs(ctx, fingerprint);
  const listPath = join(options.cacheDir, 'search-index.json');
  const previous = inputs ? readList(listPath) : undefined;
  if (inputs && previous?.inputs === inputs && (await keepAll(pages, previous))) return { files: previous.files.length };

  const job = indexJob(ctx, plan, pages, inputs, listPath);
  // The previous index is served until the new one is made.
  if (mode === 'deferred' && previous && (await keepAll(pages, previous))) return { files: previous.files.length, pending: job };
  const progress = (done: number, total: number) => options.onProgress?.('search', done, total);
  const outcome = await job.make(() => false, progress);
  if (outcome.kind !== 'made') return reportProblems(ctx, outcome.kind === 'failed' ? outcome.problems : []);
  for (const file of outcome.files) await pages.write(file.path, file.content, inputs);
  job.remember(outcome.files);
  return { files: outcome.files.length };
}

/** What to say of a problem Pagefind had, in the build's words. */
export function searchProblem(problem: string): string {
  return `search: Pagefind could not index the site: ${problem} (reinstall with npm ci, or set "search: false")`;
}

function reportProblems(ctx: RenderContext, problems: readonly string[]): SearchStageResult {
  const file = ctx.diagnostics.file('content/site.yaml');
  for (const problem of problems) report(file, 'error', searchProblem(problem), { line: 1, column: 1 }, 'search');
  return { files: 0 };
}

function indexJob(
  ctx: RenderContext,
  plan: readonly Output[],
  pages: SearchPages,
  inputs: string | undefined,
  listPath: string,
): PendingIndex {
  const byPath = new Map(plan.map((output) => [output.path, output]));
  const searchable = ctx.site.articles.map((article) => {
    const path = outputPath(article.url);
    // Rendered again only if the store lost the page's HTML since the build began.
    return { url: article.url, html: async () => (await pages.html(path)) ?? textOf(await byPath.get(path)?.produce()) };
  });
  // One language for the whole site, as the pages declare it (en-GB -> en): one index to load.
  const language = ctx.site.config.language.split('-')[0]!.toLowerCase();
  return {
    inputs,
    make: (superseded, onProgress) => makeIndex(language, searchable, { superseded, onProgress }),
    remember: (files) => {
      if (inputs) writeList(listPath, { inputs, files: files.map((f) => f.path) });
    },
  };
}

function textOf(content: string | RenderedPage | undefined): string | undefined {
  return content === undefined ? undefined : producedText(content);
}

/** Keeps every file of the last index; false when one is not in the site as recorded. */
async function keepAll(writer: Writer, list: IndexList): Promise<boolean> {
  for (const path of list.files) if (!(await writer.keep(path, list.inputs))) return false;
  return true;
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

interface IndexList {
  inputs: string;
  files: string[];
}

function readList(path: string): IndexList | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<IndexList>;
    return typeof data.inputs === 'string' && Array.isArray(data.files)
      ? { inputs: data.inputs, files: data.files.map(String) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Written at once (a small file), so no build can read it half-way between an index being put
 * in place and its being recorded. */
function writeList(path: string, list: IndexList): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(list));
  renameSync(temporary, path);
}
