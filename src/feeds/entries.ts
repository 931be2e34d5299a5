// One article as every feed format needs it: absolute URLs, plain summary, full body HTML, dates
// as ISO 8601 text: plain data, so a feed can be put together on a worker thread.
import type { Article } from '../content/articles.ts';
import type { ArticleView } from '../render/views.ts';
import type { Site } from '../site/model.ts';
import { absoluteUrl } from '../urls.ts';

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  /** ISO 8601 with the offset it was written with and milliseconds: no precision lost. */
  date: string;
  updated: string | undefined;
  authors: { name: string; url: string }[];
  tags: string[];
  image: string | undefined;
}

export function feedEntry(site: Site, article: Article, view: ArticleView, contentHtml: string): FeedEntry {
  const base = site.config.url;
  return {
    url: absoluteUrl(base, article.url),
    title: article.title,
    summary: article.summary ?? '',
    contentHtml,
    date: article.date.toISO()!,
    updated: (article.updated ?? article.gitUpdated)?.toISO() ?? undefined,
    authors: view.authors.map((a) => ({ name: a.name, url: absoluteUrl(base, a.url) })),
    tags: view.tags.map((t) => t.name),
    image: article.image ? absoluteUrl(base, article.image.src) : undefined,
  };
}
