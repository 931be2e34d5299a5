// Source files -> validated Article and Page records: frontmatter checked against the schemas,
// slugs and URLs worked out. Problems are reported on each file; nothing stops at the first.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import slugify from '@sindresorhus/slugify';
import type { DateTime } from 'luxon';
import { VFile } from 'vfile';
import type { SiteConfig } from '../config.ts';
import { articleUrl, pageUrl } from '../site/routes.ts';
import { fitSlug } from '../site/slugs.ts';
import { report, START, type Diagnostics, type Place, type MessageSink } from '../diagnostics.ts';
import { bodyOfText, splitFrontmatter } from './frontmatter.ts';
import type { SourceText } from './load.ts';
import { SLUG_PATTERN, ARTICLE_HINTS, ARTICLE_KEYS, articleSchema, PAGE_HINTS, PAGE_KEYS, pageSchema, type ArticleFrontmatter, type PageFrontmatter } from './schema.ts';
import type { ReferenceSubject } from './references.ts';
import { warnAboutHtml } from './summaries.ts';
import { validateFields } from './validate.ts';
import type { PathSegment } from './yaml.ts';

interface Located {
  /** The site-relative source path, e.g. `content/articles/2023/x.md`. */
  source: string;
  file: MessageSink;
  slug: string;
  /** Whether the slug came from a "slug" field rather than the file name. */
  explicitSlug: boolean;
  /** The output path, e.g. `/2023/05/x/`. */
  url: string;
  /** Where a field sits in the file. Parses the frontmatter again with positions, so it is
   * cheap to keep and costs only when there is a problem to point at. */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): Place;
}

export type Article = Located &
  Omit<ArticleFrontmatter, 'slug' | 'author'> & {
    kind: 'article';
    authors: string[];
    /** With site.yaml's `gitDates` and no `updated`: when a commit last changed the file. Set
     * anew by every build (records may outlive one), never mixed into `updated`. */
    gitUpdated?: DateTime;
  };
export type Page = Located & Omit<PageFrontmatter, 'slug'> & { kind: 'page' };

/** A body waiting for the markdown stage. It holds a hash of the body, not the text: the
 * markdown stage reads the text again only for bodies not in the cache, so an archive's text
 * never sits in memory all at once. */
export interface BodySource {
  owner: Article | Page;
  /** sha256 of the body's markdown. */
  bodyHash: string;
  /** The file line of the body's first line, to map markdown positions back to the file. */
  bodyLine: number;
}

export function hashBody(markdown: string): string {
  return createHash('sha256').update(markdown).digest('hex');
}

/** The markdown body of a source file, as readArticle and readPage see it. */
export function bodyOf(text: string): string {
  return bodyOfText(text.replace(/^\uFEFF/, ''));
}

/** What reading one source file gives the later stages. */
export interface ReadSource {
  /** The record and its body for the markdown stage; undefined when the frontmatter has errors. */
  body: BodySource | undefined;
  /** What the checks across files read: for an invalid file, from the fields that passed. */
  references: ReferenceSubject | undefined;
}

const UNREADABLE: ReadSource = { body: undefined, references: undefined };

/** Reads an article; `root`, when given, is the site root the source's path is relative to, for
 * a valid record to find its fields' places by reading the file again (see locateLater). */
export function readArticle(source: SourceText, config: SiteConfig, diagnostics: Diagnostics, root?: string): ReadSource {
  const file = diagnostics.file(source.path);
  const split = splitFrontmatter(file, source.text);
  const validated = validateFields(articleSchema(config.timezone), split.yaml, file, ARTICLE_HINTS, ARTICLE_KEYS);
  if (!validated) return UNREADABLE;
  const { data } = validated;
  const failed = validated.complete ? NONE : validated.failed;
  const locate = validated.complete && root !== undefined ? locateLater(root, source.path) : split.yaml.locate;
  const slug = failed.has('slug') ? undefined : (data.slug ?? slugFromFileName(source.path, file));
  // The URL is known when every field it is made of is right.
  const sectionKnown = !failed.has('section') || !config.permalink.includes(':section');
  const url = slug && data.date && sectionKnown ? articleUrl(config, slug, data.date, data.section) : undefined;
  checkDates(file, split.yaml.locate, data.date, data.updated);
  if (data.summary) warnAboutHtml(file, data.summary, () => split.yaml.locate(['summary']));
  const references: ReferenceSubject = {
    kind: 'article',
    source: source.path,
    file,
    locate,
    url,
    urlField: data.slug !== undefined ? 'slug' : 'date',
    authors: data.author ?? [],
    section: data.section,
    imageSrc: data.image?.src,
    aliases: data.aliases ?? [],
  };
  if (!validated.complete || !slug || !url) return { body: undefined, references };
  const article = shapedRecord<Article>('article', validated.data, {
    kind: 'article',
    authors: validated.data.author ?? [],
    gitUpdated: undefined,
    source: source.path,
    file,
    slug,
    explicitSlug: data.slug !== undefined,
    url,
    locate,
  });
  return { body: { owner: article, bodyHash: hashBody(split.body), bodyLine: split.bodyLine }, references };
}

/** Reads a standalone page; `root` as for readArticle. */
export function readPage(source: SourceText, diagnostics: Diagnostics, root?: string): ReadSource {
  const file = diagnostics.file(source.path);
  const split = splitFrontmatter(file, source.text);
  const validated = validateFields(pageSchema, split.yaml, file, PAGE_HINTS, PAGE_KEYS);
  if (!validated) return UNREADABLE;
  const { data } = validated;
  const failed = validated.complete ? NONE : validated.failed;
  const locate = validated.complete && root !== undefined ? locateLater(root, source.path) : split.yaml.locate;
  const slug = failed.has('slug') ? undefined : (data.slug ?? slugFromFileName(source.path, file));
  if (data.summary) warnAboutHtml(file, data.summary, () => split.yaml.locate(['summary']));
  const references: ReferenceSubject = {
    kind: 'page',
    source: source.path,
    file,
    locate,
    url: slug && pageUrl(slug),
    urlField: data.slug !== undefined ? 'slug' : 'title',
    authors: [],
    section: undefined,
    imageSrc: undefined,
    aliases: data.aliases ?? [],
  };
  if (!validated.complete || !slug) return { body: undefined, references };
  const page = shapedRecord<Page>('page', validated.data, {
    kind: 'page',
    source: source.path,
    file,
    slug,
    explicitSlug: data.slug !== undefined,
    url: pageUrl(slug),
    locate,
  });
  return { body: { owner: page, bodyHash: hashBody(split.body), bodyLine: split.bodyLine }, references };
}

const NONE: ReadonlySet<string> = new Set();

/** Every field of a record, in one order: the frontmatter's that it keeps (its slug and authors
 * are kept worked out), then its own. */
const RECORD_KEYS = {
  article: [
    ...ARTICLE_KEYS[''].filter((key) => key !== 'slug' && key !== 'author'),
    ...['kind', 'authors', 'gitUpdated', 'source', 'file', 'slug', 'explicitSlug', 'url', 'locate'],
  ],
  page: [...PAGE_KEYS[''].filter((key) => key !== 'slug'), ...['kind', 'source', 'file', 'slug', 'explicitSlug', 'url', 'locate']],
};
const TEMPLATES = {
  article: Object.fromEntries(RECORD_KEYS.article.map((key) => [key, undefined])),
  page: Object.fromEntries(RECORD_KEYS.page.map((key) => [key, undefined])),
};

/**
 * A record of `kind` with every field in one order, each present (undefined when the file leaves
 * it out): from `own` when it has the field, else from `fields` (the frontmatter, or a record
 * read back from the cache). Spread from zod's output (`{...rest, kind}`), every record of an
 * archive got a hidden class of its own (about 490 bytes an article, kept to the end of the
 * build); assigned one key at a time onto an empty object, a record this wide turns into a hash
 * table (more still). Copied from one template of every key, then filled in, all share one.
 */
export function shapedRecord<T extends Article | Page>(kind: T['kind'], fields: object, own: object): T {
  const record: Record<string, unknown> = { ...TEMPLATES[kind] };
  const from = fields as Record<string, unknown>;
  const mine = own as Record<string, unknown>;
  for (const key of RECORD_KEYS[kind]) record[key] = key in mine ? mine[key] : from[key];
  return record as T;
}

/** A locator that reads the file at `path` (relative to `root`) again and parses its frontmatter,
 * once, when first asked. A valid record is kept to the end of the build (and by a session,
 * across builds) but asked where a field is only when a later check finds a problem there, which
 * is rare: its frontmatter's text (most of a record's weight in memory) need not be kept with it.
 * The file's absolute path is joined only then: kept for every record, it cost about 480 bytes
 * an article (a tree of concatenated strings), where the root and the record's own path are
 * shared. */
export function locateLater(root: string, path: string): Located['locate'] {
  let locate: Located['locate'] | undefined;
  return (field, part) => {
    locate ??= splitFrontmatter(new VFile(), readFileSync(join(root, path), 'utf8').replace(/^\uFEFF/, '')).yaml.locate;
    return locate(field, part);
  };
}

/** `2023-05-25-talks-in-moscow.md` -> `talks-in-moscow`; the date prefix only orders files. */
function slugFromFileName(path: string, file: MessageSink): string | undefined {
  const name = basename(path, '.md').replace(/^\d{4}-\d{2}-\d{2}-/, '');
  const slug = fitSlug(SLUG_PATTERN.test(name) ? name : slugify(name));
  if (!slug) {
    report(file, 'error', `cannot make a URL slug from the file name "${basename(path)}": add a "slug" field, like slug: my-story`, START, 'slug');
    return undefined;
  }
  return slug;
}

function checkDates(file: MessageSink, locate: Located['locate'], date: DateTime | undefined, updated: DateTime | undefined): void {
  if (date && updated && updated < date) {
    const reason = `"updated" (${updated.toISODate()}) is before "date" (${date.toISODate()}): an update comes after publication`;
    report(file, 'error', reason, locate(['updated']), 'updated');
  }
}
