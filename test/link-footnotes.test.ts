// Footnotes under the link check: every reference, back-link and aria-describedby of a body's
// footnotes lands on its target, so a site with footnotes passes the check.
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../src/diagnostics.ts';
import { scanPage } from '../src/links/html.ts';
import { buildInMemory, makeSite } from './helpers.ts';

const SITE = 'title: Test Site\nurl: https://test.example.org/\n';

describe('footnotes and the link check', () => {
  it('pass: every reference, back-link and aria-describedby lands on its target, and check finds nothing', async () => {
    const root = makeSite({
      'content/site.yaml': SITE,
      'content/articles/story.md': [
        '---',
        'title: A story',
        'date: 2023-05-01',
        '---',
        '',
        '## Sources',
        '',
        'A claim[^one] and another[^two], and [back to the sources](#sources).',
        '',
        '[^one]: The first note.',
        '[^two]: The second note.',
        '',
      ].join('\n'),
    });
    const { writer, result } = await buildInMemory(root);
    expect(result.diagnostics.messages().map(formatMessage)).toEqual([]);
    const page = scanPage(writer.text('2023/05/story/index.html'));
    const fragments = [...new Set(page.links)].filter((href) => href.startsWith('#'));
    expect(fragments.length).toBeGreaterThanOrEqual(5);
    for (const href of fragments) expect(page.ids).toContain(decodeURIComponent(href.slice(1)));
  });
});
