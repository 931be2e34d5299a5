// The plan of the sitemaps: sitemap.xml and news-sitemap.xml, each split under an index when
// the site has more than one file may list (see sitemap.ts for the limits).
import type { RenderContext } from '../render/context.ts';
import type { Output } from '../render/pages.ts';
import type { Site } from '../site/model.ts';
import {
  NEWS_SITEMAP_LIMITS,
  newsSitemap,
  recentArticles,
  sitemap,
  SITEMAP_LIMITS,
  sitemapIndex,
  sitemapPart,
  sitemapRanges,
  type SitemapEntry,
} from './sitemap.ts';

/** sitemap.xml listing every page, or, when they need more than one file, indexing the files
 * that do (sitemap-1.xml, sitemap-2.xml…). Every article's date of last change is in them. */
export function planSitemaps(site: Site, pageUrls: readonly string[]): Output[] {
  // Each article's lastmod, worked out when a file is first hashed or written, not kept from
  // planning to the end of the build, and let go once every file is written.
  let changes: Map<string, { iso: string | undefined; millis: number }> | undefined;
  const changed = () =>
    (changes ??= new Map(
      site.articles.map((a) => {
        const date = a.updated ?? a.gitUpdated ?? a.date;
        return [a.url, { iso: date.toISO({ suppressMilliseconds: true }) ?? undefined, millis: date.toMillis() }];
      }),
    ));
  const entries = (start: number, end: number): SitemapEntry[] =>
    pageUrls.slice(start, end).map((url) => ({ url, lastmod: changed().get(url)?.iso }));
  const ranges = sitemapRanges(site.config.url, pageUrls, SITEMAP_LIMITS);
  let unwritten = ranges.length === 1 ? 1 : ranges.length + 1;
  const written = (xml: string) => {
    if (--unwritten === 0) changes = undefined;
    return xml;
  };
  const list = (path: string, start: number, end: number): Output => ({
    path,
    uses: () => site.articles,
    inputs: () => entries(start, end),
    produce: async () => written(await sitemap(site, entries(start, end))),
  });
  if (ranges.length === 1) return [list('sitemap.xml', 0, pageUrls.length)];

  // The index gives each file the newest change among its pages, so a crawler can skip the rest.
  const files = (): SitemapEntry[] =>
    ranges.map(([start, end], i) => {
      let newest: { iso: string | undefined; millis: number } | undefined;
      for (let at = start; at < end; at++) {
        const change = changed().get(pageUrls[at]!);
        if (change && (!newest || change.millis > newest.millis)) newest = change;
      }
      return { url: `/${sitemapPart('sitemap', i + 1)}`, lastmod: newest?.iso };
    });
  return [
    { path: 'sitemap.xml', uses: () => site.articles, inputs: files, produce: async () => written(await sitemapIndex(site, files())) },
    ...ranges.map(([start, end], i) => list(sitemapPart('sitemap', i + 1), start, end)),
  ];
}

/** news-sitemap.xml listing the articles of the last 48 hours, or, past the 1,000 one file may
 * list, indexing the files that do (news-sitemap-1.xml…), each file with its newest article's date. */
export function planNewsSitemaps(ctx: RenderContext): Output[] {
  const { site, views } = ctx;
  const recent = recentArticles(site);
  const ranges = sitemapRanges(
    site.config.url,
    recent.map((a) => a.url),
    NEWS_SITEMAP_LIMITS,
  );
  const list = (path: string, start: number, end: number): Output => ({
    path,
    uses: () => recent.slice(start, end),
    inputs: () => recent.slice(start, end).map(views.article),
    produce: async () => newsSitemap(site, recent.slice(start, end)),
  });
  if (ranges.length === 1) return [list('news-sitemap.xml', 0, recent.length)];
  const files = (): SitemapEntry[] =>
    ranges.map(([start, end], i) => {
      const newest = recent.slice(start, end).reduce((a, b) => (b.date.toMillis() > a.date.toMillis() ? b : a));
      return { url: `/${sitemapPart('news-sitemap', i + 1)}`, lastmod: newest.date.toISO({ suppressMilliseconds: true }) ?? undefined };
    });
  return [
    { path: 'news-sitemap.xml', uses: () => recent, inputs: files, produce: async () => sitemapIndex(site, files()) },
    ...ranges.map(([start, end], i) => list(sitemapPart('news-sitemap', i + 1), start, end)),
  ];
}
