// The newsletter sign-up and the comments block as built pages carry them: present where
// site.yaml and the frontmatter turn them on and nowhere else, with the field names a provider
// expects, positioned errors for wrong settings, and the page budgets of issue 9 (no reader-page
// JavaScript by default, CSS under 15 KB, article HTML and CSS under 40 KB).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildErrors, buildInMemory, copyFixture, makeSite, REPO, type MemoryBuild } from './helpers.ts';

const ARTICLE_PAGE = /^\d{4}\/\d{2}\/[^/]+\/index\.html$/;

function text(build: MemoryBuild, path: string): string {
  const data = build.writer.files.get(path);
  if (data === undefined) throw new Error(`${path} was not built; built: ${[...build.writer.files.keys()].join(', ')}`);
  return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
}

function page(build: MemoryBuild, path: string): Root {
  return fromHtml(text(build, path));
}

const htmlPaths = (build: MemoryBuild) => [...build.writer.files.keys()].filter((p) => p.endsWith('.html')).sort();
const attribute = (element: Element | undefined, name: string) => (element ? element.properties[name] : undefined);

/** The <script> elements that are JavaScript: JSON-LD (type application/ld+json) is data. */
function scripts(tree: Root): Element[] {
  return selectAll('script', tree).filter((s) => attribute(s, 'type') !== 'application/ld+json');
}

/** The site path an href or src on the page at `path` points to. */
function target(path: string, reference: string): string {
  return new URL(reference, `https://site.test/${path}`).pathname.slice(1);
}

let blocks: MemoryBuild;
let plain: MemoryBuild;
let sample: MemoryBuild;

beforeAll(async () => {
  [blocks, plain, sample] = await Promise.all([
    buildInMemory(copyFixture('reader-blocks')),
    buildInMemory(copyFixture('basic')),
    buildInMemory(REPO),
  ]);
}, 120_000);

describe('the newsletter sign-up', () => {
  it('is on every article page and the front page, as a plain form with the configured field names', () => {
    const pages = ['index.html', ...htmlPaths(blocks).filter((p) => ARTICLE_PAGE.test(p))];
    expect(pages.length).toBe(4);
    for (const path of pages) {
      const tree = page(blocks, path);
      const form = select('section.newsletter form', tree);
      expect(form, `no sign-up form on ${path}`).toBeDefined();
      expect(attribute(form, 'method')).toBe('post');
      expect(attribute(form, 'action')).toBe('https://example.us1.list-manage.com/subscribe/post?u=0a1b2c&id=3d4e5f');
      const email = select('input[type="email"]', form!);
      expect(attribute(email, 'name')).toBe('EMAIL');
      expect(attribute(email, 'required')).toBe(true);
      const label = select(`label[for="${String(attribute(email, 'id'))}"]`, form!);
      expect(toString(label!).trim()).toBe('Your email address');
      const hidden = selectAll('input[type="hidden"]', form!).map((i) => [attribute(i, 'name'), attribute(i, 'value')]);
      expect(hidden).toEqual([
        ['source', 'site'],
        ['tags', '2045'],
      ]);
      // The trap: a text field that neither sighted readers nor assistive technology meet.
      const trap = select('[aria-hidden="true"] input[name="b_0a1b2c_3d4e5f"]', form!);
      expect(trap, `no honeypot on ${path}`).toBeDefined();
      expect(attribute(trap, 'tabIndex')).toBe(-1);
      expect(attribute(trap, 'type')).toBe('text');
      const consent = select('.newsletter__consent', tree)!;
      expect(toString(consent)).toMatch(/unsubscribe/);
      expect(attribute(email, 'ariaDescribedBy')).toEqual([attribute(consent, 'id')]);
      const privacy = select('a', consent);
      expect(blocks.writer.files.has(`${target(path, String(attribute(privacy, 'href')))}index.html`)).toBe(true);
      expect(scripts(tree).filter((s) => /newsletter/.test(String(attribute(s, 'src'))))).toEqual([]);
    }
  });

  it('comes after the article and before related coverage, with a heading naming the site', () => {
    const tree = page(blocks, '2023/06/council-votes/index.html');
    const order = selectAll('main > article, main > section', tree).map((e) => String(attribute(e, 'className')));
    expect(order).toEqual(['article', 'comments', 'newsletter', 'related']);
    expect(toString(select('.newsletter h2', tree)!)).toBe('Reader Blocks Daily in your inbox');
  });

  it('is absent when site.yaml sets no newsletter', () => {
    expect(htmlPaths(plain).length).toBeGreaterThan(5);
    for (const path of htmlPaths(plain)) {
      const tree = page(plain, path);
      expect(selectAll('form, .newsletter', tree), path).toEqual([]);
    }
  });

  it('links to the provider\'s page instead of showing a form when site.yaml gives "url"', async () => {
    const root = copyFixture('basic');
    const site = readFileSync(join(root, 'content/site.yaml'), 'utf8');
    writeFileSync(
      join(root, 'content/site.yaml'),
      `${site}newsletter:\n  url: https://gazette.example.org/#/portal/signup\n  button: Sign up\n`,
    );
    const built = await buildInMemory(root);
    const tree = page(built, 'index.html');
    expect(select('.newsletter form', tree)).toBeUndefined();
    const link = select('.newsletter a.button', tree);
    expect(attribute(link, 'href')).toBe('https://gazette.example.org/#/portal/signup');
    expect(toString(link!)).toBe('Sign up');
  });
});

describe('comments', () => {
  it('giscus: a "Leave a reply" block whose button names comments, the embed settings, a link for readers without JavaScript', () => {
    const tree = page(blocks, '2023/06/council-votes/index.html');
    const block = select('section.comments', tree)!;
    expect(toString(select('h2', block)!)).toBe('Leave a reply');
    const button = select('button', block);
    expect(toString(button!)).toMatch(/comments/i);
    // Hidden until the script shows it: without JavaScript it would do nothing.
    expect(attribute(button, 'hidden')).toBe(true);
    const embed = select('[data-comments-script]', block)!;
    expect(embed.properties).toMatchObject({
      dataCommentsScript: 'https://giscus.app/client.js',
      dataRepo: 'blocks-daily/comments',
      dataRepoId: 'R_kgDOfixture',
      dataCategory: 'Announcements',
      dataCategoryId: 'DIC_kwDOfixture',
      dataMapping: 'specific',
      dataTerm: '/2023/06/council-votes/',
      dataStrict: '1',
    });
    const fallback = new URL(String(attribute(select('.comments__elsewhere a', block), 'href')));
    expect(fallback.origin + fallback.pathname).toBe('https://github.com/blocks-daily/comments/discussions');
    expect(fallback.searchParams.get('discussions_q')).toContain('/2023/06/council-votes/');
  });

  it('giscus: the page loads one script, the local fingerprinted loader, and nothing from the provider', () => {
    const path = '2023/06/council-votes/index.html';
    const found = scripts(page(blocks, path));
    expect(found).toHaveLength(1);
    const src = String(attribute(found[0], 'src'));
    expect(target(path, src)).toMatch(/^assets\/comments\.[0-9a-f]{10}\.js$/);
    expect(toString(found[0]!)).toBe('');
    expect(text(blocks, target(path, src))).toContain('data-comments-script');
    expect(text(blocks, path)).not.toMatch(/<script[^>]+giscus\.app/);
  });

  it('an article with comments: URL links to that thread and loads no script', () => {
    const tree = page(blocks, '2023/06/market-reopens/index.html');
    const link = select('section.comments a', tree);
    expect(attribute(link, 'href')).toBe('https://mastodon.social/@blocksdaily/110512345678901234');
    expect(toString(link!)).toContain('mastodon.social');
    expect(select('section.comments button', tree)).toBeUndefined();
    expect(scripts(tree)).toEqual([]);
  });

  it('an article with comments: false has no comments block and no script', () => {
    const tree = page(blocks, '2023/06/obituary/index.html');
    expect(select('section.comments', tree)).toBeUndefined();
    expect(scripts(tree)).toEqual([]);
  });

  it('pages other than articles carry no script even with giscus on', () => {
    for (const path of htmlPaths(blocks).filter((p) => !ARTICLE_PAGE.test(p))) expect(scripts(page(blocks, path)), path).toEqual([]);
  });

  it('are absent when site.yaml sets no comments', () => {
    for (const path of htmlPaths(plain)) expect(select('section.comments', page(plain, path)), path).toBeUndefined();
  });
});

describe('wrong settings are positioned errors', () => {
  const SITE = 'title: T\nurl: https://t.example.org/\n';
  const ARTICLE = 'content/articles/a.md';

  it('newsletter without an address, with an http address, and a bad field name', async () => {
    const errors = await buildErrors(
      makeSite({
        'content/site.yaml': `${SITE}newsletter:\n  button: Go\n`,
        [ARTICLE]: '---\ntitle: A\ndate: 2023-05-01\n---\nBody.\n',
      }),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^content\/site\.yaml:4:3: error: newsletter needs exactly one of "action" .* and "url"/),
    ]);
    const more = await buildErrors(
      makeSite({
        'content/site.yaml': `${SITE}newsletter:\n  action: http://lists.example.org/join\n  email: e mail\n`,
        [ARTICLE]: '---\ntitle: A\ndate: 2023-05-01\n---\nBody.\n',
      }),
    );
    expect(more).toEqual([
      expect.stringMatching(/^content\/site\.yaml:4:11: error: "newsletter\.action" must be an https address/),
      expect.stringMatching(/^content\/site\.yaml:5:10: error: a form field name uses letters/),
    ]);
  });

  it('comments with an unknown provider and a missing id; an article whose comments is neither false nor an address', async () => {
    const errors = await buildErrors(
      makeSite({
        'content/site.yaml': `${SITE}comments:\n  provider: disqus\n  repo: o/r\n  category: General\n  categoryId: DIC_1\n  repoID: R_1\n`,
        [ARTICLE]: '---\ntitle: A\ndate: 2023-05-01\n---\nBody.\n',
      }),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^content\/site\.yaml:4:3: error: missing required field "comments\.repoId" \(giscus\.app shows/),
      'content/site.yaml:4:13: error: "comments.provider" must be one of "giscus" [comments]',
      expect.stringMatching(/^content\/site\.yaml:8:3: warning: unknown field "comments\.repoID" is ignored; did you mean "repoId"\?/),
    ]);
    const article = await buildErrors(
      makeSite({ 'content/site.yaml': SITE, [ARTICLE]: '---\ntitle: A\ndate: 2023-05-01\ncomments: later\n---\nBody.\n' }),
    );
    expect(article).toEqual([
      expect.stringMatching(/^content\/articles\/a\.md:4:11: error: "comments" must be false .* found "later" \[comments\]$/),
    ]);
  });
});

describe('element ids', () => {
  it("no heading in a body can take an id the page's templates use (a template id is one a slug never is)", async () => {
    const council = page(blocks, '2023/06/council-votes/index.html');
    const inBody = new Set(selectAll('.article__body [id]', council));
    const templateIds = selectAll('[id]', council)
      .filter((e) => !inBody.has(e))
      .map((e) => String(attribute(e, 'id')));
    expect(templateIds).toEqual(expect.arrayContaining(['mainContent', 'commentsTitle', 'newsletterTitle', 'newsletterEmail']));
    const root = copyFixture('reader-blocks');
    const headings = templateIds.map((id) => `## ${id}\n\nText.\n`).join('\n');
    writeFileSync(join(root, 'content/articles/2023-06-20-headings.md'), `---\ntitle: Headings\ndate: 2023-06-20\n---\n\n${headings}`);
    const ids = selectAll('[id]', page(await buildInMemory(root), '2023/06/headings/index.html')).map((e) => String(attribute(e, 'id')));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.length).toBe(templateIds.length * 2);
  });
});

describe('stylesheets and scripts', () => {
  it('reach readers minified, named by a hash of what they get', () => {
    const source = readFileSync(join(REPO, 'templates/assets/site.css'), 'utf8');
    const [css] = [...sample.writer.files.keys()].filter((p) => /^assets\/site\.[0-9a-f]{10}\.css$/.test(p));
    const served = text(sample, css!);
    expect(source).toContain('/*');
    expect(served).not.toContain('/*');
    expect(served.length).toBeLessThan(source.length * 0.85);
  });

  it('a script with a syntax error fails the build at its line and column', async () => {
    const root = copyFixture('basic');
    writeFileSync(join(root, 'templates/assets/broken.js'), '// fine\nconst x = ;\n');
    expect(await buildErrors(root)).toEqual([
      expect.stringMatching(/^templates\/assets\/broken\.js:2:11: error: Unexpected ";" \[asset\]$/),
    ]);
  });
});

describe('budgets (issue 9) on the sample site', () => {
  it('no reader page carries JavaScript (JSON-LD is data; the search page is the one page allowed code)', () => {
    const withScripts = htmlPaths(sample)
      .filter((path) => !path.startsWith('search/'))
      .filter((path) => scripts(page(sample, path)).length > 0);
    expect(htmlPaths(sample).length).toBeGreaterThan(20);
    expect(withScripts).toEqual([]);
  });

  it('the stylesheet is under 15 KB and the largest article page with it under 40 KB', () => {
    const css = [...sample.writer.files.keys()].filter((p) => /^assets\/.*\.css$/.test(p));
    expect(css).toHaveLength(1);
    const cssBytes = Buffer.byteLength(text(sample, css[0]!));
    expect(cssBytes).toBeLessThan(15_000);
    const articles = htmlPaths(sample).filter((p) => ARTICLE_PAGE.test(p));
    expect(articles.length).toBeGreaterThan(5);
    const largest = Math.max(...articles.map((p) => Buffer.byteLength(text(sample, p))));
    expect(largest + cssBytes).toBeLessThan(40_000);
  });

  it('the sample site shows its newsletter sign-up on articles and the front page', () => {
    expect(select('.newsletter form', page(sample, 'index.html'))).toBeDefined();
    const article = htmlPaths(sample).find((p) => ARTICLE_PAGE.test(p))!;
    expect(select('.newsletter form', page(sample, article))).toBeDefined();
  });
});
