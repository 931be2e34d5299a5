// Bare web addresses and e-mail addresses in a body become links, as GitHub-flavoured markdown
// has them, on the article page and in the feed; the same text inside a link, inline code or a
// code block stays as it is, and a body with none of them is rendered as before.
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { buildInMemory, makeSite } from './helpers.ts';

const SITE = [
  'title: The Ledger',
  'url: https://ledger.example.org/',
  'description: Autolinks.',
  'language: en',
  'timezone: UTC',
  'sections:',
  '  - { slug: world, title: World }',
  '',
].join('\n');

function article(slug: string, body: string): string {
  return ['---', `title: Story ${slug}`, 'date: 2023-06-01T08:00:00Z', 'author: Ana Diaz', 'section: world', '---', '', body, ''].join(
    '\n',
  );
}

const WITH_LITERALS = [
  'Send tips to tips@ledger.example.org, read WWW.example.com/guide or https://example.net/report?year=2023.',
  '',
  'Already linked: [the report](https://example.net/linked), `https://example.net/in-code`.',
  '',
  '```',
  'https://example.net/in-a-block',
  '```',
].join('\n');

const WITHOUT = 'A plain story: no addresses, only [a link](https://example.net/plain) and *emphasis*.';

async function articlePage(body: string): Promise<{ links: { href: string; text: string }[]; html: string }> {
  const root = makeSite({ 'content/site.yaml': SITE, 'content/articles/story.md': article('story', body) });
  const { writer } = await buildInMemory(root);
  const html = String(writer.files.get('2023/06/story/index.html'));
  const body$ = selectAll('.article__body a', fromHtml(html));
  return { links: body$.map((a) => ({ href: String(a.properties.href), text: toString(a) })), html };
}

describe('autolink literals in bodies', () => {
  it('link bare addresses and e-mails, and nothing already linked or in code', async () => {
    const { links, html } = await articlePage(WITH_LITERALS);
    expect(links).toEqual([
      { href: 'mailto:tips@ledger.example.org', text: 'tips@ledger.example.org' },
      { href: 'http://WWW.example.com/guide', text: 'WWW.example.com/guide' },
      { href: 'https://example.net/report?year=2023', text: 'https://example.net/report?year=2023' },
      { href: 'https://example.net/linked', text: 'the report' },
    ]);
    expect(html).toContain('<code>https://example.net/in-code</code>');
    expect(html).toContain('https://example.net/in-a-block\n</code></pre>');
  });

  // Each kind alone in its body: a body is looked for literals only when it can hold one.
  it.each([
    ['an e-mail', 'Write to desk@example.org today.', 'mailto:desk@example.org'],
    ['a www. address', 'See www.example.com for more.', 'http://www.example.com'],
    ['an http address', 'See http://example.com/a for more.', 'http://example.com/a'],
    ['an https address', 'See https://example.com/b for more.', 'https://example.com/b'],
    // A colon before the address: "mailto:desk" and "Email:tips" are text, never inline directives.
    ['a mailto: address', 'Write to mailto:desk@example.org today.', 'mailto:desk@example.org'],
    ['an e-mail after a colon', 'Email:tips@example.org, any time.', 'mailto:tips@example.org'],
  ])('link %s on its own', async (_, body, href) => {
    const { links } = await articlePage(body);
    expect(links.map((link) => link.href)).toEqual([href]);
  });

  it('leave a body without any as it is', async () => {
    const { links } = await articlePage(WITHOUT);
    expect(links).toEqual([{ href: 'https://example.net/plain', text: 'a link' }]);
  });
});

// Schemes are case-insensitive: HTTPS://… is an address like https://…, in every form an editor
// writes a link, and an unsafe scheme stays removed whatever its case.
describe('link schemes in capitals', () => {
  const BODY = [
    'Bare: HTTPS://example.org/bare and Http://example.org/mixed.',
    '',
    'Written: [a link](HTTPS://example.org/written), [mail](MAILTO:desk@example.org), <HTTP://example.org/angle>.',
    '',
    'Raw: <a href="HtTpS://example.org/raw">raw</a> and <a href="JAVASCRIPT:alert(1)">unsafe</a>.',
    '',
    '> <blockquote cite="HTTPS://example.org/cited">quoted</blockquote>',
  ].join('\n');

  it('keep every safe address, written with its scheme in lower case', async () => {
    const { links, html } = await articlePage(BODY);
    expect(links).toEqual([
      { href: 'https://example.org/bare', text: 'HTTPS://example.org/bare' },
      { href: 'http://example.org/mixed', text: 'Http://example.org/mixed' },
      { href: 'https://example.org/written', text: 'a link' },
      { href: 'mailto:desk@example.org', text: 'mail' },
      { href: 'http://example.org/angle', text: 'HTTP://example.org/angle' },
      { href: 'https://example.org/raw', text: 'raw' },
      { href: 'undefined', text: 'unsafe' },
    ]);
    expect(html).toContain('cite="https://example.org/cited"');
    expect(html.toLowerCase()).not.toContain('javascript:');
  });
});
