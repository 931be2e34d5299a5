// Source files -> validated Article and Page records: frontmatter checked against the schemas,
// slugs and URLs worked out. Problems are reported on each file; nothing stops at the first.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import slugify from '@sindresorhus/slugify';
import type { DateTime } from 'luxon';
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.ts';
import { report, START, type Diagnostics, type Place } from '../diagnostics.ts';
import { bodyOfText, splitFrontmatter } from './frontmatter.ts';
import type { SourceText } from './load.ts';
import { SLUG_PATTERN, ARTICLE_HINTS, ARTICLE_KEYS, articleSchema, PAGE_HINTS, PAGE_KEYS, pageSchema, type ArticleFrontmatter, type PageFrontmatter } from './schema.ts';
import { validateYaml } from './validate.ts';
import type { PathSegment } from './yaml.ts';

interface Located {
  /** The site-relative source path, e.g. `content/articles/2023/x.md`. */
  source: string;
  file: VFile;
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
    authors: string[];
    /** With site.yaml's `gitDates` and no `updated`: when a commit last changed the file. Set
     * anew by every build (records may outlive one), never mixed into `updated`. */
    gitUpdated?: DateTime;
  };
export type Page = Located & Omit<PageFrontmatter, 'slug'>;

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

/** The place of `path` (e.g. ["author", 1]) in its file. */
export function placeOf(owner: Located, path: readonly PathSegment[]): Place {
  return owner.locate(path);
}

export function readArticle(source: SourceText, config: SiteConfig, diagnostics: Diagnostics): BodySource | undefined {
  const file = diagnostics.file(source.path);
  const split = splitFrontmatter(file, source.text);
  const data = validateYaml(articleSchema(config.timezone), split.yaml, file, ARTICLE_HINTS, ARTICLE_KEYS);
  if (!data) return undefined;
  const slug = data.slug ?? slugFromFileName(source.path, file);
  if (!slug) return undefined;
  const { slug: _slug, author, ...rest } = data;
  const article: Article = {
    ...rest,
    authors: author ?? [],
    source: source.path,
    file,
    slug,
    explicitSlug: data.slug !== undefined,
    url: articleUrl(config, slug, data.date, data.section),
    locate: split.yaml.locate,
  };
  checkDates(article);
  return { owner: article, bodyHash: hashBody(split.body), bodyLine: split.bodyLine };
}

export function readPage(source: SourceText, diagnostics: Diagnostics): BodySource | undefined {
  const file = diagnostics.file(source.path);
  const split = splitFrontmatter(file, source.text);
  const data = validateYaml(pageSchema, split.yaml, file, PAGE_HINTS, PAGE_KEYS);
  if (!data) return undefined;
  const slug = data.slug ?? slugFromFileName(source.path, file);
  if (!slug) return undefined;
  const { slug: _slug, ...rest } = data;
  const page: Page = {
    ...rest,
    source: source.path,
    file,
    slug,
    explicitSlug: data.slug !== undefined,
    url: `/${slug}/`,
    locate: split.yaml.locate,
  };
  return { owner: page, bodyHash: hashBody(split.body), bodyLine: split.bodyLine };
}

/** `2023-05-25-talks-in-moscow.md` -> `talks-in-moscow`; the date prefix only orders files. */
function slugFromFileName(path: string, file: VFile): string | undefined {
  const name = basename(path, '.md').replace(/^\d{4}-\d{2}-\d{2}-/, '');
  const slug = SLUG_PATTERN.test(name) ? name : slugify(name);
  if (!slug) {
    report(file, 'error', `cannot make a URL slug from the file name "${basename(path)}": add a "slug" field, like slug: my-story`, START, 'slug');
    return undefined;
  }
  return slug;
}

function articleUrl(config: SiteConfig, slug: string, date: DateTime, section: string | undefined): string {
  const values: Record<string, string> = {
    year: String(date.year),
    month: String(date.month).padStart(2, '0'),
    day: String(date.day).padStart(2, '0'),
    slug,
    section: section ?? 'news',
  };
  return config.permalink.replace(/:(year|month|day|slug|section)\b/g, (_, token: string) => values[token]!).replace(/\/{2,}/g, '/');
}

function checkDates(article: Article): void {
  if (article.updated && article.updated < article.date) {
    const reason = `"updated" (${article.updated.toISODate()}) is before "date" (${article.date.toISODate()}): an update comes after publication`;
    report(article.file, 'error', reason, placeOf(article, ['updated']), 'updated');
  }
}
