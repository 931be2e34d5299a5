// The load-and-validate stage: every article and standalone page read (or taken from the
// records of an earlier build in this process), validated, checked against each other and the
// site (authors, sections, media, URLs), and dated from git when the site asks for it.
import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config.ts';
import type { Diagnostics } from '../diagnostics.ts';
import { RecordStore, type FileStamp } from '../incremental/records.ts';
import type { Article, BodySource, Page } from './articles.ts';
import type { AuthorRegistry } from './authors.ts';
import { applyGitDates } from './git-dates.ts';
import { listFiles } from './load.ts';
import { checkReferences, type ReferenceSubject } from './references.ts';
import type { WatchedSources } from '../incremental/watched-sources.ts';

export interface Content {
  /** Bodies for the markdown stage. */
  sources: BodySource[];
  articles: Article[];
  pages: Page[];
  /** A hash of every source's text, the authors and the git dates: with the render
   * fingerprint, it tells a build that changes nothing. */
  digest: string;
  /** Each article's and page's file text, hashed. */
  textHashes: Map<Article | Page, string>;
}

export interface ContentOptions {
  /** Records kept from earlier builds in this process; a new store reads everything. */
  records?: RecordStore;
  /** Where the git dates are cached. */
  cacheDir: string;
  /** The source files' stats, when the build took them already (incremental/unchanged.ts). */
  stamps?: ReadonlyMap<string, FileStamp>;
  /** What a file watcher reported since the last load (the dev server). */
  watched?: WatchedSources;
}

const SOURCE_FOLDERS = [
  ['content/articles', 'article'],
  ['content/pages', 'page'],
] as const;

export async function loadContent(
  root: string,
  config: SiteConfig,
  registry: AuthorRegistry | null,
  options: ContentOptions,
  diagnostics: Diagnostics,
): Promise<Content> {
  const sources: BodySource[] = [];
  const references: ReferenceSubject[] = [];
  const digest = createHash('sha256').update(JSON.stringify(registry ? [...registry.entries] : null));
  const records = options.records ?? new RecordStore();
  const textHashes = new Map<Article | Page, string>();
  const watched = options.watched?.begin(
    root,
    SOURCE_FOLDERS.map(([dir]) => dir),
  );
  const listing = new Map<string, readonly string[]>();
  let linked = false;
  for (const [dir, kind] of SOURCE_FOLDERS) {
    const paths =
      watched?.listing.get(dir) ??
      (await listFiles(root, dir, (name) => name.endsWith('.md'), diagnostics, () => {
        linked = true;
      }));
    listing.set(dir, paths);
    for (const path of paths) {
      // A file the watcher did not report is as the last load found it: no need to stat it.
      const stamp = watched && !watched.reported.has(path) ? 'unchanged' : options.stamps?.get(path);
      const loaded = records.load(root, path, kind, config, diagnostics, stamp);
      if (!loaded) continue;
      digest.update(path).update(loaded.textHash);
      if (loaded.read.body) {
        sources.push(loaded.read.body);
        textHashes.set(loaded.read.body.owner, loaded.textHash);
      }
      if (loaded.read.references) references.push(loaded.read.references);
    }
  }
  records.sweep();
  options.watched?.loaded(listing, linked);
  const articles = sources.flatMap((s) => (s.owner.kind === 'article' ? [s.owner] : []));
  const pages = sources.flatMap((s) => (s.owner.kind === 'page' ? [s.owner] : []));
  checkReferences(root, config, registry, references, diagnostics);
  if (config.gitDates) digest.update(await applyGitDates(root, articles, options.cacheDir, diagnostics));
  return { sources, articles, pages, digest: digest.digest('hex'), textHashes };
}
