// The built site as a reader (and a crawler) sees it: the article page, lists and their
// pagination, tags, sections, authors, standalone pages, the 404 and alias pages, links that
// resolve, the base-URL option, deterministic output and the sitemaps. Pages are parsed as
// HTML and queried; nothing here compares whole pages.
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { DateTime } from 'luxon';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { MemoryWriter } from '../src/output/memory-writer.ts';
import { buildInMemory, copyFixture, FIXTURES, REPO, type MemoryBuild } from './helpers.ts';

const SITE = 'https://gazette.example.org';
const SUMMIT = '/2023/05/summit-in-moscow/';
const TRADE = '/2023/04/trade-grows/';
const OLD = '/2023/03/old-news/';
const DRAFT = '/2023/06/draft/';
const SCHEDULED = '/2023/09/scheduled/';

// ---------------------------------------------------------------------------------------------
// Helpers: parsing pages, reading attributes and text, resolving links like a browser does.

/** The output file that serves a site path: "/tags/" -> "tags/index.html". */
function fileFor(sitePath: string): string {
  const path = sitePath.slice(1);
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** The site path an output file is served at: "tags/index.html" -> "/tags/". */
function urlOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

function page(writer: MemoryWriter, sitePath: string): Root {
  return fromHtml(writer.text(fileFor(sitePath)));
}

/** Text as a reader sees it: whitespace collapsed. */
function textOf(node: Root | Element): string {
  return toString(node).replace(/\s+/g, ' ').trim();
}

function attr(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  if (value === undefined || value === null || value === false) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`not found: ${what}`);
  return value;
}

/** True for URLs that leave the site or stay on the page: "https:", "mailto:", "//host", "#x". */
function isExternal(url: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#');
}

/** The site path `href` points to from the page at `pageUrl`, as a browser resolves it. */
function resolve(pageUrl: string, href: string): string {
  return decodeURIComponent(new URL(href, `https://site.invalid${pageUrl}`).pathname);
}

/** Site paths of every link matching `selector` on the page at `pageUrl`, in document order. */
function linksIn(tree: Root | Element, pageUrl: string, selector = 'a[href]'): string[] {
  return selectAll(selector, tree)
    .map((a) => attr(a, 'href')!)
    .filter((href) => !isExternal(href))
    .map((href) => resolve(pageUrl, href));
}

const ARTICLE_PATH = /^\/\d{4}\/\d{2}\/[^/]+\/$/;

/** Removes the elements matching `selector` (and what they hold) from `tree`. */
function without<T extends Root | Element>(tree: T, selector: string): T {
  const drop = new Set(selectAll(selector, tree));
  visit(tree, 'element', (node: Element) => {
    node.children = node.children.filter((child) => !(child.type === 'element' && drop.has(child)));
  });
  return tree;
}

/** The articles a list page shows in <main>, in order of first appearance; `except` names
 * blocks that repeat stories from elsewhere (the home page's latest-by-section blocks). */
function storiesOn(writer: MemoryWriter, pageUrl: string, except?: string): string[] {
  const main = required(select('main', page(writer, pageUrl)), `<main> on ${pageUrl}`);
  const list = except ? without(main, except) : main;
  return [...new Set(linksIn(list, pageUrl).filter((p) => ARTICLE_PATH.test(p)))];
}

/** The home page's own list: without the latest-by-section blocks, which repeat stories. */
const HOME_EXTRAS = '.by-section';

/** Every element in document order, to compare positions. */
function documentOrder(tree: Root | Element): Element[] {
  const elements: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    elements.push(node);
  });
  return elements;
}

function paragraphWith(tree: Root | Element, text: string): Element {
  return required(
    selectAll('p', tree).find((p) => textOf(p).includes(text)),
    `a paragraph with "${text}"`,
  );
}

function isHtml(path: string): boolean {
  return path.endsWith('.html');
}

function textFiles(writer: MemoryWriter): [string, string][] {
  return [...writer.files.keys()].filter((p) => /\.(html|xml|json|txt)$/.test(p)).map((p) => [p, writer.text(p)]);
}

/** Every href/src on every HTML page that does not resolve to an output file. */
function brokenLinks(writer: MemoryWriter): string[] {
  const broken: string[] = [];
  for (const file of [...writer.files.keys()].filter(isHtml)) {
    const pageUrl = urlOf(file);
    const tree = fromHtml(writer.text(file));
    for (const element of selectAll('[href], [src]', tree)) {
      for (const name of ['href', 'src']) {
        const url = attr(element, name);
        if (url === undefined || isExternal(url)) continue;
        const target = fileFor(resolve(pageUrl, url));
        if (!writer.files.has(target)) broken.push(`${file}: <${element.tagName} ${name}="${url}"> -> ${target} (missing)`);
      }
    }
  }
  return broken;
}

/** The <loc> values of a sitemap, parsed as XML. */
function sitemapLocations(xml: string): string[] {
  const doc = create(xml).node as unknown as Document;
  return Array.from(doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc'), (loc) => loc.textContent ?? '');
}

function bytes(data: string | Uint8Array): Buffer {
  return Buffer.from(data);
}

// ---------------------------------------------------------------------------------------------

let basic: MemoryBuild;

beforeAll(async () => {
  basic = await buildInMemory(copyFixture('basic'));
});

describe('the article page', () => {
  let tree: Root;
  let header: Element;

  beforeAll(() => {
    tree = page(basic.writer, SUMMIT);
    header = required(select('article header', tree), 'the article header');
  });

  it('has the headline in the one and only h1', () => {
    const headings = selectAll('h1', tree);
    expect(headings).toHaveLength(1);
    expect(textOf(headings[0]!)).toBe('Leaders meet at a summit in Moscow');
    expect(header.children).toContain(headings[0]);
  });

  it('shows the summary as the dek under the headline', () => {
    const h1 = required(select('h1', header), 'h1');
    const dek = paragraphWith(header, 'The two leaders talked for three hours.');
    const order = documentOrder(header);
    expect(order.indexOf(dek)).toBeGreaterThan(order.indexOf(h1));
  });

  it('has a byline linking both authors to their pages', () => {
    const byline = paragraphWith(header, 'Ani Sargsyan');
    const links = selectAll('a[href]', byline).map((a) => [textOf(a), resolve(SUMMIT, attr(a, 'href')!)]);
    expect(links).toEqual([
      ['Ani Sargsyan', '/authors/ani/'],
      ['Ben Okafor', '/authors/ben/'],
    ]);
  });

  it('dates the article with a <time> in the site timezone (+04:00), shown as "25 May 2023"', () => {
    const published = required(
      selectAll('time', header).find((t) => attr(t, 'dateTime')?.startsWith('2023-05-25')),
      'time of publication',
    );
    expect(attr(published, 'dateTime')).toBe('2023-05-25T18:30:00+04:00');
    expect(textOf(published)).toBe('25 May 2023');
  });

  it('shows the hero image with its alt text, caption and credit', () => {
    const hero = required(
      selectAll('figure', tree).find((f) => select('img', f) && attr(select('img', f)!, 'alt') === 'A round table with three chairs'),
      'the hero figure',
    );
    const img = select('img', hero)!;
    expect(resolve(SUMMIT, attr(img, 'src')!)).toBe('/media/summit.svg');
    const caption = textOf(required(select('figcaption', hero), 'hero figcaption'));
    expect(caption).toContain('The table where the talks took place.');
    expect(caption).toContain('Illustration: Fixture Gazette');
    // The hero comes before the body text.
    const order = documentOrder(tree);
    expect(order.indexOf(hero)).toBeLessThan(order.indexOf(paragraphWith(tree, 'The first paragraph of the summit story.')));
  });

  it('lists the correction with its date', () => {
    const correction = required(
      selectAll('li, p', tree).find((e) => textOf(e).includes('An earlier version gave the wrong day of the summit.')),
      'the correction',
    );
    expect(textOf(correction)).toContain('27 May 2023');
    expect(textOf(tree)).toMatch(/Corrections?/);
  });

  it('links each tag to its tag page', () => {
    const article = required(select('article', tree), '<article>');
    const tagLinks = selectAll('a[href]', article)
      .map((a) => [textOf(a), resolve(SUMMIT, attr(a, 'href')!)])
      .filter(([, path]) => path!.startsWith('/tags/'));
    expect(tagLinks).toEqual([
      ['Armenia', '/tags/armenia/'],
      ['Diplomacy', '/tags/diplomacy/'],
      ['Russia', '/tags/russia/'],
    ]);
  });

  it('places the ::pullquote between the second and third paragraphs, with speaker and role', () => {
    const quotes = selectAll('figure.pullquote', tree);
    expect(quotes).toHaveLength(1);
    const quote = quotes[0]!;
    expect(textOf(required(select('blockquote', quote), 'blockquote'))).toBe('We will keep talking.');
    const caption = textOf(required(select('figcaption', quote), 'figcaption'));
    expect(caption).toContain('Lilit Hakobyan');
    expect(caption).toContain('Analyst');

    const order = documentOrder(tree);
    const at = order.indexOf(quote);
    expect(at).toBeGreaterThan(order.indexOf(paragraphWith(tree, 'The second paragraph')));
    expect(at).toBeLessThan(order.indexOf(paragraphWith(tree, 'The third paragraph.')));
  });

  it('turns the inline image into a <figure> with a <figcaption> from its title', () => {
    const img = required(
      selectAll('img', tree).find((i) => attr(i, 'alt') === 'A map of the region'),
      'the inline image',
    );
    const figure = required(
      selectAll('figure', tree).find((f) => f.children.includes(img)),
      'a figure around the inline image',
    );
    expect(textOf(required(select('figcaption', figure), 'figcaption'))).toBe('The region on a map');
    expect(resolve(SUMMIT, attr(img, 'src')!)).toBe('/media/summit.svg');
    expect(selectAll('p figure', tree)).toHaveLength(0);
  });
});

describe('unplaced pull quotes (trade-grows)', () => {
  let tree: Root;
  let order: Element[];
  let quotes: Element[];
  let paragraphs: Element[];

  beforeAll(() => {
    tree = page(basic.writer, TRADE);
    order = documentOrder(tree);
    quotes = selectAll('figure.pullquote', tree);
    paragraphs = ['one', 'two', 'three', 'four', 'five'].map((n) => paragraphWith(tree, `Paragraph ${n} about trade.`));
  });

  it('shows both quotes once, with their speakers', () => {
    expect(quotes.map((q) => textOf(select('blockquote', q)!))).toEqual(['Numbers like these are rare.', 'It cannot last forever.']);
    expect(textOf(select('figcaption', quotes[0]!)!)).toContain('Aram Petrosyan');
    expect(textOf(select('figcaption', quotes[1]!)!)).toContain('Sona Avetisyan');
  });

  it('puts no quote before the first paragraph or after the last one', () => {
    const first = order.indexOf(paragraphs[0]!);
    const last = order.indexOf(paragraphs[4]!);
    for (const quote of quotes) {
      expect(order.indexOf(quote)).toBeGreaterThan(first);
      expect(order.indexOf(quote)).toBeLessThan(last);
    }
  });

  it('keeps the two quotes apart: at least one paragraph between them', () => {
    const [a, b] = quotes.map((q) => order.indexOf(q)) as [number, number];
    const between = paragraphs.filter((p) => order.indexOf(p) > a && order.indexOf(p) < b);
    expect(between.length).toBeGreaterThanOrEqual(1);
  });
});

describe('home page and pagination', () => {
  it('lists the newest stories first, two per page', () => {
    expect(storiesOn(basic.writer, '/', HOME_EXTRAS)).toEqual([SUMMIT, TRADE]);
    expect(storiesOn(basic.writer, '/page/2/', HOME_EXTRAS)).toEqual([OLD]);
    expect(basic.writer.files.has('page/3/index.html')).toBe(false);
  });

  it('links page 1 and page 2 to each other', () => {
    const first = page(basic.writer, '/');
    const second = page(basic.writer, '/page/2/');
    expect(linksIn(first, '/', 'a[rel~=next]')).toEqual(['/page/2/']);
    expect(linksIn(second, '/page/2/', 'a[rel~=prev]')).toEqual(['/']);
    const pagination = required(select('nav[aria-label=Pagination]', second), 'pagination nav');
    expect(linksIn(pagination, '/page/2/')).toEqual(expect.arrayContaining(['/', '/page/2/']));
  });

  it('leaves out the draft and the scheduled article everywhere', () => {
    const paths = [...basic.writer.files.keys()];
    expect(paths.filter((p) => p.startsWith(fileFor(DRAFT).replace('index.html', '')))).toEqual([]);
    expect(paths.filter((p) => p.startsWith(fileFor(SCHEDULED).replace('index.html', '')))).toEqual([]);
    expect(paths.filter((p) => /^tags\/(secret|future)\//.test(p))).toEqual([]);
    const leaks = [
      'A draft nobody should see',
      'A story scheduled for September',
      'Not ready.',
      'Not yet.',
      '/draft/',
      '/scheduled/',
      'tags/secret',
      'tags/future',
    ];
    for (const [path, text] of textFiles(basic.writer)) {
      for (const leak of leaks) expect(text.includes(leak), `${path} mentions "${leak}"`).toBe(false);
    }
  });

  it('includes the draft with { drafts: true }, the scheduled article with { future: true }, both with both', async () => {
    const drafts = (await buildInMemory(copyFixture('basic'), { drafts: true })).writer;
    expect(drafts.files.has(fileFor(DRAFT))).toBe(true);
    expect(drafts.files.has(fileFor(SCHEDULED))).toBe(false);
    expect(drafts.text('feed.xml')).toContain('A draft nobody should see');
    expect(drafts.text('feed.xml')).not.toContain('A story scheduled for September');

    const future = (await buildInMemory(copyFixture('basic'), { future: true })).writer;
    expect(future.files.has(fileFor(DRAFT))).toBe(false);
    expect(future.files.has(fileFor(SCHEDULED))).toBe(true);
    expect(future.text('feed.xml')).not.toContain('A draft nobody should see');

    const { writer } = await buildInMemory(copyFixture('basic'), { drafts: true, future: true });
    expect(writer.files.has(fileFor(DRAFT))).toBe(true);
    expect(writer.files.has(fileFor(SCHEDULED))).toBe(true);
    expect(textOf(select('h1', page(writer, SCHEDULED))!)).toBe('A story scheduled for September');
    expect(storiesOn(writer, '/', HOME_EXTRAS)).toEqual([SCHEDULED, DRAFT]);
    expect(writer.text('feed.xml')).toContain('A draft nobody should see');
    expect(writer.text('feed.xml')).toContain('A story scheduled for September');
    expect(sitemapLocations(writer.text('sitemap.xml'))).toEqual(expect.arrayContaining([SITE + DRAFT, SITE + SCHEDULED]));
  });
});

describe('tags', () => {
  it('indexes every tag, linked, with its article count', () => {
    const main = required(select('main', page(basic.writer, '/tags/')), '<main>');
    const entries = selectAll('li', main)
      .filter((li) => select('a[href]', li))
      .map((li) => ({ link: resolve('/tags/', attr(select('a[href]', li)!, 'href')!), text: textOf(li) }));
    expect(entries.map((e) => e.link)).toEqual(['/tags/armenia/', '/tags/diplomacy/', '/tags/economy/', '/tags/russia/', '/tags/trade/']);
    const counts = Object.fromEntries(entries.map((e) => [e.link, Number(/\b(\d+)\b/.exec(e.text)?.[1])]));
    expect(counts).toEqual({
      '/tags/armenia/': 2,
      '/tags/diplomacy/': 1,
      '/tags/economy/': 1,
      '/tags/russia/': 2,
      '/tags/trade/': 1,
    });
  });

  it('merges "russia" and "Russia" into the one page tags/russia/', () => {
    const russianTagFiles = [...basic.writer.files.keys()].filter((p) => /^tags\/[^/]*russia[^/]*\/index\.html$/i.test(p));
    expect(russianTagFiles).toEqual(['tags/russia/index.html']);
    const tree = page(basic.writer, '/tags/russia/');
    expect(textOf(select('h1', tree)!)).toBe('Russia');
    // Both articles link to the same tag page.
    expect(linksIn(page(basic.writer, TRADE), TRADE)).toContain('/tags/russia/');
    expect(linksIn(page(basic.writer, SUMMIT), SUMMIT)).toContain('/tags/russia/');
  });

  it('lists a tag’s articles newest first', () => {
    expect(storiesOn(basic.writer, '/tags/russia/')).toEqual([SUMMIT, TRADE]);
    expect(storiesOn(basic.writer, '/tags/armenia/')).toEqual([SUMMIT, OLD]);
    expect(storiesOn(basic.writer, '/tags/trade/')).toEqual([TRADE]);
  });
});

describe('sections, authors and standalone pages', () => {
  it('gives each section a page with its title, description and articles', () => {
    const politics = page(basic.writer, '/politics/');
    expect(textOf(select('h1', politics)!)).toBe('Politics');
    expect(textOf(select('main', politics)!)).toContain('Power and who holds it.');
    expect(storiesOn(basic.writer, '/politics/')).toEqual([SUMMIT]);
    expect(textOf(select('h1', page(basic.writer, '/economy/'))!)).toBe('Economy');
    expect(storiesOn(basic.writer, '/economy/')).toEqual([TRADE]);
  });

  it('gives each author a page with name, role, bio and their articles', () => {
    const ani = page(basic.writer, '/authors/ani/');
    const main = select('main', ani)!;
    expect(textOf(select('h1', ani)!)).toBe('Ani Sargsyan');
    expect(textOf(main)).toContain('Political editor');
    expect(textOf(main)).toContain('Ani covers parliament.');
    expect(selectAll('a[href]', main).map((a) => attr(a, 'href'))).toContain('https://ani.example.org/');
    expect(storiesOn(basic.writer, '/authors/ani/')).toEqual([SUMMIT, OLD]);

    const ben = page(basic.writer, '/authors/ben/');
    expect(textOf(select('h1', ben)!)).toBe('Ben Okafor');
    expect(textOf(select('main', ben)!)).toContain('Economics reporter');
    expect(storiesOn(basic.writer, '/authors/ben/')).toEqual([SUMMIT, TRADE]);
  });

  it("pages an author's stories as every list is, with the profile on each page", async () => {
    const root = copyFixture('basic');
    // A third story by Ani: three stories at two per page make two pages.
    writeFileSync(
      join(root, 'content/articles/2023/2023-02-01-oldest.md'),
      '---\ntitle: The oldest story\ndate: 2023-02-01T08:00:00+01:00\nauthor: ani\n---\n\nOldest text.\n',
    );
    const { writer } = await buildInMemory(root);
    expect(storiesOn(writer, '/authors/ani/')).toEqual([SUMMIT, OLD]);
    expect(storiesOn(writer, '/authors/ani/page/2/')).toEqual(['/2023/02/oldest/']);
    expect(writer.files.has('authors/ani/page/3/index.html')).toBe(false);
    const second = page(writer, '/authors/ani/page/2/');
    expect(textOf(select('h1', second)!)).toBe('Ani Sargsyan');
    expect(textOf(select('main', second)!)).toContain('page 2 of 2');
    expect(linksIn(page(writer, '/authors/ani/'), '/authors/ani/', 'a[rel~=next]')).toEqual(['/authors/ani/page/2/']);
    expect(linksIn(second, '/authors/ani/page/2/', 'a[rel~=prev]')).toEqual(['/authors/ani/']);
    // Ben's two stories fit on one page: no pagination.
    expect(select('nav[aria-label=Pagination]', page(writer, '/authors/ben/'))).toBeUndefined();
  });

  it('lists every author on the authors index, linked to their page', () => {
    const main = select('main', page(basic.writer, '/authors/'))!;
    const links = selectAll('a[href]', main)
      .map((a) => [textOf(a), resolve('/authors/', attr(a, 'href')!)])
      .filter(([, path]) => /^\/authors\/[^/]+\/$/.test(path!));
    expect(links).toEqual([
      ['Ani Sargsyan', '/authors/ani/'],
      ['Ben Okafor', '/authors/ben/'],
    ]);
  });

  it('renders the standalone page about/', () => {
    const about = page(basic.writer, '/about/');
    expect(textOf(select('h1', about)!)).toBe('About the Gazette');
    expect(textOf(select('main', about)!)).toContain('We are a fixture.');
  });

  it('has a 404.html with noindex and only root-relative links', () => {
    const tree = fromHtml(basic.writer.text('404.html'));
    const robots = selectAll('meta[name=robots]', tree).map((m) => attr(m, 'content'));
    expect(robots.some((c) => c?.includes('noindex'))).toBe(true);
    const local = selectAll('[href], [src]', tree)
      .flatMap((e) => [attr(e, 'href'), attr(e, 'src')])
      .filter((u): u is string => u !== undefined && !isExternal(u));
    expect(local.length).toBeGreaterThan(0);
    expect(local.filter((u) => !u.startsWith('/'))).toEqual([]);
    expect(local).toContain('/');
  });

  it('redirects the alias old/story/ to the article (meta refresh and canonical)', () => {
    const tree = fromHtml(basic.writer.text('old/story/index.html'));
    const refresh = required(select('meta[http-equiv=refresh]', tree), 'meta refresh');
    const target = required(/url=(.+)$/i.exec(attr(refresh, 'content') ?? '')?.[1], 'refresh url').trim();
    expect(isExternal(target) ? new URL(target).pathname : resolve('/old/story/', target)).toBe(OLD);
    const canonical = required(select('link[rel=canonical]', tree), 'canonical link');
    expect(attr(canonical, 'href')).toBe(SITE + OLD);
  });
});

describe('links', () => {
  it('every local href and src in the fixture site resolves to an output file', () => {
    expect(brokenLinks(basic.writer)).toEqual([]);
  });

  it('every local href and src in the sample site resolves to an output file', async () => {
    const { writer } = await buildInMemory(REPO);
    expect([...writer.files.keys()].filter(isHtml).length).toBeGreaterThan(10);
    expect(brokenLinks(writer)).toEqual([]);
  });
});

describe('the baseUrl option', () => {
  const BASE = 'https://preview.example.net/sub/';
  let preview: MemoryBuild;

  beforeAll(async () => {
    preview = await buildInMemory(copyFixture('basic'), { baseUrl: BASE });
  });

  it('makes canonical links use the base URL', () => {
    const canonical = select('link[rel=canonical]', page(preview.writer, SUMMIT))!;
    expect(attr(canonical, 'href')).toBe(`${BASE}2023/05/summit-in-moscow/`);
    expect(attr(select('link[rel=canonical]', page(preview.writer, '/'))!, 'href')).toBe(BASE);
  });

  it('makes feed links use the base URL', () => {
    const rss = preview.writer.text('feed.xml');
    expect(rss).toContain(`<link>${BASE}</link>`);
    expect(rss).toContain(`<link>${BASE}2023/05/summit-in-moscow/</link>`);
    expect(rss).toContain(`href="${BASE}feed.xml"`);
    expect(rss).toContain(`${BASE}media/summit.svg`);
    const json = JSON.parse(preview.writer.text('feed.json')) as { feed_url: string; items: { url: string }[] };
    expect(json.feed_url).toBe(`${BASE}feed.json`);
    expect(json.items[0]!.url).toBe(`${BASE}2023/05/summit-in-moscow/`);
  });

  it('leaves no trace of the site.yaml url in pages, feeds or sitemaps', () => {
    for (const [path, text] of textFiles(preview.writer)) expect(text.includes('gazette.example.org'), path).toBe(false);
  });

  it('keeps the 404 page’s root-relative links under the base path', () => {
    const tree = fromHtml(preview.writer.text('404.html'));
    const local = selectAll('a[href]', tree)
      .map((a) => attr(a, 'href')!)
      .filter((u) => !isExternal(u));
    expect(local.length).toBeGreaterThan(0);
    expect(local.filter((u) => !u.startsWith('/sub/'))).toEqual([]);
  });
});

describe('determinism', () => {
  function expectIdentical(a: MemoryWriter, b: MemoryWriter) {
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [path, data] of a.files) {
      expect(bytes(b.files.get(path)!).equals(bytes(data)), `${path} differs`).toBe(true);
    }
  }

  it('two builds of the same input are byte-identical', async () => {
    const again = await buildInMemory(copyFixture('basic'));
    expectIdentical(basic.writer, again.writer);
  });

  it('a copy whose article files were created in reverse order builds the same bytes', async () => {
    const root = copyFixture('basic');
    const articles = join(root, 'content', 'articles', '2023');
    const source = join(FIXTURES, 'basic', 'content', 'articles', '2023');
    const names = readdirSync(source).sort().reverse();
    rmSync(articles, { recursive: true });
    mkdirSync(articles, { recursive: true });
    names.forEach((name, i) => {
      const target = join(articles, name);
      writeFileSync(target, readFileSync(join(source, name)));
      const time = new Date(Date.UTC(2020, 0, 1, 0, i));
      utimesSync(target, time, time);
    });
    const reversed = await buildInMemory(root);
    expectIdentical(basic.writer, reversed.writer);
  });
});

describe('sitemaps', () => {
  it('sitemap.xml lists articles, home, tags, sections, authors and the about page with absolute URLs', () => {
    const locations = sitemapLocations(basic.writer.text('sitemap.xml'));
    const expected = [
      '/',
      '/page/2/',
      SUMMIT,
      TRADE,
      OLD,
      '/politics/',
      '/economy/',
      '/tags/',
      '/tags/armenia/',
      '/tags/diplomacy/',
      '/tags/economy/',
      '/tags/russia/',
      '/tags/trade/',
      '/authors/',
      '/authors/ani/',
      '/authors/ben/',
      '/about/',
    ].map((p) => SITE + p);
    expect([...locations].sort()).toEqual([...expected].sort());
    expect(new Set(locations).size).toBe(locations.length);
  });

  it('sitemap.xml leaves out the 404 page and the alias', () => {
    const locations = sitemapLocations(basic.writer.text('sitemap.xml'));
    expect(locations.filter((l) => l.includes('404') || l.includes('/old/story/'))).toEqual([]);
  });

  it('news-sitemap.xml holds only the articles of the 48 hours before now', async () => {
    const { writer } = await buildInMemory(copyFixture('basic'), { now: DateTime.fromISO('2023-05-26T12:00:00Z') });
    const xml = writer.text('news-sitemap.xml');
    expect(sitemapLocations(xml)).toEqual([SITE + SUMMIT]);
    const doc = create(xml).node as unknown as Document;
    const titles = Array.from(doc.getElementsByTagNameNS('http://www.google.com/schemas/sitemap-news/0.9', 'title'), (t) => t.textContent);
    expect(titles).toEqual(['Leaders meet at a summit in Moscow']);
    // At the default "now" (July), nothing is recent.
    expect(sitemapLocations(basic.writer.text('news-sitemap.xml'))).toEqual([]);
  });
});
