// The plan of feed and index files: RSS for the site and for every tag, section and author,
// the JSON feed, the sitemaps and robots.txt. Like pages, each is produced only when written,
// and states its inputs so an unchanged feed is not rebuilt.
import type { Article } from '../content/articles.ts';
import type { RenderContext } from '../render/context.ts';
import type { Output } from '../render/pages.ts';
import { feedEntry, type FeedEntry } from './entries.ts';
import type { FeedChannel, FeedSite } from './rss.ts';
import { robotsTxt } from './sitemap.ts';
import { planNewsSitemaps, planSitemaps } from './sitemap-plan.ts';

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

  outputs.push(...planSitemaps(site, pageUrls), ...planNewsSitemaps(ctx), {
    path: 'robots.txt',
    uses: () => [],
    inputs: () => 'robots',
    produce: async () => robotsTxt(site),
  });
  return outputs;
}
