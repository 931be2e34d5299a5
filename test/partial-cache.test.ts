// The partial cache (src/render/partial-cache.ts): a partial served again must write the bytes a
// fresh rendering writes on the page asking, whatever its depth; partials that read globals,
// take changing Liquid objects or are named by a variable are never served from it; a new
// build (a new site global) or a new view never gets an old rendering.
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.ts';
import { TemplateEngine, type Globals } from '../src/render/engine.ts';
import { makeSite } from './helpers.ts';

const BASE = 'https://news.example/';

const CARD = `<article><a href="{{ article.url | href }}">{{ article.title }}</a>
{%- if article.section %} <a href="{{ article.section.url | href }}">{{ article.section.title }}</a>{% endif %}
{%- if article.image %}{% render 'picture', image: article.image %}{% endif %}
<a href="{{ article.url | absolute }}">share</a></article>`;
const PICTURE = `<img src="{{ image.src | href }}" srcset="{{ image.srcset | srcset }}">`;

function siteWith(templates: Record<string, string>): string {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(templates)) files[`templates/${name}.liquid`] = text;
  return makeSite({ 'content/site.yaml': `title: T\nurl: ${BASE}\n`, ...files });
}

const section = { url: '/world/', title: 'World' };
const image = {
  src: '/media/a.jpg',
  srcset: [
    { url: '/media/a-400w.jpg', width: 400 },
    { url: '/media/a-800w.jpg', width: 800 },
  ],
};
const articles = [
  { url: '/2024/01/alpha/', title: 'Alpha', section, image },
  { url: '/2024/02/beta/', title: 'Beta & co', section: null, image: null },
  { url: '/2023/12/gamma/', title: 'Gamma', section, image: null },
];

/** Pages at every depth a card is listed from, the 404 page among them. */
const PAGES = [
  '/',
  '/page/2/',
  '/tags/x/',
  '/tags/x/page/3/',
  '/world/',
  '/2024/01/alpha/',
  '/2024/02/beta/',
  '/2023/11/delta/',
  '/404.html',
];

function globalsFor(site: Globals['site'], url: string): Globals {
  return { site, meta: { url, kind: url === '/404.html' ? '404' : 'page' }, assets: {} };
}

function render(engine: TemplateEngine, name: string, data: object, globals: Globals): string {
  const diagnostics = new Diagnostics();
  const html = engine.render(name, data, globals, diagnostics);
  expect(diagnostics.messages().map(String)).toEqual([]);
  return html!;
}

describe('partials served from the cache', () => {
  const root = siteWith({
    // Arguments passed as Liquid's literals too, as the site's templates pass `size` and `level`.
    list: `{% for a in articles %}{% render 'card', article: a, size: nil, level: 3 %}\n{% endfor %}`,
    'partials/card': CARD,
    'partials/picture': PICTURE,
  });

  it('write the bytes a fresh rendering writes, on pages at every depth', () => {
    const site = { url: BASE };
    const cached = new TemplateEngine(root, BASE);
    for (const round of [1, 2]) {
      for (const url of PAGES) {
        // A fresh engine for each page: nothing rendered before it to serve from.
        const fresh = render(new TemplateEngine(root, BASE), 'list', { articles }, globalsFor({ url: BASE }, url));
        expect(render(cached, 'list', { articles }, globalsFor(site, url)), `${url}, round ${round}`).toBe(fresh);
      }
    }
    // Each card was rendered once (its picture with it), and every other page was served it.
    expect(cached.partials.stats).toEqual({ rendered: articles.length, served: articles.length * (PAGES.length * 2 - 1) });
  });

  it('never serve one build’s rendering to the next, nor one view’s to another', () => {
    const engine = new TemplateEngine(root, BASE);
    const first = { url: '/2024/01/alpha/', title: 'Old headline', section: null, image: null };
    expect(render(engine, 'list', { articles: [first] }, globalsFor({ url: BASE }, '/'))).toContain('Old headline');
    // The next build of a dev session: new site global, new views.
    const edited = { ...first, title: 'New headline' };
    expect(render(engine, 'list', { articles: [edited] }, globalsFor({ url: BASE }, '/'))).toContain('New headline');
    // The same build, another view with the same URL.
    const site = { url: BASE };
    render(engine, 'list', { articles: [first] }, globalsFor(site, '/'));
    expect(render(engine, 'list', { articles: [edited] }, globalsFor(site, '/'))).toContain('New headline');
    expect(engine.partials.stats.served).toBe(0);
  });
});

describe('partials never served from the cache', () => {
  it('one that hands a link to another filter, a condition, an assignment or a capture', () => {
    const uses = [
      `{{ article.url | href | upcase }}`,
      `{% assign link = article.url | href %}{{ link }}`,
      `{% capture link %}{{ article.url | href }}{% endcapture %}{{ link | size }}`,
      `{% if article.url | href %}x{% endif %}`,
    ];
    for (const use of uses) {
      const root = siteWith({ list: `{% render 'link', article: a %}`, 'partials/link': use });
      const engine = new TemplateEngine(root, BASE);
      const site = { url: BASE };
      const a = { url: '/2024/01/alpha/' };
      for (const url of ['/', '/tags/x/', '/']) {
        const fresh = render(new TemplateEngine(root, BASE), 'list', { a }, globalsFor(site, url));
        expect(render(engine, 'list', { a }, globalsFor(site, url)), use).toBe(fresh);
      }
      expect(engine.partials.stats, use).toEqual({ served: 0, rendered: 0 });
    }
  });

  it('one whose link needs escaping, or whose text looks like a marker: rendered afresh, same bytes', () => {
    const root = siteWith({
      list: `{% render 'card', article: a, size: nil, level: nil %}`,
      'partials/card': CARD,
      'partials/picture': PICTURE,
    });
    const engine = new TemplateEngine(root, BASE);
    const site = { url: BASE };
    const odd = [
      { url: '/tags/r&d/', title: 'R&D', section: null, image: null },
      { url: '/2024/01/x/', title: 'Private \uE0000\uE001 use', section: null, image: null },
    ];
    for (const a of odd)
      for (const url of PAGES) {
        const fresh = render(new TemplateEngine(root, BASE), 'list', { a }, globalsFor({ url: BASE }, url));
        expect(render(engine, 'list', { a }, globalsFor(site, url))).toBe(fresh);
      }
    expect(render(engine, 'list', { a: odd[0] }, globalsFor(site, '/'))).toContain('href="tags/r&amp;d/"');
  });

  it('one that reads a global (the page it is on)', () => {
    const root = siteWith({ list: `{% render 'here', article: a %}`, 'partials/here': `{{ article.title }} on {{ meta.url }}` });
    const engine = new TemplateEngine(root, BASE);
    const site = { url: BASE };
    const a = { title: 'A' };
    expect(render(engine, 'list', { a }, globalsFor(site, '/one/'))).toBe('A on /one/');
    expect(render(engine, 'list', { a }, globalsFor(site, '/two/'))).toBe('A on /two/');
    expect(engine.partials.stats).toEqual({ served: 0, rendered: 0 });
  });

  it('one given a loop object, which changes as the loop runs', () => {
    const root = siteWith({
      list: `{% for a in items %}{% render 'n', loop: forloop %}{% endfor %}`,
      'partials/n': `{{ loop.index }},`,
    });
    const engine = new TemplateEngine(root, BASE);
    expect(render(engine, 'list', { items: [1, 2, 3] }, globalsFor({ url: BASE }, '/'))).toBe('1,2,3,');
  });

  it('one with a counter, or rendering a partial named by a variable', () => {
    const root = siteWith({
      list: `{% render 'count', a: a %}{% render 'count', a: a %}|{% render 'named', a: a, which: 'inner' %}{% render 'named', a: a, which: 'other' %}`,
      'partials/count': `{% increment n %}`,
      'partials/named': `{% render which, a: a %}`,
      'partials/inner': `in`,
      'partials/other': `out`,
    });
    const engine = new TemplateEngine(root, BASE);
    expect(render(engine, 'list', { a: {} }, globalsFor({ url: BASE }, '/'))).toBe('00|inout');
    expect(engine.partials.stats.served).toBe(0);
  });
});
