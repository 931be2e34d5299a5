// A colon in prose is text. Masthead's only directives are blocks (`::pullquote{n=1}`), so
// nothing inline is a directive: "Note:see[this]{sic}" reads on the page as it was written, and
// a link after the brackets is a link. The whole class is checked against CommonMark and GFM
// (remark-parse with remark-gfm, no directives): for each paragraph, a reader sees the same text
// and follows the same links on the article page and in the feed.
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString as hastText } from 'hast-util-to-string';
import type { Link, Paragraph } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { buildInMemory, makeSite } from './helpers.ts';

const SITE = [
  'title: The Ledger',
  'url: https://ledger.example.org/',
  'description: Colons.',
  'language: en',
  'timezone: UTC',
  'sections:',
  '  - { slug: world, title: World }',
  '',
].join('\n');

/** Paragraphs that an inline directive parser would take apart, each with a colon before a word. */
const PROSE = [
  'Note:see[this] before the vote.',
  'The ratio:x[a *b* c]{#id .class key=value} held.',
  'Use :abbr[HTML]{title="HyperText"} sparingly.',
  'An empty label:name[] and braces alone:name{x=1}.',
  'Read it here:see[the report](https://example.net/report) today.',
  ':start[of] a paragraph, and one at its end:finish',
  'Times 10:30 and 3:1, a URL scheme:thing, and Email:tips@example.org.',
  'Nested brackets:outer[one [two] three] and a code span `a:b[c]`.',
];

function article(slug: string, body: string): string {
  return ['---', `title: Story ${slug}`, 'date: 2023-06-01T08:00:00Z', 'author: Ana Diaz', 'section: world', '---', '', body, ''].join(
    '\n',
  );
}

/** What CommonMark and GFM make of a paragraph: its text and its links' addresses. */
function reference(markdown: string): { text: string; links: string[] } {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  unified().use(remarkGfm).runSync(tree);
  const paragraph = tree.children[0] as Paragraph;
  const links: string[] = [];
  visit(paragraph, 'link', (link: Link) => {
    links.push(link.url);
  });
  return { text: mdastText(paragraph), links };
}

describe('a colon in prose', () => {
  it('is text, as CommonMark and GFM read it, on the page and in the feed', async () => {
    const files: Record<string, string> = { 'content/site.yaml': SITE };
    PROSE.forEach((text, i) => (files[`content/articles/story-${i}.md`] = article(`story-${i}`, text)));
    const { writer, result } = await buildInMemory(makeSite(files));
    expect(result.diagnostics.messages()).toEqual([]);
    const feed = JSON.parse(String(writer.files.get('feed.json'))) as { items: { url: string; content_html: string }[] };
    PROSE.forEach((text, i) => {
      const expected = reference(text);
      const page = fromHtml(String(writer.files.get(`2023/06/story-${i}/index.html`)));
      const paragraph = select('.article__body p', page)!;
      expect(hastText(paragraph), text).toBe(expected.text);
      expect(
        selectAll('a', paragraph).map((a) => String(a.properties.href)),
        text,
      ).toEqual(expected.links);
      const item = feed.items.find((entry) => entry.url.endsWith(`/2023/06/story-${i}/`))!;
      const fed = select('p', fromHtml(item.content_html, { fragment: true }))!;
      expect(hastText(fed), text).toBe(expected.text);
    });
  });
});
