// The plan of feed and index files: RSS for the site and for every tag, section and author,
// the JSON feed, the sitemaps and robots.txt. Like pages, each is produced only when written,
// and states its inputs so an unchanged feed is not rebuilt.
import type { Article } from '../content/articles.ts';
import type { RenderContext } from '../render/context.ts';
import type { Site } from '../site/model.ts';
import type { Output } from '../render/pages.ts';
import { feedEntry, type FeedEntry } from './entries.ts';
import type { FeedChannel, FeedSite } from './rss.ts';
import {
  newsSitemap,
  recentArticles,
  robotsTxt,
  sitemap,
  SITEMAP_LIMITS,
  sitemapIndex,
  sitemapPart,
  sitemapRanges,
  type SitemapEntry,
} from './sitemap.ts';

export function planFeeds(ctx: RenderContext, pageUrls: readonly string[]): Output[] {
  const { site, views } = ctx;
  const limit = site.config.feed.items;
  const { url, language, title: siteTitle, description } = site.config;
  const feedSite: FeedSite = { url, language, title: siteTitle, description };
  // Only the newest `limit` bodies of a feed are ever read, one feed at a time.
  const entries = async (articles: readonly Article[]): Promise<FeedEntry[]> =>
    Promise.all(articles.slice(0, limit).map(async (a) => feedEntry(site, a, views.article(a), await ctx.body(a, true))));
  const inputs = (articles: readonly Article[]) => articles.slice(0, limit).map((a) => [views.article(a), ctx.bodyKey(a)]);
  const rss = (path: string, channel: FeedChannel, articles: readonly Article[]): Output => ({
    path,
    uses: () => articles.slice(0, limit),
    inputs: () => ({ rss: channel, entries: inputs(articles) }),
    produce: async () => ctx.renderer.feed({ format: 'rss', site: feedSite, channel, entries: await entries(articles) }),
  });

  const title = site.config.title;
  const outputs: Output[] = [
    rss('feed.xml', { title, description: site.config.description, pageUrl: '/', feedUrl: '/feed.xml' }, site.articles),
    {
      path: 'feed.json',
      uses: () => site.articles.slice(0, limit),
      inputs: () => ({ json: inputs(site.articles) }),
      produce: async () => ctx.renderer.feed({ format: 'json', site: feedSite, entries: await entries(site.articles) }),
    },
  ];
  for (const tag of site.tags) {
    const view = views.tag(tag.slug);
    outputs.push(
      rss(
        view.feed.slice(1),
        { title: `${view.name} | ${title}`, description: `Articles about ${view.name}`, pageUrl: view.url, feedUrl: view.feed },
        tag.articles,
      ),
    );
  }
  for (const section of site.sections) {
    const view = views.section(section.config.slug);
    const channel = {
      title: `${view.title} | ${title}`,
      description: view.description ?? view.title,
      pageUrl: view.url,
      feedUrl: view.feed,
    };
    outputs.push(rss(view.feed.slice(1), channel, section.articles));
  }
  for (const author of site.authors) {
    const view = views.author(author.slug);
    outputs.push(
      rss(
        view.feed.slice(1),
        { title: `${view.name} | ${title}`, description: `Articles by ${view.name}`, pageUrl: view.url, feedUrl: view.feed },
        author.articles,
      ),
    );
  }

  outputs.push(
    ...planSitemaps(site, pageUrls),
    {
      path: 'news-sitemap.xml',
      uses: () => recentArticles(site),
      inputs: () => recentArticles(site).map(views.article),
      produce: async () => newsSitemap(site),
    },
    { path: 'robots.txt', uses: () => [], inputs: () => 'robots', produce: async () => robotsTxt(site) },
  );
  return outputs;
}

/** sitemap.xml listing every page, or, when they need more than one file, indexing the files
 * that do (sitemap-1.xml, sitemap-2.xml…). Every article's date of last change is in them. */
function planSitemaps(site: Site, pageUrls: readonly string[]): Output[] {
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
      return { url: `/${sitemapPart(i + 1)}`, lastmod: newest?.iso };
    });
  return [
    { path: 'sitemap.xml', uses: () => site.articles, inputs: files, produce: async () => written(await sitemapIndex(site, files())) },
    ...ranges.map(([start, end], i) => list(sitemapPart(i + 1), start, end)),
  ];
}
