// `_redirects`, the host file of Netlify and Cloudflare Pages: one `from to 301` line for every
// alias of every published article and page, pointing where the alias's redirect page points,
// with the site's base path and no character that would split a line.
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { buildErrors, buildInMemory, makeSite, type MemoryBuild } from './helpers.ts';

const article = (front: string) => `---\n${front}author: Desk\n---\n\nText.\n`;

function site(url: string) {
  return makeSite({
    'content/site.yaml': `title: Redirect Times\nurl: ${url}\ntimezone: UTC\n`,
    'content/articles/2023-05-01-talks.md': article(
      "title: Talks\ndate: 2023-05-01\naliases: [/2023/05/old-talks/, /stories/talks.html, '/archive/o''ld & \"new\" story/']\n",
    ),
    'content/articles/2023-04-01-trade.md': article('title: Trade\ndate: 2023-04-01\naliases: [/trade]\n'),
    'content/articles/2023-03-01-plain.md': article('title: No aliases\ndate: 2023-03-01\n'),
    'content/articles/2023-06-01-draft.md': article('title: Draft\ndate: 2023-06-01\ndraft: true\naliases: [/draft-alias/]\n'),
    'content/pages/about.md': '---\ntitle: About\naliases: [/who-we-are/]\n---\n\nUs.\n',
  });
}

interface Rule {
  from: string;
  to: string;
  status: string;
}

/** Reads the file as a host does: blank lines and # comments skipped, three fields a line. */
function parseRedirects(text: string): Rule[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      expect(fields, `"${line}" has from, to and status`).toHaveLength(3);
      const [from, to, status] = fields as [string, string, string];
      return { from, to, status };
    });
}

/** Where the redirect page for an alias sends a browser, as a path. */
function pageTarget(build: MemoryBuild, baseUrl: string, alias: string): string {
  const path = alias.endsWith('/') ? `${alias.slice(1)}index.html` : alias.slice(1);
  const refresh = select('meta[http-equiv="refresh"]', fromHtml(build.writer.text(path)))!;
  const href = String(refresh.properties.content).replace(/^0; url=/, '');
  return new URL(href, new URL(alias.slice(1), baseUrl)).pathname;
}

describe('_redirects', () => {
  it('lists every alias of published articles and pages once, with the target of its redirect page', async () => {
    const base = 'https://redirects.example.org/';
    const build = await buildInMemory(site(base));
    const rules = parseRedirects(build.writer.text('_redirects'));
    expect(rules).toEqual([
      { from: '/2023/05/old-talks/', to: '/2023/05/talks/', status: '301' },
      { from: "/archive/o'ld%20&%20%22new%22%20story/", to: '/2023/05/talks/', status: '301' },
      { from: '/stories/talks.html', to: '/2023/05/talks/', status: '301' },
      { from: '/trade/', to: '/2023/04/trade/', status: '301' },
      { from: '/who-we-are/', to: '/about/', status: '301' },
    ]);
    for (const alias of ['/2023/05/old-talks/', '/stories/talks.html', '/trade/', '/who-we-are/']) {
      const rule = rules.find((r) => r.from === alias)!;
      expect(pageTarget(build, base, alias), alias).toBe(rule.to);
    }
  });

  it('takes the base path of a site published in a folder', async () => {
    const rules = parseRedirects((await buildInMemory(site('https://example.org/news/'))).writer.text('_redirects'));
    expect(rules.find((r) => r.to === '/news/about/')).toEqual({ from: '/news/who-we-are/', to: '/news/about/', status: '301' });
    expect(rules.every((r) => r.from.startsWith('/news/') && r.to.startsWith('/news/'))).toBe(true);
  });

  it('exists, with only its comment, when nothing has moved', async () => {
    const root = makeSite({
      'content/site.yaml': 'title: Still\nurl: https://still.example.org/\n',
      'content/articles/2023-01-01-x.md': article('title: X\ndate: 2023-01-01\n'),
    });
    const text = (await buildInMemory(root)).writer.text('_redirects');
    expect(parseRedirects(text)).toEqual([]);
    expect(text.startsWith('# ')).toBe(true);
  });

  it("is the site's own: an alias may not take its name", async () => {
    const root = makeSite({
      'content/site.yaml': 'title: Still\nurl: https://still.example.org/\n',
      'content/articles/2023-01-01-x.md': article('title: X\ndate: 2023-01-01\naliases: [/_redirects]\n'),
    });
    expect(await buildErrors(root)).toEqual([
      "content/articles/2023-01-01-x.md:4:11: error: this article's alias /_redirects/ is taken by the site itself (home, sections, /tags/, /authors/, /search/, feeds, sitemaps): choose another alias [url-collision]",
    ]);
  });
});
