// Pagefind, through its Node API and in memory: makes the index files of a list of pages, and
// names the files every index has (for `check`, which makes none). One Pagefind process serves
// every index of this process; it is stopped after the last one.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as pagefind from 'pagefind';
import { MASTHEAD_ROOT } from '../paths.ts';

/** The folder of the index in the output, beside the search page. */
export const SEARCH_FOLDER = 'pagefind';

export interface IndexFile {
  /** Path in the output: pagefind/... */
  path: string;
  content: Uint8Array;
}

export interface SearchablePage {
  url: string;
  /** The page's HTML; undefined when it could not be rendered (the error is already reported). */
  html: () => Promise<string | undefined>;
}

export type IndexOutcome = { kind: 'made'; files: IndexFile[] } | { kind: 'failed'; problems: string[] } | { kind: 'superseded' };

/** What the search page loads: Pagefind's Default UI, its search library, worker and data. The
 * other UIs Pagefind ships (modular, component, highlight) are left out of the site. */
const UNUSED = /^pagefind-(?:modular-ui|component-ui|highlight)\./;
/** Indexes being made in this process (builds may overlap, as they do in the tests and in dev). */
let running = 0;
/** Pages whose HTML is fetched at once (read from the store, or rendered). */
const IN_FLIGHT = 16;

/** The index of `pages`, in their order; stops early, with nothing, once `superseded()` is true. */
export async function makeIndex(
  language: string,
  pages: readonly SearchablePage[],
  options: { superseded?: () => boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<IndexOutcome> {
  const superseded = options.superseded ?? (() => false);
  const problems: string[] = [];
  running++;
  try {
    const created = await pagefind.createIndex({ forceLanguage: language });
    problems.push(...created.errors);
    const index = created.index;
    if (!index) return { kind: 'failed', problems: problems.length > 0 ? problems : ['no index was created'] };
    try {
      for (let i = 0; i < pages.length; i += IN_FLIGHT) {
        if (superseded()) return { kind: 'superseded' };
        const batch = pages.slice(i, i + IN_FLIGHT);
        const contents = await Promise.all(batch.map((page) => page.html()));
        // Added one at a time, in the site's order: Pagefind numbers pages as they arrive, and
        // the index files' bytes and names follow, so any other order makes another index.
        for (const [j, content] of contents.entries()) {
          if (content === undefined) continue;
          const { url } = batch[j]!;
          const added = await index.addHTMLFile({ url, content });
          problems.push(...added.errors.map((e) => `${url}: ${e}`));
        }
        options.onProgress?.(Math.min(pages.length, i + IN_FLIGHT), pages.length);
      }
      if (superseded()) return { kind: 'superseded' };
      const { errors, files } = await index.getFiles();
      problems.push(...errors);
      if (problems.length > 0) return { kind: 'failed', problems };
      return { kind: 'made', files: publishedFiles(files) };
    } finally {
      await index.deleteIndex().catch(() => null);
    }
  } catch (error) {
    return { kind: 'failed', problems: [...problems, error instanceof Error ? error.message : String(error)] };
  } finally {
    if (--running === 0) await pagefind.close().catch(() => undefined);
  }
}

/** Stops the Pagefind process at once, for a process that is ending: an index being made fails
 * (and Pagefind starts again if one is asked for after). */
export async function stopPagefind(): Promise<void> {
  await pagefind.close().catch(() => undefined);
}

/** The paths of the files every index has whatever it holds (the search library, the UI's
 * script and style, the entry file), which templates may link to: what an index of no pages
 * has, less its language data. Asked of Pagefind itself, so a release that renames one is seen. */
export async function bundleFiles(): Promise<string[] | { problems: string[] }> {
  const outcome = await makeIndex('en', []);
  if (outcome.kind === 'failed') return { problems: outcome.problems };
  if (outcome.kind === 'superseded') return [];
  return outcome.files.map((file) => file.path).filter((path) => !/^pagefind\/wasm\./.test(path));
}

function publishedFiles(files: readonly { path: string; content: Uint8Array }[]): IndexFile[] {
  return files
    .filter((file) => !UNUSED.test(file.path))
    .map((file) => ({ path: `${SEARCH_FOLDER}/${file.path}`, content: file.content }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Pagefind's own version: a new release may write a different index from the same pages.
 * Found as Node finds the package (its exports hide package.json from require.resolve). */
export const PAGEFIND_VERSION: string = (() => {
  for (let dir = MASTHEAD_ROOT; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', 'pagefind', 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
})();
