// sitemap.xml (every page), news-sitemap.xml (articles of the 48 hours before "now", as
// Google News asks) and robots.txt pointing at both. A site with more pages than one sitemap
// file may list has a sitemap index at sitemap.xml and its pages in sitemap-1.xml, sitemap-2.xml…;
// more recent articles than one news sitemap may list, an index at news-sitemap.xml and
// news-sitemap-1.xml…
import type { Article } from '../content/articles.ts';
import type { Site } from '../site/model.ts';
import { NEWS_WINDOW } from '../site/schedule.ts';
import { absoluteUrl } from '../urls.ts';
import { serialize, serializeList, xmlDocument, xmlText } from './xml.ts';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export interface SitemapEntry {
  url: string;
  lastmod?: string;
}

/** What the sitemap protocol lets one file hold: 50,000 URLs and 50 MiB uncompressed. Search
 * engines ignore a file past either, so a bigger site is split into files under an index. */
export const SITEMAP_LIMITS = { urls: 50_000, bytes: 50 * 1024 * 1024 };

/** Google News reads at most 1,000 articles from one news sitemap. An entry is at most a few
 * kilobytes (a URL, a title, a date), so such a file is far below the byte limit. */
export const NEWS_SITEMAP_LIMITS = { urls: 1_000, bytes: SITEMAP_LIMITS.bytes };

/** The most one entry adds besides its URL (the longest lastmod has an offset), and a little
 * more than a document's declaration and root tags. */
const ENTRY_BYTES = '  <url>\n    <loc></loc>\n    <lastmod>2026-01-01T00:00:00+00:00</lastmod>\n  </url>\n'.length;
const DOCUMENT_BYTES = 256;

/** A URL's bytes in the XML, where "&", "<" and ">" are written as entities. */
function escapedBytes(text: string): number {
  const bytes = Buffer.byteLength(text);
  if (!/[&<>]/.test(text)) return bytes;
  return bytes + (text.match(/&/g)?.length ?? 0) * 4 + (text.match(/[<>]/g)?.length ?? 0) * 3;
}

/**
 * The site's pages cut into the files of its sitemap, as [start, end) ranges of `urls` in their
 * order: one range when they fit in one file. Worked out from the URLs alone (each entry counted
 * at its largest), so the plan knows every file before any entry is made.
 */
export function sitemapRanges(baseUrl: string, urls: readonly string[], limits = SITEMAP_LIMITS): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let bytes = DOCUMENT_BYTES;
  urls.forEach((url, i) => {
    const entry = ENTRY_BYTES + escapedBytes(absoluteUrl(baseUrl, url));
    if (i > start && (i - start === limits.urls || bytes + entry > limits.bytes)) {
      ranges.push([start, i]);
      start = i;
      bytes = DOCUMENT_BYTES;
    }
    bytes += entry;
  });
  if (urls.length > start || ranges.length === 0) ranges.push([start, urls.length]);
  return ranges;
}

/** The path of the k-th (from 1) file of a split sitemap ("sitemap") or news sitemap ("news-sitemap"). */
export function sitemapPart(name: 'sitemap' | 'news-sitemap', k: number): string {
  return `${name}-${k}.xml`;
}

export async function sitemap(site: Site, entries: readonly SitemapEntry[]): Promise<string> {
  // Up to 50,000 pages: built in pieces (see serializeList).
  return serializeList('urlset', { xmlns: SITEMAP_NS }, entries, (urlset, entry) => {
    const url = urlset.ele('url');
    url.ele('loc').txt(xmlText(absoluteUrl(site.config.url, entry.url)));
    if (entry.lastmod) url.ele('lastmod').txt(entry.lastmod);
  });
}

/** A sitemap index: each file's address, with the newest change among its pages. */
export async function sitemapIndex(site: Site, files: readonly SitemapEntry[]): Promise<string> {
  const index = (await xmlDocument()).ele('sitemapindex', { xmlns: SITEMAP_NS });
  for (const file of files) {
    const entry = index.ele('sitemap');
    entry.ele('loc').txt(xmlText(absoluteUrl(site.config.url, file.url)));
    if (file.lastmod) entry.ele('lastmod').txt(file.lastmod);
  }
  return serialize(index);
}

const recent = new WeakMap<Site, Article[]>();

/** The articles of the 48 hours before "now", which a news sitemap lists. Worked out once per
 * site, as the plan, the dependency index and the site hash each ask for them. */
export function recentArticles(site: Site): Article[] {
  let articles = recent.get(site);
  if (!articles) {
    const now = site.now.toMillis();
    const since = site.now.minus(NEWS_WINDOW).toMillis();
    articles = site.articles.filter((a) => {
      const date = a.date.toMillis();
      return date > since && date <= now;
    });
    recent.set(site, articles);
  }
  return articles;
}

/** A news sitemap of `recent`, some or all of the articles of the last 48 hours. */
export async function newsSitemap(site: Site, recent: readonly Article[]): Promise<string> {
  const urlset = (await xmlDocument()).ele('urlset', {
    xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9',
    'xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9',
  });
  for (const article of recent) {
    const url = urlset.ele('url');
    url.ele('loc').txt(xmlText(absoluteUrl(site.config.url, article.url)));
    const news = url.ele('news:news');
    const publication = news.ele('news:publication');
    publication.ele('news:name').txt(xmlText(site.config.title));
    publication.ele('news:language').txt(xmlText(site.config.language.split('-')[0]!.toLowerCase()));
    news.ele('news:publication_date').txt(article.date.toISO({ suppressMilliseconds: true }) ?? '');
    news.ele('news:title').txt(xmlText(article.title));
  }
  return serialize(urlset);
}

export function robotsTxt(site: Site): string {
  const base = site.config.url;
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(base, '/sitemap.xml')}\nSitemap: ${absoluteUrl(base, '/news-sitemap.xml')}\n`;
}
