// Validated records -> the Site: published articles in order, and the tags, authors and
// sections that group them. Every list has an explicit sort with a tie-break, so output never
// depends on the order files were read in.
import type { DateTime } from 'luxon';
import type { SectionConfig, SiteConfig } from '../config.ts';
import type { Article, Page } from '../content/articles.ts';
import type { AuthorRegistry } from '../content/authors.ts';
import type { AuthorEntry } from '../content/schema.ts';
import { isIncluded, type Inclusion } from './schedule.ts';
import { slugFor } from './slugs.ts';

export interface Tag {
  slug: string;
  name: string;
  articles: Article[];
}

export interface Author {
  slug: string;
  name: string;
  entry: AuthorEntry | undefined;
  articles: Article[];
}

export interface Section {
  config: SectionConfig;
  articles: Article[];
}

export interface Site {
  config: SiteConfig;
  now: DateTime;
  /** Published articles, newest first, then by URL. */
  articles: Article[];
  pages: Page[];
  /** Tags by slug. */
  tags: Tag[];
  /** Authors with at least one article, by slug. */
  authors: Author[];
  sections: Section[];
}

export interface ModelOptions {
  now: DateTime;
  /** Which drafts and scheduled articles to include. */
  include: Inclusion;
}

export function compareArticles(a: Article, b: Article): number {
  return b.date.toMillis() - a.date.toMillis() || compareText(a.url, b.url);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildSite(
  config: SiteConfig,
  authorRegistry: AuthorRegistry | null,
  allArticles: readonly Article[],
  allPages: readonly Page[],
  options: ModelOptions,
): Site {
  const articles = allArticles.filter((a) => isIncluded(a, options.now, options.include)).sort(compareArticles);
  const pages = allPages.filter((p) => isIncluded(p, options.now, options.include)).sort((a, b) => compareText(a.url, b.url));
  return {
    config,
    now: options.now,
    articles,
    pages,
    tags: groupTags(articles),
    authors: groupAuthors(articles, authorRegistry),
    sections: config.sections.map((section) => ({ config: section, articles: articles.filter((a) => a.section === section.slug) })),
  };
}

/** Tags that slugify alike ("Russia", "russia") are one tag, named by its most used spelling. */
function groupTags(articles: readonly Article[]): Tag[] {
  const bySlug = new Map<string, { articles: Article[]; spellings: Map<string, number> }>();
  for (const article of articles) {
    const seen = new Set<string>();
    for (const name of article.tags) {
      const slug = slugFor(name);
      if (seen.has(slug)) continue;
      seen.add(slug);
      const group = bySlug.get(slug) ?? { articles: [] as Article[], spellings: new Map<string, number>() };
      group.articles.push(article);
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      bySlug.set(slug, group);
    }
  }
  return [...bySlug.entries()]
    .map(([slug, group]) => ({ slug, name: mostUsed(group.spellings), articles: group.articles }))
    .sort((a, b) => compareText(a.slug, b.slug));
}

function mostUsed(counts: Map<string, number>): string {
  return [...counts.entries()].sort(([a, m], [b, n]) => n - m || compareText(a, b))[0]![0];
}

function groupAuthors(articles: readonly Article[], registry: AuthorRegistry | null): Author[] {
  const bySlug = new Map<string, Author>();
  for (const article of articles) {
    for (const ref of article.authors) {
      const slug = registry ? ref : slugFor(ref);
      const author = bySlug.get(slug) ?? {
        slug,
        name: registry?.entries.get(ref)?.name ?? ref,
        entry: registry?.entries.get(ref),
        articles: [],
      };
      if (!author.articles.includes(article)) author.articles.push(article);
      bySlug.set(slug, author);
    }
  }
  return [...bySlug.values()].sort((a, b) => compareText(a.slug, b.slug));
}

/** The slug of an article's author reference: itself with a registry, slugified without. */
export function authorSlug(ref: string, registry: AuthorRegistry | null): string {
  return registry ? ref : slugFor(ref);
}
