// One article as every feed format needs it: absolute URLs, plain summary, full body HTML.
import type { DateTime } from 'luxon';
import type { Article } from '../content/articles.ts';
import type { ArticleView } from '../render/views.ts';
import type { Site } from '../site/model.ts';
import { absoluteUrl } from '../urls.ts';

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  date: DateTime;
  updated: DateTime | undefined;
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
    date: article.date,
    updated: article.updated ?? article.gitUpdated,
    authors: view.authors.map((a) => ({ name: a.name, url: absoluteUrl(base, a.url) })),
    tags: view.tags.map((t) => t.name),
    image: article.image ? absoluteUrl(base, article.image.src) : undefined,
  };
}
