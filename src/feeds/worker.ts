// Puts one feed together from plain data, on a worker thread or in-process: the XML or JSON of
// its newest entries, whose bodies the main thread has read.
import type { FeedEntry } from './entries.ts';
import { jsonFeed } from './json-feed.ts';
import { rssFeed, type FeedChannel, type FeedSite } from './rss.ts';

export type FeedTask =
  { format: 'rss'; site: FeedSite; channel: FeedChannel; entries: FeedEntry[] } | { format: 'json'; site: FeedSite; entries: FeedEntry[] };

export async function renderFeedTask(task: FeedTask): Promise<string> {
  return task.format === 'rss' ? rssFeed(task.site, task.channel, task.entries) : jsonFeed(task.site, task.entries);
}
