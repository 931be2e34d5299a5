// The feeds as a feed reader sees them: RSS 2.0 parsed with a real feed parser (site, tag and
// author feeds), JSON Feed 1.1, and hostile titles and bodies that must not break either.
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { MemoryWriter } from '../src/output/memory-writer.ts';
import { buildInMemory, copyFixture, makeSite } from './helpers.ts';

const SITE = 'https://gazette.example.org/';
const SUMMIT = `${SITE}2023/05/summit-in-moscow/`;
const TRADE = `${SITE}2023/04/trade-grows/`;
const OLD = `${SITE}2023/03/old-news/`;
const SUMMIT_TITLE = 'Leaders meet at a summit in Moscow';
const TRADE_TITLE = 'Trade grows for a third year';
const OLD_TITLE = 'An older story';

type Feed = ReturnType<typeof parseFeed>;
type FeedItem = Feed['items'][number];

function xmlDocument(xml: string): Document {
  return create(xml).node as unknown as Document;
}

function fragment(html: string): Root {
  return fromHtml(html, { fragment: true });
}

/** Every href/src in an HTML fragment. */
function urlsIn(html: string): string[] {
  return selectAll('[href], [src]', fragment(html)).flatMap((e) =>
    ['href', 'src'].map((name) => e.properties[name]).filter((v): v is string => typeof v === 'string'),
  );
}

function item(feed: Feed, url: string): FeedItem {
  const found = feed.items.find((i) => i.url === url);
  if (!found) throw new Error(`no feed item for ${url}`);
  return found;
}

let writer: MemoryWriter;

beforeAll(async () => {
  ({ writer } = await buildInMemory(copyFixture('basic')));
});

describe('feed.xml (RSS 2.0)', () => {
  let feed: Feed;
  let raw: string;

  beforeAll(() => {
    raw = writer.text('feed.xml');
    feed = parseFeed(raw);
  });

  it('is an RSS feed with the site title and home page link', () => {
    expect(feed.meta.type).toBe('rss');
    expect(feed.title).toBe('Fixture Gazette');
    expect(feed.url).toBe(SITE);
    expect(feed.description).toBe('A small site for tests.');
  });

  it('has the newest 3 articles (feed.items = 3), newest first', () => {
    expect(feed.items.map((i) => i.title)).toEqual([SUMMIT_TITLE, TRADE_TITLE, OLD_TITLE]);
  });

  it('gives each item an absolute link and a guid', () => {
    expect(feed.items.map((i) => i.url)).toEqual([SUMMIT, TRADE, OLD]);
    expect(feed.items.map((i) => i.id)).toEqual([SUMMIT, TRADE, OLD]);
    // The parser resolves relative links itself, so check what is written too.
    const doc = xmlDocument(raw);
    const links = Array.from(doc.getElementsByTagName('item'), (i) => i.getElementsByTagName('link')[0]?.textContent);
    expect(links).toEqual([SUMMIT, TRADE, OLD]);
  });

  it('dates items at the right instant: 18:30 in Yerevan is 14:30 UTC', () => {
    expect(item(feed, SUMMIT).published?.toISOString()).toBe('2023-05-25T14:30:00.000Z');
    // A bare date is midnight in the site's timezone.
    expect(item(feed, TRADE).published?.toISOString()).toBe('2023-04-09T20:00:00.000Z');
    // A date with its own offset keeps it.
    expect(item(feed, OLD).published?.toISOString()).toBe('2023-03-01T07:00:00.000Z');
  });

  it('writes pubDate as an RFC 822 date in GMT', () => {
    const doc = xmlDocument(raw);
    const first = doc.getElementsByTagName('item')[0]!;
    expect(first.getElementsByTagName('pubDate')[0]?.textContent).toBe('Thu, 25 May 2023 14:30:00 GMT');
  });

  it('uses the summary as the description', () => {
    expect(item(feed, SUMMIT).description).toBe('The two leaders talked for three hours.');
    expect(item(feed, TRADE).description).toBe('Exports rose again.');
  });

  it('carries the full body with absolute link and image URLs', () => {
    const content = item(feed, SUMMIT).content ?? '';
    const tree = fragment(content);
    const link = selectAll('a', tree).find((a) => toString(a) === 'link to the trade story');
    expect(link?.properties.href).toBe(TRADE);
    const image = selectAll('img', tree).find((i) => i.properties.alt === 'A map of the region');
    expect(image?.properties.src).toBe('https://gazette.example.org/media/summit.svg');
    expect(toString(tree)).toContain('The last paragraph.');
    for (const entry of feed.items) {
      const relative = urlsIn(entry.content ?? '').filter((u) => !/^https?:\/\//.test(u) && !u.startsWith('#'));
      expect(relative, entry.url ?? '').toEqual([]);
    }
  });

  it('includes the pull quote in the content', () => {
    const tree = fragment(item(feed, SUMMIT).content ?? '');
    const quote = select('blockquote', tree);
    expect(quote && toString(quote).trim()).toBe('We will keep talking.');
    expect(toString(tree)).toContain('Lilit Hakobyan');
  });

  it('names every author (one dc:creator each)', () => {
    expect(item(feed, SUMMIT).authors.map((a) => a.name)).toEqual(['Ani Sargsyan', 'Ben Okafor']);
    expect(item(feed, TRADE).authors.map((a) => a.name)).toEqual(['Ben Okafor']);
    const first = xmlDocument(raw).getElementsByTagName('item')[0]!;
    const creators = first.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'creator');
    expect(Array.from(creators, (c) => c.textContent)).toEqual(['Ani Sargsyan', 'Ben Okafor']);
  });

  it('has one category per tag', () => {
    expect(item(feed, SUMMIT).categories.map((c) => c.term)).toEqual(['Armenia', 'Diplomacy', 'Russia']);
    const trade = item(feed, TRADE).categories.map((c) => c.term.toLowerCase());
    expect([...trade].sort()).toEqual(['economy', 'russia', 'trade']);
  });

  it('points atom:link rel="self" at its own absolute URL', () => {
    const doc = xmlDocument(raw);
    const self = Array.from(doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')).filter(
      (l) => l.getAttribute('rel') === 'self',
    );
    expect(self.map((l) => l.getAttribute('href'))).toEqual(['https://gazette.example.org/feed.xml']);
    expect(feed.self).toBe('https://gazette.example.org/feed.xml');
  });
});

describe('tag and author feeds', () => {
  it('tags/russia/feed.xml has both Russia articles, whichever spelling they used', () => {
    const feed = parseFeed(writer.text('tags/russia/feed.xml'));
    expect(feed.items.map((i) => i.url)).toEqual([SUMMIT, TRADE]);
    expect(feed.url).toBe(`${SITE}tags/russia/`);
    expect(feed.self).toBe(`${SITE}tags/russia/feed.xml`);
  });

  it('authors/ani/feed.xml has Ani’s articles, newest first', () => {
    const feed = parseFeed(writer.text('authors/ani/feed.xml'));
    expect(feed.items.map((i) => i.url)).toEqual([SUMMIT, OLD]);
    expect(feed.url).toBe(`${SITE}authors/ani/`);
    expect(feed.title).toContain('Ani Sargsyan');
  });
});

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  summary?: string;
  content_html: string;
  date_published: string;
  authors: { name: string; url?: string }[];
  tags: string[];
}

interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  items: JsonFeedItem[];
}

describe('feed.json (JSON Feed 1.1)', () => {
  let feed: JsonFeed;

  beforeAll(() => {
    feed = JSON.parse(writer.text('feed.json')) as JsonFeed;
  });

  it('declares version 1.1 and the site and feed URLs', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('Fixture Gazette');
    expect(feed.home_page_url).toBe(SITE);
    expect(feed.feed_url).toBe(`${SITE}feed.json`);
  });

  it('has the newest 3 items with id, url, title and HTML content', () => {
    expect(feed.items.map((i) => i.url)).toEqual([SUMMIT, TRADE, OLD]);
    expect(feed.items.map((i) => i.title)).toEqual([SUMMIT_TITLE, TRADE_TITLE, OLD_TITLE]);
    for (const entry of feed.items) {
      expect(entry.id).toBe(entry.url);
      expect(typeof entry.content_html).toBe('string');
      expect(entry.content_html.length).toBeGreaterThan(0);
    }
    expect(feed.items[0]!.content_html).toContain('src="https://gazette.example.org/media/summit.svg"');
    expect(feed.items[0]!.summary).toBe('The two leaders talked for three hours.');
  });

  it('gives date_published as an ISO 8601 date-time at the right instant', () => {
    for (const entry of feed.items)
      expect(entry.date_published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
    expect(new Date(feed.items[0]!.date_published).toISOString()).toBe('2023-05-25T14:30:00.000Z');
  });

  it('lists authors (as objects with a name) and tags', () => {
    expect(feed.items[0]!.authors.map((a) => a.name)).toEqual(['Ani Sargsyan', 'Ben Okafor']);
    expect(feed.items[0]!.tags).toEqual(['Armenia', 'Diplomacy', 'Russia']);
    expect(feed.items[2]!.tags).toEqual(['Armenia']);
  });
});

describe('hostile content in feeds', () => {
  const TITLE = 'Bold <b>&" claims';
  let hostile: MemoryWriter;

  beforeAll(async () => {
    const root = makeSite({
      'content/site.yaml': 'title: Hostile Herald\nurl: https://hostile.example.com/\n',
      'content/articles/evil.md': [
        '---',
        `title: '${TITLE}'`,
        'date: 2023-06-01',
        'author: Eve',
        'summary: \'Less <than> & "more"\'',
        '---',
        '',
        'Text with ]]> inside a CDATA end.',
        '',
        '<script>alert(1)</script>',
        '',
        'The end.',
        '',
      ].join('\n'),
    });
    ({ writer: hostile } = await buildInMemory(root));
  });

  it('feed.xml still parses and the title reads back exactly', () => {
    const feed = parseFeed(hostile.text('feed.xml'));
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title).toBe(TITLE);
    expect(feed.items[0]!.description).toBe('Less <than> & "more"');
  });

  it('keeps "]]>" as text and drops the script from the content', () => {
    const content = parseFeed(hostile.text('feed.xml')).items[0]!.content ?? '';
    expect(toString(fragment(content))).toContain('Text with ]]> inside a CDATA end.');
    expect(toString(fragment(content))).toContain('The end.');
    expect(content.toLowerCase()).not.toContain('<script');
    expect(hostile.text('feed.xml').toLowerCase()).not.toContain('<script');
  });

  it('feed.json carries the same title and no script', () => {
    const feed = JSON.parse(hostile.text('feed.json')) as JsonFeed;
    expect(feed.items[0]!.title).toBe(TITLE);
    expect(feed.items[0]!.content_html.toLowerCase()).not.toContain('<script');
  });
});

describe('plain text reaches a feed reader as text', () => {
  // Summaries and site and section descriptions are plain text. A feed reader shows an RSS
  // <description> as HTML. @rowanmanning/feed-parser's own `description` decodes entities once
  // more than XML does, so it cannot tell text from markup: what a reader shows is taken here as
  // the element's XML text, as that parser reads it, rendered as an HTML fragment.
  const SUMMARIES = [
    'Talks on <EAEU> tariffs',
    'A <script>alert(1)</script> in the summary',
    'AT&amp;T and &lt;b&gt; are written out',
    'Less <than> & "more"',
  ];
  const SITE_DESCRIPTION = 'News <b>without</b> fear & favour';
  const SECTION_DESCRIPTION = 'Trade <and> tariffs';
  const articleUrl = (i: number) => `https://plain.example.org/2023/06/story-${i}/`;
  let plain: MemoryWriter;

  beforeAll(async () => {
    const articles = Object.fromEntries(
      SUMMARIES.map((summary, i) => [
        `content/articles/story-${i}.md`,
        `---\ntitle: ${JSON.stringify(`Story <${i}>`)}\ndate: 2023-06-0${i + 1}\nauthor: Eve\nsection: trade\ntags: [Tariffs]\nsummary: ${JSON.stringify(summary)}\n---\n\nBody.\n`,
      ]),
    );
    const site = [
      'title: Plain Post',
      'url: https://plain.example.org/',
      `description: ${JSON.stringify(SITE_DESCRIPTION)}`,
      'sections:',
      '  - slug: trade',
      '    title: Trade',
      `    description: ${JSON.stringify(SECTION_DESCRIPTION)}`,
    ].join('\n');
    ({ writer: plain } = await buildInMemory(makeSite({ 'content/site.yaml': `${site}\n`, ...articles })));
  });

  /** What a reader shows of an HTML fragment: its text, and the elements it would make. */
  function shown(html: string): { text: string; elements: string[] } {
    const tree = fragment(html);
    return { text: toString(tree), elements: selectAll('*', tree).map((e) => e.tagName) };
  }

  it('every RSS description, of every feed and every item, shows exactly its text and makes no element', () => {
    const feeds = new Map([
      ['feed.xml', SITE_DESCRIPTION],
      ['trade/feed.xml', SECTION_DESCRIPTION],
      ['tags/tariffs/feed.xml', 'Articles about Tariffs'],
      ['authors/eve/feed.xml', 'Articles by Eve'],
    ]);
    expect([...plain.files.keys()].filter((p) => p.endsWith('feed.xml')).sort()).toEqual([...feeds.keys()].sort());
    for (const [path, description] of feeds) {
      const feed = parseFeed(plain.text(path));
      expect(shown(feed.element.findElementWithName('description')!.textContent), path).toEqual({
        text: description,
        elements: [],
      });
      expect(feed.items.map((i) => i.url)).toEqual(SUMMARIES.map((_, i) => articleUrl(i)).reverse());
      for (const entry of feed.items) {
        const summary = SUMMARIES[SUMMARIES.findIndex((_, i) => articleUrl(i) === entry.url)]!;
        expect(shown(entry.element.findElementWithName('description')!.textContent), `${path} ${entry.url}`).toEqual({
          text: summary,
          elements: [],
        });
      }
    }
  });

  it('RSS titles are plain text and read back exactly', () => {
    const feed = parseFeed(plain.text('feed.xml'));
    expect(feed.items.map((i) => i.title)).toEqual(['Story <3>', 'Story <2>', 'Story <1>', 'Story <0>']);
  });

  it('JSON Feed summaries and titles are plain text, as its spec says, and carry the text exactly', () => {
    const feed = JSON.parse(plain.text('feed.json')) as JsonFeed & { description: string };
    expect(feed.description).toBe(SITE_DESCRIPTION);
    expect(feed.items.map((i) => [i.title, i.summary])).toEqual(SUMMARIES.map((summary, i) => [`Story <${i}>`, summary]).reverse());
  });
});
