// What the newsletter and comments partials see: the site's settings with every default filled
// in, and, per article, which comments block it gets (giscus, a link to a thread, or none).
import type { SiteConfig } from '../config.ts';
import type { Article } from '../content/articles.ts';

export interface NewsletterView {
  /** The address the form posts to, or null when the block links to `url` instead. */
  action: string | null;
  url: string | null;
  email: string;
  honeypot: string;
  hidden: { name: string; value: string }[];
  title: string;
  text: string;
  label: string;
  button: string;
  consent: string;
  privacy: string | null;
}

export function newsletterView(config: SiteConfig): NewsletterView | null {
  const settings = config.newsletter;
  if (!settings) return null;
  return {
    action: settings.action ?? null,
    url: settings.url ?? null,
    email: settings.email,
    honeypot: settings.honeypot,
    hidden: Object.entries(settings.hidden)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value })),
    title: settings.title ?? `${config.title} in your inbox`,
    text: settings.text,
    label: settings.label,
    button: settings.button,
    consent: settings.consent,
    privacy: settings.privacy ?? null,
  };
}

export type CommentsView =
  | {
      provider: 'giscus';
      /** giscus's embed script, loaded only when the reader asks for the comments. */
      script: string;
      repo: string;
      repo_id: string;
      category: string;
      category_id: string;
      /** The discussion's key: the article's site path, the same on every host it is served from. */
      term: string;
      reactions: '0' | '1';
      input_position: string;
      theme: string;
      lang: string;
      /** Where to read the discussion without the embed (and without JavaScript). */
      discussion: string;
    }
  | { provider: 'link'; url: string; host: string };

export function commentsView(config: SiteConfig, article: Article): CommentsView | null {
  if (article.comments === false) return null;
  if (typeof article.comments === 'string') {
    return { provider: 'link', url: article.comments, host: new URL(article.comments).host };
  }
  const giscus = config.comments;
  if (!giscus) return null;
  const term = article.url;
  const search = new URLSearchParams({ discussions_q: `in:title ${term}` });
  return {
    provider: 'giscus',
    script: 'https://giscus.app/client.js',
    repo: giscus.repo,
    repo_id: giscus.repoId,
    category: giscus.category,
    category_id: giscus.categoryId,
    term,
    reactions: giscus.reactions ? '1' : '0',
    input_position: giscus.inputPosition,
    theme: giscus.theme,
    lang: giscus.lang ?? config.language.split('-')[0]!.toLowerCase(),
    discussion: `https://github.com/${giscus.repo}/discussions?${search.toString()}`,
  };
}
