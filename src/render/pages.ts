// The plan of HTML pages: every URL the site will have, with its template and data. Pages are
// rendered only when the writer asks for them, so the whole site never sits in memory at once,
// and each states its inputs, so an unchanged page is not rendered again.
import { createHash } from 'node:crypto';
import type { Article, Page } from '../content/articles.ts';
import { paginate } from '../site/paginate.ts';
import {
  AUTHORS_URL,
  authorUrl,
  FEED_URL,
  NOT_FOUND_URL,
  normalizeAlias,
  outputPath,
  SEARCH_URL,
  sectionUrl,
  TAGS_URL,
  tagUrl,
} from '../site/routes.ts';
import type { Author } from '../site/model.ts';
import { absoluteUrl, relativeHref } from '../urls.ts';
import type { PageMeta, RenderContext } from './context.ts';
import { ArticlePage } from './article-page.ts';
import { meta } from './page-meta.ts';
import type { RenderedPage } from './renderer.ts';

export interface Output {
  /** Path under the output folder: "2023/05/x/index.html". */
  path: string;
  /** Everything the bytes depend on besides templates, site-wide values and masthead itself;
   * bodies appear as their cache keys. Equal inputs make equal bytes. */
  inputs: () => unknown;
  /** The articles and pages whose records (text, body, git date) the inputs are made from;
   * everything else they hold is site-wide or follows from the site's shape (which articles
   * exist, in what order, where they are filed). An edit that keeps that shape re-hashes only
   * the outputs that use an edited record: see incremental/dependencies.ts. */
  uses: () => readonly (Article | Page)[];
  /** The bytes to write (an HTML page's with what the link check needs of it, when its thread
   * scanned it); undefined when rendering failed (the error is already reported). */
  produce: () => Promise<string | RenderedPage | undefined>;
  /** The page's URL when it belongs in the sitemap (not the 404 page, not redirects). */
  url?: string;
  /** The template an HTML page is rendered from ("article"), for problems found in its output. */
  template?: string;
}

/** An HTML page from `template`, made from the records `uses`. `data` receives the body's HTML, or its cache key when only
 * the page's inputs are wanted; pages without a body ignore it. */
function html(
  ctx: RenderContext,
  template: string,
  m: PageMeta,
  uses: readonly (Article | Page)[] | (() => readonly (Article | Page)[]),
  data: (body: string) => object,
  options: { body?: Article | Page; sitemap?: boolean } = {},
): Output {
  const owner = options.body;
  return {
    path: outputPath(m.url),
    url: options.sitemap === false ? undefined : m.url,
    template,
    uses: typeof uses === 'function' ? uses : () => uses,
    inputs: () => ({ template, meta: m, data: data(owner ? ctx.bodyKey(owner) : '') }),
    produce: async () => ctx.renderPage(template, m, data(owner ? await ctx.body(owner, false) : '')),
  };
}

export function planPages(ctx: RenderContext): Output[] {
  const { site, views } = ctx;
  const cards = (articles: readonly Article[]) => articles.map(views.article);
  const outputs: Output[] = [];
  const title = site.config.title;

  for (const part of paginate(site.articles, site.config.perPage, '/')) {
    const first = part.pagination.current === 1;
    const withArticles = site.sections.filter((s) => s.articles.length > 0);
    const latest = first ? withArticles.map((s) => ({ section: s, articles: s.articles.slice(0, 4) })) : [];
    const latestBySection = () => latest.map((l) => ({ section: views.section(l.section.config.slug), articles: cards(l.articles) }));
    const m = meta(ctx, { kind: 'home', url: part.url, title: first ? title : `Page ${part.pagination.current}`, feed: FEED_URL });
    const uses = [...part.items, ...latest.flatMap((l) => l.articles)];
    outputs.push(
      html(ctx, 'home', m, uses, () => ({
        articles: cards(part.items),
        pagination: part.pagination,
        latest_by_section: latestBySection(),
      })),
    );
  }

  const relatedTo = relatedArticles(ctx);
  for (const article of site.articles) outputs.push(new ArticlePage(ctx, article, relatedTo));

  for (const section of site.sections) {
    const view = views.section(section.config.slug);
    for (const part of paginate(section.articles, site.config.perPage, sectionUrl(section.config.slug))) {
      const m = meta(ctx, {
        kind: 'section',
        url: part.url,
        title: view.title,
        description: view.description ?? site.config.description,
        section: view.slug,
        feed: view.feed,
      });
      outputs.push(
        html(ctx, 'section', m, part.items, () => ({ section: view, articles: cards(part.items), pagination: part.pagination })),
      );
    }
  }

  const tagsMeta = meta(ctx, { kind: 'tags', url: TAGS_URL, title: 'Topics', description: `Every topic covered by ${title}` });
  const byTagName = (a: { name: string; slug: string }, b: { name: string; slug: string }) =>
    a.name.localeCompare(b.name, site.config.language) || (a.slug < b.slug ? -1 : 1);
  outputs.push(html(ctx, 'tags', tagsMeta, [], () => ({ tags: site.tags.map((t) => views.tag(t.slug)).sort(byTagName) })));
  for (const tag of site.tags) {
    const view = views.tag(tag.slug);
    for (const part of paginate(tag.articles, site.config.perPage, tagUrl(tag.slug))) {
      const m = meta(ctx, { kind: 'tag', url: part.url, title: view.name, description: `Articles about ${view.name}`, feed: view.feed });
      outputs.push(html(ctx, 'tag', m, part.items, () => ({ tag: view, articles: cards(part.items), pagination: part.pagination })));
    }
  }

  const byName = (a: Author, b: Author) => a.name.localeCompare(b.name, site.config.language) || (a.slug < b.slug ? -1 : 1);
  const authorsMeta = meta(ctx, { kind: 'authors', url: AUTHORS_URL, title: 'Our journalists' });
  outputs.push(html(ctx, 'authors', authorsMeta, [], () => ({ authors: [...site.authors].sort(byName).map((a) => views.author(a.slug)) })));
  // Paginated like every other list: a reporter's career is thousands of stories, too many for
  // one page to send a reader (or for one edit to re-render).
  for (const author of site.authors) {
    const view = views.author(author.slug);
    for (const part of paginate(author.articles, site.config.perPage, authorUrl(author.slug))) {
      const m = meta(ctx, {
        kind: 'author',
        url: part.url,
        title: view.name,
        description: view.bio ?? `Articles by ${view.name}`,
        feed: view.feed,
      });
      outputs.push(html(ctx, 'author', m, part.items, () => ({ author: view, articles: cards(part.items), pagination: part.pagination })));
    }
  }

  for (const standalone of site.pages) {
    const m = meta(ctx, {
      kind: 'page',
      url: standalone.url,
      title: standalone.title,
      description: standalone.summary ?? site.config.description,
    });
    outputs.push(
      html(ctx, 'page', m, [standalone], (body) => ({ page: { title: standalone.title, summary: standalone.summary ?? null, body } }), {
        body: standalone,
      }),
    );
  }

  if (site.config.search) {
    // Not in the sitemap and not for search engines: without a query it is an empty form.
    const m = meta(ctx, {
      kind: 'search',
      url: SEARCH_URL,
      title: 'Search',
      description: `Search every article of ${title}`,
      noindex: true,
    });
    outputs.push(html(ctx, 'search', m, [], () => ({}), { sitemap: false }));
  }

  const notFound = meta(ctx, { kind: '404', url: NOT_FOUND_URL, title: 'Page not found', noindex: true });
  outputs.push(html(ctx, '404', notFound, [], () => ({}), { sitemap: false }));

  const redirects: Redirect[] = [];
  for (const owner of [...site.articles, ...site.pages]) {
    for (const alias of owner.aliases) {
      const from = normalizeAlias(alias);
      const target = absoluteUrl(site.config.url, owner.url);
      redirects.push({ from, to: owner.url });
      outputs.push({
        path: outputPath(from),
        uses: () => [],
        inputs: () => ({ redirect: from, target }),
        produce: async () => redirectPage(relativeHref(from, owner.url), target),
      });
    }
  }
  outputs.push({
    path: '_redirects',
    uses: () => [],
    inputs: () => ({ redirects }),
    produce: async () => redirectsFile(site.config.url, redirects),
  });
  return outputs;
}

interface Redirect {
  /** The old site path (an alias). */
  from: string;
  /** The site path it moved to. */
  to: string;
}

/**
 * The same redirects as the pages, in the `_redirects` file Netlify and Cloudflare Pages read:
 * one `from to 301` per line, which a host answers with a real HTTP redirect. Paths are taken
 * from the absolute addresses, so they include the site's base path and are percent-encoded (a
 * space would split the line), and sorted, so the file does not depend on reading order.
 */
function redirectsFile(baseUrl: string, redirects: readonly Redirect[]): string {
  const path = (sitePath: string) => new URL(absoluteUrl(baseUrl, sitePath)).pathname;
  const lines = redirects.map((r) => `${path(r.from)} ${path(r.to)} 301`).sort();
  return ['# Old addresses of articles and pages (their "aliases"), for Netlify and Cloudflare Pages.', ...lines, ''].join('\n');
}

/** How far either side of an article, in a tag's newest-first list, related coverage looks: a
 * bound that keeps the work per article constant however large a tag grows. */
const RELATED_WINDOW = 30;

/** A function giving up to three articles that share the most tags with one and were published
 * near it, newest first among equals. Worked out when first asked for an article, by position
 * in the site's order with one counter array (a large archive asks this of thousands of
 * articles), and remembered as positions in one typed array: inputs and rendering both ask,
 * and an archive's worth of small arrays would stay in memory to the end of the build. */
function relatedArticles(ctx: RenderContext): (article: Article) => Article[] {
  const articles = ctx.site.articles;
  const order = new Map(articles.map((a, i) => [a, i]));
  // The same order and the same tags make the same choice: the next build of a session (an
  // edit that moves nothing) takes the last one's, by position.
  const key = createHash('sha256')
    .update(JSON.stringify([articles.map((a) => a.source), ctx.site.tags.map((t) => t.articles.map((a) => order.get(a)))]))
    .digest('hex');
  if (lastRelated?.key !== key) lastRelated = { key, chosen: new Int32Array(articles.length * 3).fill(UNKNOWN) };
  const chosen = lastRelated.chosen;
  let memberships: Memberships | undefined;
  const counts = new Int32Array(articles.length);
  const of = (i: number) => {
    const result: Article[] = [];
    for (let k = i * 3; k < i * 3 + 3 && chosen[k]! >= 0; k++) result.push(articles[chosen[k]!]!);
    return result;
  };
  return (article) => {
    const i = order.get(article) ?? -1;
    if (i < 0) return [];
    if (chosen[i * 3] !== UNKNOWN) return of(i);
    memberships ??= membershipsOf(ctx, order);
    const { lists, starts, tagOf, at: atOf } = memberships;
    const touched: number[] = [];
    for (let m = starts[i]!; m < starts[i + 1]!; m++) {
      const list = lists[tagOf[m]!]!;
      const at = atOf[m]!;
      const last = Math.min(list.length - 1, at + RELATED_WINDOW);
      for (let j = Math.max(0, at - RELATED_WINDOW); j <= last; j++) {
        const other = list[j]!;
        if (other === i) continue;
        if (counts[other] === 0) touched.push(other);
        counts[other]!++;
      }
    }
    // The best three in one pass: most shared tags, then newest (the lowest position).
    let first = -1;
    let second = -1;
    let third = -1;
    const better = (a: number, b: number) => b === -1 || counts[a]! > counts[b]! || (counts[a] === counts[b] && a < b);
    for (const other of touched) {
      if (better(other, first)) [first, second, third] = [other, first, second];
      else if (better(other, second)) [second, third] = [other, second];
      else if (better(other, third)) third = other;
    }
    for (const other of touched) counts[other] = 0;
    chosen.set([first, second, third], i * 3);
    return of(i);
  };
}

/** Not yet worked out, in the array of chosen positions (-1 is "none"). */
const UNKNOWN = -2;

/** Each tag's articles as positions in the site's order, and each article's places in its tags:
 * for article i, entries starts[i] to starts[i + 1] name a tag (an index into lists) and the
 * article's place in that tag's list. */
interface Memberships {
  lists: Int32Array[];
  starts: Int32Array;
  tagOf: Int32Array;
  at: Int32Array;
}

function membershipsOf(ctx: RenderContext, order: ReadonlyMap<Article, number>): Memberships {
  const lists = ctx.site.tags.map((t) => Int32Array.from(t.articles, (a) => order.get(a) ?? -1));
  const starts = new Int32Array(order.size + 1);
  for (const list of lists) for (const i of list) if (i >= 0) starts[i + 1]!++;
  for (let i = 0; i < order.size; i++) starts[i + 1]! += starts[i]!;
  const next = starts.slice(0, order.size);
  const tagOf = new Int32Array(starts[order.size]!);
  const at = new Int32Array(starts[order.size]!);
  lists.forEach((list, t) =>
    list.forEach((i, place) => {
      if (i < 0) return;
      tagOf[next[i]!] = t;
      at[next[i]!++] = place;
    }),
  );
  return { lists, starts, tagOf, at };
}

/** The last site's choices of related articles, by position in the order (three an article, -1
 * for none): one process (the dev server) builds the same site again and again. */
let lastRelated: { key: string; chosen: Int32Array } | undefined;

/** The choices made so far, for the next process (incremental/session.ts keeps them). */
export const relatedChoices = () => lastRelated;

/** Choices an earlier process made; used only for a site of the same key. */
export function adoptRelatedChoices(choices: { key: string; chosen: Int32Array }): void {
  lastRelated ??= choices;
}

/** An old URL's page: sends browsers and crawlers on, and says where for everyone else. */
function redirectPage(relative: string, canonical: string): string {
  const href = escapeAttribute(relative);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeAttribute(canonical)}">
<meta http-equiv="refresh" content="0; url=${href}">
</head>
<body>
<p>This page has moved to <a href="${href}">${escapeAttribute(canonical)}</a>.</p>
</body>
</html>
`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
