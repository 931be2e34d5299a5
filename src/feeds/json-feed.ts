// JSON Feed 1.1 for the whole site (https://www.jsonfeed.org/version/1.1/).
import { DateTime } from 'luxon';
import { absoluteUrl } from '../urls.ts';
import type { FeedEntry } from './entries.ts';
import type { FeedSite } from './rss.ts';

export function jsonFeed(site: FeedSite, entries: readonly FeedEntry[]): string {
  const base = site.url;
  const utc = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toUTC().toISO({ suppressMilliseconds: true });
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    home_page_url: base,
    feed_url: absoluteUrl(base, '/feed.json'),
    description: site.description || undefined,
    language: site.language,
    items: entries.map((entry) => ({
      id: entry.url,
      url: entry.url,
      title: entry.title,
      summary: entry.summary || undefined,
      content_html: entry.contentHtml,
      image: entry.image,
      date_published: utc(entry.date),
      date_modified: entry.updated === undefined ? undefined : (utc(entry.updated) ?? undefined),
      authors: entry.authors,
      tags: entry.tags,
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
