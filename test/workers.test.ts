// The worker pool: where a page, a body or an image is rendered never shows in what is built.
// Fixture sites are built in-process and on 1, 2 and 4 threads (the pool forced on, however
// small the site), and the files compared byte for byte; a template error found on a thread is
// reported exactly as one found in-process; and a dev session keeps one pool from build to
// build, its threads reading a template again once it is edited.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, build as buildSite } from '../src/build.ts';
import { DevSession } from '../src/dev/session.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { WorkerPool } from '../src/workers/pool.ts';
import { copyFixture, FIXTURES, makeSite, NOW, picture } from './helpers.ts';

/** Builds `root` with `pool`: its files, or its diagnostics if it fails. */
async function buildWith(root: string, pool: WorkerPool): Promise<{ files: Map<string, string | Uint8Array>; errors: string[] }> {
  const writer = new MemoryWriter();
  try {
    await build({ root, writer, now: NOW, include: { drafts: true, future: true }, cacheDir: false, pool });
    return { files: writer.files, errors: [] };
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    return { files: new Map(), errors: error.diagnostics.messages().map(formatMessage) };
  }
}

/** Runs `use` with a pool of `threads` that sends every task to them, and ends the pool. */
async function withPool<T>(threads: number, use: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const pool = new WorkerPool({ threads, eager: true });
  try {
    return await use(pool);
  } finally {
    await pool.destroy();
  }
}

const bytes = (data: string | Uint8Array) => Buffer.from(data);

/** The HTML pages made from templates: all but the redirect pages of old addresses. */
const templatedPages = (files: Map<string, string | Uint8Array>) =>
  [...files].filter(([path, data]) => path.endsWith('.html') && !String(data).includes('<title>Moved</title>')).length;

/** A site of many pages, with pull quotes, photos (for the image tasks) and pagination. */
async function photoSite(): Promise<string> {
  const files: Record<string, string | Buffer> = {
    'content/site.yaml': 'title: Pool Times\nurl: https://pool.example.org/\nperPage: 3\nsections:\n  - slug: news\n    title: News\n',
  };
  for (let i = 1; i <= 6; i++) {
    files[`content/media/photo-${i}.png`] = await picture(320, 200, 'png', i * 40);
    const day = String(i).padStart(2, '0');
    files[`content/articles/story-${i}.md`] = [
      '---',
      `title: Story number ${i}`,
      `date: 2023-05-${day}`,
      'section: news',
      `tags: [Tag ${i % 3}, Common]`,
      `image: { src: /media/photo-${i}.png, alt: Photo ${i} }`,
      `quotes: [{ text: "Quote ${i} & more", by: Speaker ${i} }]`,
      '---',
      '',
      `Paragraph of story ${i}, with [a link](/about/).`,
      '',
      '::pullquote',
      '',
      `![Inline photo](/media/photo-${i}.png)`,
      '',
    ].join('\n');
  }
  files['content/pages/about.md'] = '---\ntitle: About\n---\n\nAbout us.\n';
  return makeSite(files);
}

/** A site with no image outside its bodies, so that its pages can be rendered while its bodies
 * are: tags shared across the archive (related articles and tag pages wait for bodies rendered
 * far apart), pagination, an alias, a standalone page, pull quotes and one body photo. */
function textSite(articles = 40): string {
  const files: Record<string, string | Buffer> = {
    'content/site.yaml':
      'title: Early Times\nurl: https://early.example.org/\nperPage: 4\nsections:\n  - slug: news\n    title: News\n  - slug: arts\n    title: Arts\n',
    'content/pages/about.md': '---\ntitle: About\n---\n\nAbout us, and [the first story](/2023/02/story-1/).\n',
    'content/media/photo.svg': readFileSync(join(FIXTURES, 'basic', 'content', 'media', 'summit.svg')),
  };
  for (let i = 1; i <= articles; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    files[`content/articles/story-${i}.md`] = [
      '---',
      `title: Story number ${i}`,
      `date: 2023-0${1 + (i % 5)}-${day}T0${i % 10}:00:00Z`,
      `section: ${i % 3 === 0 ? 'arts' : 'news'}`,
      `tags: [Tag ${i % 7}, Topic ${i % 4}]`,
      `quotes: [{ text: "Quote ${i} & more", by: Speaker ${i} }]`,
      ...(i === 5 ? ['aliases: [/old/story-5/]'] : []),
      '---',
      '',
      `Paragraph of story ${i}, ${'with more words '.repeat(i)}and [a link](/about/).`,
      '',
      '::pullquote',
      '',
      ...(i === 7 ? ['![A photo in the body](/media/photo.svg)', ''] : []),
    ].join('\n');
  }
  return makeSite(files);
}

describe('the worker pool', () => {
  it('builds the same bytes in-process and on 1, 2 and 4 threads', async () => {
    const sites = [copyFixture('basic'), copyFixture('reader-blocks'), await photoSite()];
    const references = await withPool(0, (pool) => Promise.all(sites.map((root) => buildWith(root, pool))));
    for (const reference of references) {
      expect(reference.errors).toEqual([]);
      expect(reference.files.size).toBeGreaterThan(10);
    }
    for (const threads of [1, 2, 4]) {
      // One pool for the three sites, as a dev session keeps one from build to build.
      await withPool(threads, async (pool) => {
        for (const [i, root] of sites.entries()) {
          const reference = references[i]!.files;
          const done = { ...pool.completed };
          const built = await buildWith(root, pool);
          // The threads did the work, not the in-process fallback: every templated page, and
          // bodies, images and feeds.
          expect(pool.completed.pages - done.pages).toBe(templatedPages(reference));
          expect(pool.completed.bodies - done.bodies).toBeGreaterThan(0);
          expect(pool.completed.images - done.images).toBeGreaterThan(0);
          expect(pool.completed.feeds - done.feeds).toBeGreaterThan(0);
          expect([...built.files.keys()].sort()).toEqual([...reference.keys()].sort());
          for (const [path, data] of reference) expect(bytes(built.files.get(path)!).equals(bytes(data)), path).toBe(true);
        }
      });
    }
  }, 120_000);

  it('finds the same broken links in pages scanned on the threads as in pages scanned in-process', async () => {
    // The invalid-links fixture, with a template that links nowhere: what the check finds in a
    // page's own markup, not only in bodies.
    const root = copyFixture('invalid-links');
    const layout = join(root, 'templates', 'layouts', 'base.liquid');
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('  </footer>', '  <a href="/no-such-page/">Gone</a></footer>'));
    const inProcess = await withPool(0, (pool) => buildWith(root, pool));
    expect(inProcess.errors.length).toBe(4);
    expect(inProcess.errors.join('\n')).toContain('templates/layouts/base.liquid');
    const onThreads = await withPool(2, async (pool) => {
      const built = await buildWith(root, pool);
      expect(pool.completed.pages).toBeGreaterThan(5);
      return built;
    });
    expect(onThreads.errors).toEqual(inProcess.errors);
  });

  it('renders pages while their bodies are rendered on the threads, with the bytes of a build that waits', async () => {
    const root = textSite();
    const build = async (pool: WorkerPool) => {
      const writer = new MemoryWriter();
      const result = await buildSite({ root, writer, now: NOW, cacheDir: false, pool });
      return { files: writer.files, stats: result.stats };
    };
    const reference = await withPool(0, build);
    expect(reference.stats.outputsEarly).toBe(0);
    for (const pages of [false, true]) {
      const pool = new WorkerPool({ threads: 2, eager: true, pages });
      try {
        const built = await build(pool);
        // Outputs went early (at least those that use no body, ready before the threads start);
        // those using the body with a photo waited for the image stage.
        expect(built.stats.outputsEarly).toBeGreaterThan(5);
        expect(built.stats.outputsEarly).toBeLessThan(built.stats.outputs - 3);
        expect([...built.files.keys()].sort()).toEqual([...reference.files.keys()].sort());
        for (const [path, data] of reference.files) expect(bytes(built.files.get(path)!).equals(bytes(data)), path).toBe(true);
      } finally {
        await pool.destroy();
      }
    }
  }, 60_000);

  it('keeps the pages and feeds of a small site on the main thread when the pool is told to, with the same bytes', async () => {
    const root = copyFixture('basic');
    const reference = await withPool(0, (pool) => buildWith(root, pool));
    const pool = new WorkerPool({ threads: 2, eager: true, pages: false });
    try {
      const built = await buildWith(root, pool);
      expect(pool.completed.bodies).toBeGreaterThan(0);
      expect(pool.completed.pages + pool.completed.feeds).toBe(0);
      expect([...built.files.keys()].sort()).toEqual([...reference.files.keys()].sort());
      for (const [path, data] of reference.files) expect(bytes(built.files.get(path)!).equals(bytes(data)), path).toBe(true);
    } finally {
      await pool.destroy();
    }
  }, 60_000);

  it('on two cores, sends pages to the threads in a build that gives them no bodies, once there are enough, and once their bodies are done', async () => {
    const root = textSite(80);
    const reference = await withPool(0, (pool) => buildWith(root, pool));
    expect(templatedPages(reference.files)).toBeGreaterThan(150);
    // As on two cores: pages are not the threads' by default, and nothing is forced on them.
    const pool = new WorkerPool({ threads: 2, pages: false });
    try {
      const built = await buildWith(root, pool);
      // Too few bodies to start threads for; the pages, once past a hundred, went to them.
      expect(pool.completed.bodies).toBe(0);
      expect(pool.completed.pages).toBeGreaterThan(0);
      expect(pool.completed.pages).toBeLessThan(templatedPages(reference.files));
      expect([...built.files.keys()].sort()).toEqual([...reference.files.keys()].sort());
      for (const [path, data] of reference.files) expect(bytes(built.files.get(path)!).equals(bytes(data)), path).toBe(true);
    } finally {
      await pool.destroy();
    }
    // A build whose bodies the threads render renders pages here while they do, and sends the
    // rest to them once the last body is done (before, one core sat idle through those).
    const busy = new WorkerPool({ threads: 2, eager: true, pages: false });
    try {
      const built = await buildWith(root, busy);
      expect(busy.completed.bodies).toBeGreaterThan(0);
      expect(busy.completed.pages + busy.completed.feeds).toBeGreaterThan(0);
      expect(busy.completed.pages).toBeLessThan(templatedPages(reference.files));
      for (const [path, data] of reference.files) expect(bytes(built.files.get(path)!).equals(bytes(data)), path).toBe(true);
    } finally {
      await busy.destroy();
    }
  }, 60_000);

  it('reports a template error found on a thread as it is reported in-process, once', async () => {
    const root = copyFixture('basic');
    const template = (name: string) => join(root, 'templates', `${name}.liquid`);
    // Every article page fails at the same place; one partial fails on every page that has it.
    writeFileSync(template('article'), `${readFileSync(template('article'), 'utf8')}{{ article.no_such_field }}\n`);
    writeFileSync(template('partials/pullquote'), '<aside>{% if %}</aside>\n');
    writeFileSync(template('404'), "{%- layout 'base' -%}\n{%- block content %}\n<p>{{ site.titel }}</p>\n{%- endblock %}\n");
    const inProcess = await withPool(0, (pool) => buildWith(root, pool));
    const line = readFileSync(template('article'), 'utf8').split('\n').length - 1;
    expect(inProcess.errors).toEqual([
      'templates/404.liquid:3:7: error: unknown variable: site.titel (check the spelling; templates/README.md lists what each template sees) [template]',
      `templates/article.liquid:${line}:4: error: unknown variable: article.no_such_field (check the spelling; templates/README.md lists what each template sees) [template]`,
      'templates/partials/pullquote.liquid:1:13: error: invalid value expression: "" [template]',
    ]);
    for (const threads of [1, 2]) {
      await withPool(threads, async (pool) => {
        expect(await buildWith(root, pool)).toEqual(inProcess);
        expect(pool.completed.pages).toBeGreaterThan(0);
      });
    }
  }, 60_000);

  it('a dev session keeps one pool across rebuilds, and its threads see an edited template', async () => {
    const root = copyFixture('basic');
    const session = new DevSession({ root, workers: 2, eagerWorkers: true, now: () => NOW });
    try {
      const first = await session.rebuild();
      expect(first.kind).toBe('built');
      const page = () => String(session.site.get('2023/04/trade-grows/index.html'));
      expect(page()).not.toContain('Edited in the preview');
      const rendered = session.pool.completed.pages;
      expect(rendered).toBeGreaterThan(0);

      const article = join(root, 'templates', 'article.liquid');
      writeFileSync(article, readFileSync(article, 'utf8').replace('</article>', '<p>Edited in the preview</p></article>'));
      expect((await session.rebuild()).kind).toBe('built');
      expect(page()).toContain('Edited in the preview');
      // The same threads did the second build's pages: started once, more tasks done.
      expect(session.pool.starts).toBe(1);
      expect(session.pool.completed.pages).toBeGreaterThan(rendered);
    } finally {
      await session.close();
    }
    expect(session.pool.running).toBe(false);
  }, 60_000);
});
