// The plan of feed and index files: RSS for the site and for every tag, section and author,
// the JSON feed, the sitemaps and robots.txt. Like pages, each is produced only when written.
import type { Article } from '../content/articles.ts';
import type { RenderContext } from '../render/context.ts';
import type { Output } from '../render/pages.ts';
import { feedEntry, type FeedEntry } from './entries.ts';
import { jsonFeed } from './json-feed.ts';
import { rssFeed } from './rss.ts';
import { newsSitemap, robotsTxt, sitemap, type SitemapEntry } from './sitemap.ts';

export function planFeeds(ctx: RenderContext, pageUrls: readonly string[]): Output[] {
  const { site, views } = ctx;
  const limit = site.config.feed.items;
  const entries = (articles: readonly Article[]): FeedEntry[] =>
    articles.slice(0, limit).map((a) => feedEntry(site, a, views.article(a), ctx.body(a, true)));
  const title = site.config.title;
  const outputs: Output[] = [
    {
      path: 'feed.xml',
      produce: () =>
        rssFeed(site, { title, description: site.config.description, pageUrl: '/', feedUrl: '/feed.xml' }, entries(site.articles)),
    },
    { path: 'feed.json', produce: () => jsonFeed(site, entries(site.articles)) },
  ];
  for (const tag of site.tags) {
    const view = views.tag(tag.slug);
    const channel = { title: `${view.name} | ${title}`, description: `Articles about ${view.name}`, pageUrl: view.url, feedUrl: view.feed };
    outputs.push({ path: view.feed.slice(1), produce: () => rssFeed(site, channel, entries(tag.articles)) });
  }
  for (const section of site.sections) {
    const view = views.section(section.config.slug);
    const channel = {
      title: `${view.title} | ${title}`,
      description: view.description ?? view.title,
      pageUrl: view.url,
      feedUrl: view.feed,
    };
    outputs.push({ path: view.feed.slice(1), produce: () => rssFeed(site, channel, entries(section.articles)) });
  }
  for (const author of site.authors) {
    const view = views.author(author.slug);
    const channel = { title: `${view.name} | ${title}`, description: `Articles by ${view.name}`, pageUrl: view.url, feedUrl: view.feed };
    outputs.push({ path: view.feed.slice(1), produce: () => rssFeed(site, channel, entries(author.articles)) });
  }
  const lastmod = new Map(site.articles.map((a) => [a.url, (a.updated ?? a.date).toISO({ suppressMilliseconds: true }) ?? undefined]));
  const sitemapEntries: SitemapEntry[] = pageUrls.map((url) => ({ url, lastmod: lastmod.get(url) }));
  outputs.push(
    { path: 'sitemap.xml', produce: () => sitemap(site, sitemapEntries) },
    { path: 'news-sitemap.xml', produce: () => newsSitemap(site) },
    { path: 'robots.txt', produce: () => robotsTxt(site) },
  );
  return outputs;
}
