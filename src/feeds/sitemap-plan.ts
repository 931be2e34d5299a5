// The plan of the sitemaps: sitemap.xml and news-sitemap.xml, each split under an index when
// the site has more than one file may list (see sitemap.ts for the limits).
import type { Article } from '../content/articles.ts';
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
  // The index gives each file the newest change among its pages, so a crawler can skip the rest.
  const newest = (start: number, end: number) => {
    let found: { iso: string | undefined; millis: number } | undefined;
    for (let at = start; at < end; at++) {
      const change = changed().get(pageUrls[at]!);
      if (change && (!found || change.millis > found.millis)) found = change;
    }
    return found?.iso;
  };
  return underIndex(site, 'sitemap', ranges, { list, uses: () => site.articles, newest, written });
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
  const newest = (start: number, end: number) => {
    const article = recent.slice(start, end).reduce((a, b) => (b.date.toMillis() > a.date.toMillis() ? b : a));
    return article.date.toISO({ suppressMilliseconds: true }) ?? undefined;
  };
  return underIndex(site, 'news-sitemap', ranges, { list, uses: () => recent, newest });
}

interface Files {
  /** The output listing the entries [start, end) at `path`. */
  list: (path: string, start: number, end: number) => Output;
  /** What the index's dates are made from. */
  uses: () => readonly Article[];
  /** The date of the newest change among the entries [start, end), if any has one. */
  newest: (start: number, end: number) => string | undefined;
  /** Told of the index's text once it is made. */
  written?: (xml: string) => string;
}

/** `name`.xml listing every entry when `ranges` is one file; else a sitemap index there, over
 * the numbered files (name-1.xml…) that list them, each with its newest change. */
function underIndex(site: Site, name: 'sitemap' | 'news-sitemap', ranges: Array<[number, number]>, files: Files): Output[] {
  const [first] = ranges;
  if (ranges.length === 1) return [files.list(`${name}.xml`, first![0], first![1])];
  const entries = (): SitemapEntry[] =>
    ranges.map(([start, end], i) => ({ url: `/${sitemapPart(name, i + 1)}`, lastmod: files.newest(start, end) }));
  const written = files.written ?? ((xml: string) => xml);
  return [
    { path: `${name}.xml`, uses: files.uses, inputs: entries, produce: async () => written(await sitemapIndex(site, entries())) },
    ...ranges.map(([start, end], i) => files.list(sitemapPart(name, i + 1), start, end)),
  ];
}
