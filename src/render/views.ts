// What templates see: plain objects with display-ready values (dates in the site's language and
// timezone, resolved authors and tags), every optional field present as null when unset.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Article } from '../content/articles.ts';
import type { AuthorRegistry } from '../content/authors.ts';
import { authorSlug, type Author, type Section, type Site, type Tag } from '../site/model.ts';
import { authorUrl, feedUrl, sectionUrl, tagUrl } from '../site/routes.ts';
import { slugFor } from '../site/slugs.ts';
import type { ImageSet } from '../images/stage.ts';
import { imageFields } from '../images/views.ts';
import { isScheduled } from '../site/schedule.ts';
import { absoluteUrl } from '../urls.ts';

export interface DateView {
  iso: string;
  display: string;
  display_time: string;
  year: string;
}

/** Dates as shown, by instant, timezone and language: formatting is most of what a card
 * costs, and an archive shows the same dates build after build. */
const shownDates = new Map<string, DateView>();

export function dateView(date: DateTime, site: Site): DateView {
  const { timezone, language } = site.config;
  const key = `${date.toMillis()} ${timezone} ${language}`;
  let view = shownDates.get(key);
  if (!view) {
    const local = date.setZone(timezone).setLocale(language);
    view = Object.freeze({
      iso: local.toISO({ suppressMilliseconds: true }) ?? '',
      display: local.toLocaleString(DateTime.DATE_FULL),
      display_time: local.toLocaleString(DateTime.DATETIME_MED),
      year: local.toFormat('yyyy'),
    });
    // Bounded: a process that builds many sites (the tests) does not keep every date it met.
    if (shownDates.size >= 200_000) shownDates.clear();
    shownDates.set(key, view);
  }
  return view;
}

export function tagView(tag: Tag) {
  return { name: tag.name, slug: tag.slug, url: tagUrl(tag.slug), feed: feedUrl(tagUrl(tag.slug)), count: tag.articles.length };
}

export function sectionView(section: Section) {
  const { slug, title, description } = section.config;
  return {
    slug,
    title,
    description: description ?? null,
    url: sectionUrl(slug),
    feed: feedUrl(sectionUrl(slug)),
    count: section.articles.length,
  };
}

export function authorView(author: Author, images: ImageSet) {
  const entry = author.entry;
  const avatar = entry?.avatar;
  return {
    slug: author.slug,
    name: author.name,
    role: entry?.role ?? null,
    bio: entry?.bio ?? null,
    avatar: avatar ?? null,
    avatar_image: avatar ? { src: avatar, ...imageFields(images, avatar) } : null,
    links: entry?.links ?? [],
    url: authorUrl(author.slug),
    feed: feedUrl(authorUrl(author.slug)),
    count: author.articles.length,
  };
}

export type ArticleView = ReturnType<ViewIndex['article']>;

/** Builds views once per object and reuses them across the many pages that list an article. */
export class ViewIndex {
  private readonly tagsBySlug: Map<string, ReturnType<typeof tagView>>;
  private readonly authorsBySlug: Map<string, ReturnType<typeof authorView>>;
  private readonly sectionsBySlug: Map<string, ReturnType<typeof sectionView>>;
  private readonly cards = new Map<Article, ReturnType<ViewIndex['buildCard']>>();
  /** Shared views and, once asked for, their JSON. */
  private readonly keys = new WeakMap<object, string | null>();

  constructor(
    private readonly site: Site,
    private readonly registry: AuthorRegistry | null,
    private readonly wordCount: (article: Article) => number,
    private readonly images: ImageSet,
  ) {
    this.tagsBySlug = new Map(site.tags.map((t) => [t.slug, tagView(t)]));
    this.authorsBySlug = new Map(site.authors.map((a) => [a.slug, authorView(a, images)]));
    this.sectionsBySlug = new Map(site.sections.map((s) => [s.config.slug, sectionView(s)]));
  }

  tag = (slug: string) => this.tagsBySlug.get(slug)!;
  author = (slug: string) => this.authorsBySlug.get(slug)!;
  section = (slug: string) => this.sectionsBySlug.get(slug)!;

  /**
   * A short stand-in for a shared view (a card) when describing an output's inputs: a hash of
   * the card's JSON, computed once, instead of serialising the card for every page listing it.
   * Use as a JSON.stringify replacer: `JSON.stringify(inputs, views.replaceShared)`.
   */
  replaceShared = (_key: string, value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || !this.keys.has(value)) return value;
    let key = this.keys.get(value);
    if (!key) {
      // A hash, not the JSON itself: one short string per article, however large the archive.
      key = createHash('sha256').update(JSON.stringify(value)).digest('base64');
      this.keys.set(value, key);
    }
    return key;
  };

  /** The article as lists show it. */
  article = (article: Article) => {
    let card = this.cards.get(article);
    if (!card) {
      card = this.buildCard(article);
      this.cards.set(article, card);
      this.keys.set(card, null);
    }
    return card;
  };

  private buildCard(article: Article) {
    const site = this.site;
    const updated = article.updated ?? article.gitUpdated;
    return {
      title: article.title,
      slug: article.slug,
      url: article.url,
      summary: article.summary ?? null,
      date: dateView(article.date, site),
      updated: updated ? dateView(updated, site) : null,
      authors: article.authors.map((ref) => this.author(authorSlug(ref, this.registry))),
      section: article.section ? this.section(article.section) : null,
      tags: uniqueTagSlugs(article).map(this.tag),
      image: article.image
        ? {
            src: article.image.src,
            alt: article.image.alt,
            caption: article.image.caption ?? null,
            credit: article.image.credit ?? null,
            ...imageFields(this.images, article.image.src),
          }
        : null,
      word_count: this.wordCount(article),
      reading_minutes: Math.max(1, Math.round(this.wordCount(article) / 230)),
      // Only builds that include them (dev, --drafts, --future) ever show such an article:
      // it says so on the page, so a preview is never mistaken for what readers see.
      status: article.draft ? 'draft' : isScheduled(article, site.now) ? 'scheduled' : null,
    };
  }

  /** The article as its own page shows it: the card plus body, quotes, corrections, JSON-LD. */
  fullArticle(article: Article, bodyHtml: string) {
    const card = this.article(article);
    return {
      ...card,
      body: bodyHtml,
      quotes: article.quotes.map((q, i) => ({ n: i + 1, text: q.text, by: q.by, role: q.role ?? null, source: q.source ?? null })),
      corrections: article.corrections.map((c) => ({ date: dateView(c.date, this.site), text: c.text })),
      json_ld: jsonLd(this.site, card),
    };
  }
}

export function uniqueTagSlugs(article: Article): string[] {
  return [...new Set(article.tags.map(slugFor))];
}

/** schema.org NewsArticle, made safe to print inside <script>: no "<" can close the element. */
function jsonLd(site: Site, card: ReturnType<ViewIndex['article']>): string {
  const base = site.config.url;
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: card.title,
    description: card.summary ?? undefined,
    datePublished: card.date.iso,
    dateModified: (card.updated ?? card.date).iso,
    mainEntityOfPage: absoluteUrl(base, card.url),
    image: card.image ? [absoluteUrl(base, card.image.src)] : undefined,
    articleSection: card.section?.title,
    keywords: card.tags.map((t) => t.name),
    author: card.authors.map((a) => ({ '@type': 'Person', name: a.name, url: absoluteUrl(base, a.url) })),
    publisher: { '@type': 'Organization', name: site.config.title, url: base },
  };
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
