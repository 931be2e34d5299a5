// The URL scheme of a site, in one place: the address of every kind of page and feed, the file
// an address is written to, and the names the site itself takes (which no article, page, alias
// or section may claim). Addresses are site paths ("/tags/trade/"), relative to the site's base.
import type { DateTime } from 'luxon';
import type { SiteConfig } from '../config.ts';

export const HOME_URL = '/';
export const TAGS_URL = '/tags/';
export const AUTHORS_URL = '/authors/';
/** The search page; its index lives beside it in /pagefind/. */
export const SEARCH_URL = '/search/';
export const NOT_FOUND_URL = '/404.html';
export const FEED_URL = '/feed.xml';
export const JSON_FEED_URL = '/feed.json';

export const tagUrl = (slug: string) => `${TAGS_URL}${slug}/`;
export const authorUrl = (slug: string) => `${AUTHORS_URL}${slug}/`;
export const sectionUrl = (slug: string) => `/${slug}/`;
/** A standalone page (content/pages/about.md is /about/). */
export const pageUrl = (slug: string) => `/${slug}/`;
/** The RSS feed of a listing (a tag, a section, an author). */
export const feedUrl = (listingUrl: string) => `${listingUrl}feed.xml`;

/** Page `number` of a listing at `listingUrl`: page 1 is the listing itself. */
export function listingPageUrl(listingUrl: string, number: number): string {
  return number === 1 ? listingUrl : `${listingUrl}page/${number}/`;
}

/** An article's address from site.yaml's `permalink` (default /:year/:month/:slug/). */
export function articleUrl(config: Pick<SiteConfig, 'permalink'>, slug: string, date: DateTime, section: string | undefined): string {
  const values: Record<string, string> = {
    year: String(date.year),
    month: String(date.month).padStart(2, '0'),
    day: String(date.day).padStart(2, '0'),
    slug,
    section: section ?? 'news',
  };
  return config.permalink.replace(/:(year|month|day|slug|section)\b/g, (_, token: string) => values[token]!).replace(/\/{2,}/g, '/');
}

/** `/2019/old-story` and `/2019/old-story/index.html` both mean the folder `/2019/old-story/`. */
export function normalizeAlias(alias: string): string {
  const withoutIndex = alias.replace(/\/index\.html?$/, '/');
  return withoutIndex.endsWith('/') || /\.[a-z0-9]+$/i.test(withoutIndex) ? withoutIndex : `${withoutIndex}/`;
}

/** The file an address is written to: "/2023/05/x/" is "2023/05/x/index.html". */
export function outputPath(url: string): string {
  const path = url.slice(1);
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** The address of an output file: "2023/05/x/index.html" is "/2023/05/x/". */
export function pageUrlOf(outputPath: string): string {
  return '/' + outputPath.replace(/(^|\/)index\.html$/, '$1');
}

/** The output file a site path is served from, if the site has one, as a static host serves
 * it: "x/" is "x/index.html", and "x" may be "x/index.html". */
export function outputFor(path: string, outputs: ReadonlySet<string>): string | undefined {
  const relative = path.slice(1);
  const candidates = relative === '' || relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}/index.html`];
  return candidates.find((candidate) => outputs.has(candidate));
}

/** First path segments the site itself takes; `__masthead` is the dev server's own (its
 * reload script and events). */
const RESERVED = [
  'tags',
  'authors',
  'page',
  'assets',
  'media',
  'search',
  'pagefind',
  'feed.xml',
  'feed.json',
  'sitemap.xml',
  'news-sitemap.xml',
  'robots.txt',
  '404.html',
  '_redirects',
  '__masthead',
];

/** True for a first path segment the site itself takes: one of RESERVED, or one of the numbered
 * files a big site's sitemaps are split into ("sitemap-2.xml", "news-sitemap-1.xml", see
 * feeds/sitemap.ts). */
export function isReserved(segment: string): boolean {
  return RESERVED.includes(segment) || /^(news-)?sitemap-\d+\.xml$/.test(segment);
}
