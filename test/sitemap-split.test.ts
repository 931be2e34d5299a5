// A sitemap file may list 50,000 URLs and 50 MiB at most, and a 100,000-article archive has
// 165,000 pages. A site past either limit gets a sitemap index at sitemap.xml and its pages in
// sitemap-1.xml, sitemap-2.xml…, each within both limits, every page once, in the order one file
// would have had. A site that fits keeps its one sitemap.xml. The same for the news sitemap,
// which Google News reads 1,000 articles of. The whole-site tests lower the URL limits (building
// 50,001 pages would take minutes); the cut itself is tested at the real limits.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'xmlbuilder2';
import { describe, expect, it, vi } from 'vitest';
import { sitemap, sitemapRanges } from '../src/feeds/sitemap.ts';
import { build } from '../src/build.ts';
import { DiskWriter } from '../src/output/writer.ts';
import type { Site } from '../src/site/model.ts';
import { buildErrors, buildInMemory, copyFixture, makeSite, NOW } from './helpers.ts';

vi.mock('../src/feeds/sitemap.ts', async (load) => {
  const actual = await load<typeof import('../src/feeds/sitemap.ts')>();
  // Only the build below sees these; the tests of the cut pass their limits themselves.
  return {
    ...actual,
    SITEMAP_LIMITS: { urls: 5, bytes: actual.SITEMAP_LIMITS.bytes },
    NEWS_SITEMAP_LIMITS: { urls: 2, bytes: actual.SITEMAP_LIMITS.bytes },
  };
});

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const SITE = 'https://gazette.example.org';

/** The text of every `name` element of a sitemap or index, parsed as XML. */
function values(xml: string, name: string): string[] {
  const doc = create(xml).node as unknown as Document;
  return Array.from(doc.getElementsByTagNameNS(NS, name), (element) => element.textContent ?? '');
}

function rootName(xml: string): string {
  return (create(xml).node as unknown as Document).documentElement.localName;
}

describe('a site with more pages than one sitemap file may hold', () => {
  it('indexes files that list every page once, in order, each within the limit', async () => {
    const { writer } = await buildInMemory(copyFixture('basic'));
    const index = writer.text('sitemap.xml');
    expect(rootName(index)).toBe('sitemapindex');
    const files = values(index, 'loc');
    // The basic site has 17 pages: four files of at most five.
    expect(files).toEqual([1, 2, 3, 4].map((k) => `${SITE}/sitemap-${k}.xml`));
    expect([...writer.files.keys()].filter((p) => /^sitemap-\d+\.xml$/.test(p))).toHaveLength(4);

    const pages: string[] = [];
    const lastmods = values(index, 'lastmod');
    files.forEach((url, i) => {
      const xml = writer.text(url.slice(SITE.length + 1));
      expect(rootName(xml)).toBe('urlset');
      const locations = values(xml, 'loc');
      expect(locations.length).toBeGreaterThan(0);
      expect(locations.length).toBeLessThanOrEqual(5);
      pages.push(...locations);
      // The index says when each file's newest page changed, or nothing for a file of no article.
      const changes = values(xml, 'lastmod').map((iso) => Date.parse(iso));
      if (changes.length === 0) expect(lastmods[i]).toBeUndefined();
      else expect(Date.parse(lastmods[i]!)).toBe(Math.max(...changes));
    });
    expect(lastmods.length).toBeGreaterThan(0);
    expect(new Set(pages).size).toBe(17);
    expect(pages).toEqual(expect.arrayContaining([`${SITE}/`, `${SITE}/2023/05/summit-in-moscow/`, `${SITE}/about/`]));
    // robots.txt points at the index, which leads crawlers to the rest.
    expect(writer.text('robots.txt')).toContain(`Sitemap: ${SITE}/sitemap.xml`);
  });

  it('on disk, with a cache: grows into files as pages are added, and leaves none behind when they go', async () => {
    const story = (slug: string) => `---\ntitle: Story ${slug}\ndate: 2023-06-0${slug.length}\nauthor: Desk\n---\n\nText.\n`;
    const root = makeSite({
      'content/site.yaml': 'title: Still\nurl: https://still.example.org/\n',
      'content/articles/2023-06-01-a.md': story('a'),
    });
    const out = join(root, 'public');
    const cacheDir = join(root, 'node_modules', '.cache', 'masthead');
    const diskBuild = async () => {
      const writer = await DiskWriter.open(out, join(cacheDir, 'outputs', 'manifest.json'));
      await build({ root, writer, now: NOW, cacheDir, workers: 1 });
      return readdirSync(out)
        .filter((name) => name.includes('sitemap'))
        .sort();
    };
    // One article: home, the article, the tag index, the author index and the author's page.
    expect(await diskBuild()).toEqual(['news-sitemap.xml', 'sitemap.xml']);
    expect(rootName(readFileSync(join(out, 'sitemap.xml'), 'utf8'))).toBe('urlset');

    for (const slug of ['bb', 'ccc']) writeFileSync(join(root, `content/articles/2023-06-0${slug.length}-${slug}.md`), story(slug));
    expect(await diskBuild()).toEqual(['news-sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap.xml']);
    const split = [1, 2].flatMap((k) => values(readFileSync(join(out, `sitemap-${k}.xml`), 'utf8'), 'loc'));
    expect(split).toContain('https://still.example.org/2023/06/ccc/');

    for (const slug of ['bb', 'ccc']) rmSync(join(root, `content/articles/2023-06-0${slug.length}-${slug}.md`));
    expect(await diskBuild()).toEqual(['news-sitemap.xml', 'sitemap.xml']);
    const locations = values(readFileSync(join(out, 'sitemap.xml'), 'utf8'), 'loc');
    expect(locations).toContain('https://still.example.org/2023/06/a/');
    expect(locations.some((url) => url.includes('ccc'))).toBe(false);
  });

  it('will not let an alias take one of the numbered files', async () => {
    const root = makeSite({
      'content/site.yaml': 'title: Still\nurl: https://still.example.org/\n',
      'content/articles/2023-01-01-x.md': '---\ntitle: X\ndate: 2023-01-01\naliases: [/sitemap-2.xml, /news-sitemap-1.xml]\n---\nText.\n',
    });
    const errors = await buildErrors(root);
    expect(errors).toEqual([
      "content/articles/2023-01-01-x.md:4:11: error: this article's alias /sitemap-2.xml is taken by the site itself (home, sections, /tags/, /authors/, /search/, feeds, sitemaps): choose another alias [url-collision]",
      "content/articles/2023-01-01-x.md:4:27: error: this article's alias /news-sitemap-1.xml is taken by the site itself (home, sections, /tags/, /authors/, /search/, feeds, sitemaps): choose another alias [url-collision]",
    ]);
  });
});

describe('more articles of the last 48 hours than one news sitemap may hold', () => {
  it('indexes news sitemaps that list each of them once, each within the limit', async () => {
    const articles = Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e'].map((slug, i) => [
        `content/articles/2023-06-30-${slug}.md`,
        `---\ntitle: Story ${slug}\ndate: 2023-06-30T0${i}:00:00Z\nauthor: Desk\n---\n\nText.\n`,
      ]),
    );
    const root = makeSite({ 'content/site.yaml': 'title: Still\nurl: https://still.example.org/\n', ...articles });
    const { writer } = await buildInMemory(root);
    const index = writer.text('news-sitemap.xml');
    expect(rootName(index)).toBe('sitemapindex');
    const files = values(index, 'loc');
    expect(files).toEqual([1, 2, 3].map((k) => `https://still.example.org/news-sitemap-${k}.xml`));
    const news = 'http://www.google.com/schemas/sitemap-news/0.9';
    const stories: string[] = [];
    files.forEach((url, i) => {
      const doc = create(writer.text(url.slice('https://still.example.org/'.length))).node as unknown as Document;
      const titles = Array.from(doc.getElementsByTagNameNS(news, 'title'), (t) => t.textContent ?? '');
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.length).toBeLessThanOrEqual(2);
      stories.push(...titles);
      const dates = Array.from(doc.getElementsByTagNameNS(news, 'publication_date'), (d) => Date.parse(d.textContent ?? ''));
      expect(Date.parse(values(index, 'lastmod')[i]!)).toBe(Math.max(...dates));
    });
    // Newest first, as in the one file a smaller day would have.
    expect(stories).toEqual(['Story e', 'Story d', 'Story c', 'Story b', 'Story a']);
    expect(writer.text('robots.txt')).toContain('Sitemap: https://still.example.org/news-sitemap.xml');
  });
});

describe('the cut into files', () => {
  const base = 'https://news.example.org/';
  const urls = (count: number, path = (i: number) => `/2026/11/story-${i}/`) => Array.from({ length: count }, (_, i) => path(i));

  it('keeps one file up to 50,000 URLs and starts a second at the 50,001st', async () => {
    const limits = { urls: 50_000, bytes: 50 * 1024 * 1024 };
    const actual = await vi.importActual<typeof import('../src/feeds/sitemap.ts')>('../src/feeds/sitemap.ts');
    expect(actual.SITEMAP_LIMITS).toEqual(limits);
    expect(sitemapRanges(base, [], limits)).toEqual([[0, 0]]);
    expect(sitemapRanges(base, urls(50_000), limits)).toEqual([[0, 50_000]]);
    expect(sitemapRanges(base, urls(165_034), limits)).toEqual([
      [0, 50_000],
      [50_000, 100_000],
      [100_000, 150_000],
      [150_000, 165_034],
    ]);
  });

  it('cuts by bytes too, and every file it makes is within them', async () => {
    // Long URLs with text that is escaped in XML, and text outside ASCII (percent-encoded or not).
    const paths = urls(300, (i) => `/2026/11/${'é'.repeat(i % 40)}story-${i}-${'x'.repeat(i % 90)}/?a=1&b=<${i}>`);
    const site = { config: { url: base } } as Site;
    for (const bytes of [2_000, 5_000, 20_000]) {
      const ranges = sitemapRanges(base, paths, { urls: 50_000, bytes });
      expect(ranges.length).toBeGreaterThan(1);
      expect(ranges.flatMap(([start, end]) => paths.slice(start, end))).toEqual(paths);
      for (const [start, end] of ranges) {
        expect(end).toBeGreaterThan(start);
        const entries = paths.slice(start, end).map((url) => ({ url, lastmod: '2026-11-30T12:00:00+01:00' }));
        const xml = await sitemap(site, entries);
        expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(bytes);
        expect(values(xml, 'loc')).toEqual(entries.map((e) => base + e.url.slice(1)));
      }
    }
  });
});
