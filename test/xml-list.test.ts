// A long XML list (the sitemap: every page of the site) is built and serialised a thousand
// items at a time, so that a big archive's sitemap never holds its whole DOM. Its text must be
// what one document built in one piece would have been, at every boundary between pieces.
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { serialize, serializeList, xmlDocument, xmlText } from '../src/feeds/xml.ts';
import { sitemap } from '../src/feeds/sitemap.ts';
import type { Site } from '../src/site/model.ts';

interface Item {
  url: string;
  lastmod?: string;
}

const items = (count: number): Item[] =>
  Array.from({ length: count }, (_, i) => ({
    // Text that must be escaped, and text outside ASCII, at every position.
    url: `https://news.example.org/2026/11/${i % 7 === 0 ? 'café-&-bar' : `story-${i}`}/?a=1&b=<${i}>`,
    lastmod: i % 3 === 0 ? undefined : '2026-11-30T12:00:00Z',
  }));

const add = (parent: ReturnType<typeof create>, item: Item) => {
  const url = parent.ele('url');
  url.ele('loc').txt(xmlText(item.url));
  if (item.lastmod) url.ele('lastmod').txt(item.lastmod);
};

async function inOnePiece(list: readonly Item[]): Promise<string> {
  const urlset = (await xmlDocument()).ele('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' });
  for (const item of list) add(urlset, item);
  return serialize(urlset);
}

describe('serializeList', () => {
  it('writes the text of the whole document built at once, for any number of items', async () => {
    for (const count of [0, 1, 2, 999, 1000, 1001, 2345]) {
      const list = items(count);
      const pieces = await serializeList('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, list, add);
      expect(pieces, `${count} items`).toBe(await inOnePiece(list));
    }
  });

  it('gives a sitemap a parser reads back with every page once, in order', async () => {
    const entries = Array.from({ length: 2500 }, (_, i) => ({ url: `/2026/11/story-${i}/`, lastmod: '2026-11-30T12:00:00Z' }));
    const site = { config: { url: 'https://news.example.org/' } } as Site;
    const xml = await sitemap(site, entries);
    const doc = create(xml).node as unknown as Document;
    const locations = Array.from(
      doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc'),
      (loc) => loc.textContent,
    );
    expect(locations).toEqual(entries.map((entry) => `https://news.example.org${entry.url}`));
    expect(doc.documentElement.childElementCount).toBe(2500);
  });
});
