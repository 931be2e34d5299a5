// JSON Feed 1.1 for the whole site (https://www.jsonfeed.org/version/1.1/).
import type { Site } from '../site/model.ts';
import { absoluteUrl } from '../urls.ts';
import type { FeedEntry } from './entries.ts';

export function jsonFeed(site: Site, entries: readonly FeedEntry[]): string {
  const base = site.config.url;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.config.title,
    home_page_url: base,
    feed_url: absoluteUrl(base, '/feed.json'),
    description: site.config.description || undefined,
    language: site.config.language,
    items: entries.map((entry) => ({
      id: entry.url,
      url: entry.url,
      title: entry.title,
      summary: entry.summary || undefined,
      content_html: entry.contentHtml,
      image: entry.image,
      date_published: entry.date.toUTC().toISO({ suppressMilliseconds: true }),
      date_modified: entry.updated?.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined,
      authors: entry.authors,
      tags: entry.tags,
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
