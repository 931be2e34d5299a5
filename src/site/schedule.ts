// What a build publishes of what is not out yet: drafts (`draft: true`) and scheduled articles
// (dated after "now") are two separate things, shown by two separate flags, as in Hugo. Also
// what a build tells about them: how many it left out, and when the next scheduled article goes
// live, so a scheduled CI job knows when to build again.
import { Duration, type DateTime } from 'luxon';
import type { Article, Page } from '../content/articles.ts';

/** Which unpublished content a build includes. `build` and `check` take them from --drafts and
 * --future; a preview server can include both and mark them. */
export interface Inclusion {
  /** Articles and pages with `draft: true`. @default false */
  drafts: boolean;
  /** Articles dated after "now". @default false */
  future: boolean;
}

export const PUBLISHED_ONLY: Inclusion = { drafts: false, future: false };

/** How far back from "now" the news sitemap reaches (feeds/sitemap.ts). */
export const NEWS_WINDOW = Duration.fromObject({ hours: 48 });

// By milliseconds: comparing DateTimes with `>` converts both through valueOf, several times
// slower, and this runs for every article in several whole-site passes of each build.
export const isScheduled = (article: Article, now: DateTime) => article.date.toMillis() > now.toMillis();

/** Whether `owner` is in a build at `now` that includes `include`. */
export function isIncluded(owner: Article | Page, now: DateTime, include: Inclusion): boolean {
  if (owner.draft && !include.drafts) return false;
  return owner.kind === 'page' || include.future || !isScheduled(owner, now);
}

export interface Schedule {
  /** Drafts (articles and pages) the build left out: --drafts shows them. */
  draftsLeftOut: number;
  /** Articles left out only because they are dated after "now" (a scheduled draft counts as a
   * draft until --drafts is given): --future shows them. */
  scheduledLeftOut: number;
  /** The first article dated after "now" that this build would show once its time comes
   * (drafts only with --drafts), with its date in the site's time zone. With --future it is
   * already in the site; it is still the next one to go live for readers. */
  next: { title: string; date: DateTime; shownEarly: boolean } | null;
}

export function scheduleOf(
  articles: readonly Article[],
  pages: readonly Page[],
  now: DateTime,
  include: Inclusion,
  zone: string,
): Schedule {
  const draftsLeftOut = [...articles, ...pages].filter((owner) => owner.draft && !include.drafts).length;
  const coming = articles.filter((a) => isScheduled(a, now) && (!a.draft || include.drafts));
  // Earliest first; at the same moment, the URL decides, as everywhere else.
  const next = coming.reduce<Article | undefined>(
    (first, a) => (!first || a.date < first.date || (a.date.toMillis() === first.date.toMillis() && a.url < first.url) ? a : first),
    undefined,
  );
  return {
    draftsLeftOut,
    scheduledLeftOut: include.future ? 0 : coming.length,
    next: next ? { title: next.title, date: next.date.setZone(zone), shownEarly: include.future } : null,
  };
}
