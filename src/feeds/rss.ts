// RSS 2.0 feeds (the site's, and one per tag, section and author): absolute links, a permalink
// guid, RFC 822 dates, the summary as description (escaped as HTML), the full body as
// content:encoded, one dc:creator per author and a category per tag.
import { DateTime } from 'luxon';
import type { SiteConfig } from '../config.ts';
import { absoluteUrl } from '../urls.ts';
import type { FeedEntry } from './entries.ts';
import { serialize, xmlDocument, xmlText } from './xml.ts';

export interface FeedChannel {
  title: string;
  description: string;
  /** Site path of the page the feed mirrors, and of the feed itself. */
  pageUrl: string;
  feedUrl: string;
}

/** What of the site a feed shows besides its entries. */
export type FeedSite = Pick<SiteConfig, 'url' | 'language' | 'title' | 'description'>;

export async function rssFeed(site: FeedSite, channel: FeedChannel, entries: readonly FeedEntry[]): Promise<string> {
  const base = site.url;
  const rss = (await xmlDocument()).ele('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  });
  const head = rss.ele('channel');
  head.ele('title').txt(xmlText(channel.title));
  head.ele('link').txt(xmlText(absoluteUrl(base, channel.pageUrl)));
  head.ele('description').txt(xmlText(htmlOfText(channel.description || channel.title)));
  head.ele('language').txt(xmlText(site.language));
  head.ele('atom:link', { href: xmlText(absoluteUrl(base, channel.feedUrl)), rel: 'self', type: 'application/rss+xml' });
  head.ele('generator').txt('masthead');
  // The newest entry's date, not the build time, so rebuilding the same content changes nothing.
  const newest = entries[0];
  if (newest) head.ele('lastBuildDate').txt(rfc822(newest.updated ?? newest.date));
  for (const entry of entries) {
    const item = head.ele('item');
    item.ele('title').txt(xmlText(entry.title));
    item.ele('link').txt(xmlText(entry.url));
    item.ele('guid', { isPermaLink: 'true' }).txt(xmlText(entry.url));
    item.ele('pubDate').txt(rfc822(entry.date));
    item.ele('description').txt(xmlText(htmlOfText(entry.summary)));
    item.ele('content:encoded').txt(xmlText(entry.contentHtml));
    for (const author of entry.authors) item.ele('dc:creator').txt(xmlText(author.name));
    for (const tag of entry.tags) item.ele('category').txt(xmlText(tag));
  }
  return serialize(rss);
}

/**
 * Feed readers take an RSS <description> (the channel's and each item's) as HTML, while our
 * summaries and descriptions are plain text: escaped as HTML first (and then as XML), a summary
 * "Talks on <EAEU> tariffs" keeps its word and "<script>" stays words, not an element. The other
 * text elements (title, category, dc:creator) are plain text to readers and go in as they are.
 */
function htmlOfText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** RFC 822 as RSS wants it, in UTC: "Tue, 23 May 2023 05:30:00 GMT". */
function rfc822(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toUTC().setLocale('en-US').toFormat("ccc, dd LLL yyyy HH:mm:ss 'GMT'");
}
