// sitemap.xml (every page), news-sitemap.xml (articles of the 48 hours before "now", as
// Google News asks) and robots.txt pointing at both.
import type { Article } from '../content/articles.ts';
import type { Site } from '../site/model.ts';
import { NEWS_WINDOW } from '../site/schedule.ts';
import { absoluteUrl } from '../urls.ts';
import { serialize, serializeList, xmlDocument, xmlText } from './xml.ts';

export interface SitemapEntry {
  url: string;
  lastmod?: string;
}

export async function sitemap(site: Site, entries: readonly SitemapEntry[]): Promise<string> {
  // Every page of the site: built in pieces (see serializeList).
  return serializeList('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, entries, (urlset, entry) => {
    const url = urlset.ele('url');
    url.ele('loc').txt(xmlText(absoluteUrl(site.config.url, entry.url)));
    if (entry.lastmod) url.ele('lastmod').txt(entry.lastmod);
  });
}

const recent = new WeakMap<Site, Article[]>();

/** The articles of the 48 hours before "now", which a news sitemap lists. Worked out once per
 * site, as the plan, the dependency index and the site hash each ask for them. */
export function recentArticles(site: Site): Article[] {
  let articles = recent.get(site);
  if (!articles) {
    const now = site.now.toMillis();
    const since = site.now.minus(NEWS_WINDOW).toMillis();
    articles = site.articles.filter((a) => {
      const date = a.date.toMillis();
      return date > since && date <= now;
    });
    recent.set(site, articles);
  }
  return articles;
}

export async function newsSitemap(site: Site): Promise<string> {
  const recent = recentArticles(site);
  const urlset = (await xmlDocument()).ele('urlset', {
    xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9',
    'xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9',
  });
  for (const article of recent) {
    const url = urlset.ele('url');
    url.ele('loc').txt(xmlText(absoluteUrl(site.config.url, article.url)));
    const news = url.ele('news:news');
    const publication = news.ele('news:publication');
    publication.ele('news:name').txt(xmlText(site.config.title));
    publication.ele('news:language').txt(xmlText(site.config.language.split('-')[0]!.toLowerCase()));
    news.ele('news:publication_date').txt(article.date.toISO({ suppressMilliseconds: true }) ?? '');
    news.ele('news:title').txt(xmlText(article.title));
  }
  return serialize(urlset);
}

export function robotsTxt(site: Site): string {
  const base = site.config.url;
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(base, '/sitemap.xml')}\nSitemap: ${absoluteUrl(base, '/news-sitemap.xml')}\n`;
}
