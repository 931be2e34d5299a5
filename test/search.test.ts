// Search (`search: true` in site.yaml): the Pagefind index of the article pages, the search page,
// the reserved paths, and the index kept whole by a rebuild that changes no article. The index
// is read back as Pagefind wrote it (its page fragments are gzip'd JSON); a real browser
// searching it is in browser.test.ts.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { build } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { DevSession } from '../src/dev/session.ts';
import { MemoryWriter, CheckWriter } from '../src/output/memory-writer.ts';
import { DiskWriter } from '../src/output/writer.ts';
import { TemplateEngine } from '../src/render/engine.ts';
import { buildErrors, buildInMemory, copyFixture, fileStates, NOW } from './helpers.ts';

/** The articles the basic fixture publishes at NOW (not the draft, not the scheduled one). */
const PUBLISHED = ['/2023/03/old-news/', '/2023/04/trade-grows/', '/2023/05/summit-in-moscow/'];

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function searchFixture(): string {
  const root = copyFixture('basic');
  roots.push(root);
  appendFileSync(join(root, 'content', 'site.yaml'), 'search: true\n');
  return root;
}

interface IndexedPage {
  url: string;
  content: string;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
}

/** The pages in a Pagefind index: each fragment file is "pagefind_dcd" + JSON, gzip'd. */
function indexedPages(files: Map<string, string | Uint8Array>): IndexedPage[] {
  return [...files.entries()]
    .filter(([path]) => path.startsWith('pagefind/fragment/'))
    .map(
      ([, data]) =>
        JSON.parse(
          gunzipSync(data)
            .toString('utf8')
            .replace(/^pagefind_dcd/, ''),
        ) as IndexedPage,
    )
    .sort((a, b) => (a.url < b.url ? -1 : 1));
}

describe('with search: true', () => {
  it('indexes every published article, with its headline, dek, body and filters, and nothing else', async () => {
    const { writer } = await buildInMemory(searchFixture());
    for (const path of ['pagefind/pagefind.js', 'pagefind/pagefind-ui.js', 'pagefind/pagefind-ui.css', 'pagefind/pagefind-entry.json'])
      expect(writer.files.has(path), path).toBe(true);
    const entry = JSON.parse(writer.text('pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    expect(Object.keys(entry.languages)).toEqual(['en']);
    expect(entry.languages.en!.page_count).toBe(PUBLISHED.length);

    const pages = indexedPages(writer.files);
    expect(pages.map((p) => p.url)).toEqual(PUBLISHED);
    const summit = pages.find((p) => p.url === '/2023/05/summit-in-moscow/')!;
    expect(summit.meta.title).toBe('Leaders meet at a summit in Moscow');
    expect(summit.meta.date).toBe('25 May 2023');
    expect(summit.meta.image).toBe(''); // no relative image path, wrong on the search page
    expect(summit.content).toContain('The two leaders talked for three hours.'); // the dek
    expect(summit.content).toContain('The first paragraph of the summit story.'); // the body
    // Not the byline's dates, the reading time, the author notes or the related stories.
    expect(summit.content).not.toMatch(/min read|26 May 2023|Related coverage/);
    expect(summit.filters).toEqual({
      section: ['Politics'],
      tag: ['Armenia', 'Diplomacy', 'Russia'],
      author: ['Ani Sargsyan', 'Ben Okafor'],
    });
    // Drafts and scheduled articles stay out of the index as they stay out of the site.
    const everything = pages.map((p) => p.content).join('\n');
    expect(everything).not.toMatch(/draft|scheduled/i);
  });

  it('writes a search page that only it loads search code on, and links it from every page header', async () => {
    const { writer } = await buildInMemory(searchFixture());
    const search = writer.text('search/index.html');
    expect(search).toMatch(/<form class="search-page__form" role="search" method="get" action="\.\/">/);
    expect(search).toContain('<input id="search-query" type="search" name="q">');
    expect(search).toContain('<script src="../pagefind/pagefind-ui.js"></script>');
    expect(search).toContain('<link rel="stylesheet" href="../pagefind/pagefind-ui.css">');
    expect(search).toContain('<meta name="robots" content="noindex">');
    expect(writer.text('sitemap.xml')).not.toContain('/search/');

    const html = [...writer.files.keys()].filter((path) => path.endsWith('.html') && !path.startsWith('old/'));
    for (const path of html) {
      const text = writer.text(path);
      const link = /<p class="masthead__tools"><a href="([^"]+)"[^>]*>Search<\/a>/.exec(text);
      const page = `/${path.replace(/index\.html$/, '')}`;
      expect(link && new URL(link[1]!, `http://site${page}`).pathname, path).toBe('/search/');
      if (path !== 'search/index.html') expect(text, path).not.toMatch(/<script[^>]*src=|pagefind\.js|pagefind-ui/);
    }
  });
});

describe('builds at the same time in one process', () => {
  it('each get their whole index: one build finishing does not stop the indexing of another', async () => {
    const sites = [searchFixture(), searchFixture(), searchFixture()];
    const builds = await Promise.all(sites.map((root) => buildInMemory(root)));
    for (const { writer } of builds) expect(indexedPages(writer.files).map((p) => p.url)).toEqual(PUBLISHED);
  });
});

describe('with search off (the default)', () => {
  it('writes no index and no search page, and no page mentions Pagefind or links to /search/', async () => {
    const root = copyFixture('basic');
    roots.push(root);
    const { writer } = await buildInMemory(root);
    const paths = [...writer.files.keys()];
    expect(paths.filter((path) => path.startsWith('pagefind/') || path.startsWith('search/'))).toEqual([]);
    for (const path of paths.filter((p) => /\.(html|xml|json)$/.test(p))) {
      expect(writer.text(path), path).not.toMatch(/pagefind|search\//i);
    }
  });
});

describe('the paths search uses are reserved', () => {
  it('an article, a page or a section may not take /search/ or /pagefind/', async () => {
    const root = copyFixture('basic');
    roots.push(root);
    const article = join(root, 'content', 'articles', '2023', '2023-04-10-trade-grows.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('---\ntitle:', '---\naliases: [/pagefind/trade/]\ntitle:'));
    writeFileSync(join(root, 'content', 'pages', 'finder.md'), '---\ntitle: Finder\nslug: search\n---\n\nText.\n');
    appendFileSync(join(root, 'content', 'site.yaml'), '  - slug: search\n    title: Search\n');
    const errors = await buildErrors(root);
    expect(errors).toContainEqual(
      expect.stringMatching(/^content\/site\.yaml:\d+:\d+: error: section "search" would take over \/search\//),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^content\/articles\/2023\/2023-04-10-trade-grows\.md:2:\d+: error: this article's alias \/pagefind\/trade\/ is taken/,
      ),
    );
    expect(errors).toContainEqual(expect.stringMatching(/^content\/pages\/finder\.md:3:7: error: this page's URL \/search\/ is taken/));
  });
});

describe('rebuilds', () => {
  /** Every file under `dir` with its inode and modification time. */
  const snapshot = (dir: string) => fileStates(dir, (stat) => `${stat.ino}:${stat.mtimeMs}`);

  it('keep the index when no article changed, and index again when one did, as a build from scratch would', async () => {
    const root = searchFixture();
    const work = mkdtempSync(join(tmpdir(), 'masthead-search-'));
    roots.push(work);
    const out = join(work, 'public');
    const cacheDir = join(work, 'cache');
    const articlePages = /^\d{4}\/\d\d\/[^/]+\/index\.html$/;
    // Every article page rendered, for the index or not (the engine is asked for the "article"
    // template), and every one handed to the writer, rendered for the site.
    const renders = vi.spyOn(TemplateEngine.prototype, 'render');
    const writes = vi.spyOn(DiskWriter.prototype, 'write');
    const diskBuild = async () => {
      const phases = new Set<string>();
      renders.mockClear();
      writes.mockClear();
      const writer = await DiskWriter.open(out, join(cacheDir, 'manifest.json'));
      const { stats } = await build({ root, writer, now: NOW, cacheDir, onProgress: (phase) => phases.add(phase) });
      const files = snapshot(out);
      // The summary's count is every file of the site, the index's included.
      expect(stats.outputs).toBe(files.size);
      expect(stats.written + stats.unchanged).toBe(files.size);
      // No article page is rendered but those the site needed anew: the index reads the others' stored HTML.
      const rendered = writes.mock.calls.filter(([path]) => articlePages.test(path));
      expect(renders.mock.calls.filter(([template]) => template === 'article').length).toBe(rendered.length);
      // The store holds the HTML of each article page once.
      expect(readdirSync(join(cacheDir, 'search', 'pages')).length).toBe(PUBLISHED.length);
      return { indexed: phases.has('search'), files };
    };
    const indexFiles = (files: Map<string, string>) => [...files].filter(([path]) => path.startsWith('pagefind/'));

    const first = await diskBuild();
    expect(first.indexed).toBe(true);
    expect(indexFiles(first.files).length).toBeGreaterThan(5);

    // Nothing changed: nothing is indexed, every index file is the same file as before.
    const again = await diskBuild();
    expect(again.indexed).toBe(false);
    expect(indexFiles(again.files)).toEqual(indexFiles(first.files));

    // A standalone page is not searched: its page is rewritten, the index is not touched.
    appendFileSync(join(root, 'content', 'pages', 'about.md'), '\nA new paragraph about us.\n');
    const second = await diskBuild();
    expect(second.indexed).toBe(false);
    expect(indexFiles(second.files)).toEqual(indexFiles(first.files));
    expect(second.files.get('about/index.html')).not.toBe(first.files.get('about/index.html'));

    // An article's body is: the index is made again and finds the new word.
    const article = join(root, 'content', 'articles', '2023', '2023-03-01-old-news.md');
    appendFileSync(article, '\nA quokka was seen in the harbour.\n');
    const third = await diskBuild();
    expect(third.indexed).toBe(true);
    const onDisk = new Map(indexFiles(third.files).map(([path]) => [path, readFileSync(join(out, path))] as const));
    expect(indexedPages(onDisk).find((p) => p.url === '/2023/03/old-news/')!.content).toContain('quokka');

    // Byte for byte what a build from scratch writes.
    const scratch = new MemoryWriter();
    await build({ root, writer: scratch, now: NOW, cacheDir: false });
    const fresh = [...scratch.files].filter(([path]) => path.startsWith('pagefind/'));
    expect(fresh.map(([path]) => path).sort()).toEqual([...onDisk.keys()].sort());
    for (const [path, data] of fresh) expect(Buffer.compare(Buffer.from(data), onDisk.get(path)!), path).toBe(0);
    renders.mockRestore();
    writes.mockRestore();
  });

  it('index a page again, rendering it, when the store lost its HTML', async () => {
    const root = searchFixture();
    const work = mkdtempSync(join(tmpdir(), 'masthead-search-'));
    roots.push(work);
    const cacheDir = join(work, 'cache');
    const out = join(work, 'public');
    const diskBuild = async () => build({ root, writer: await DiskWriter.open(out, join(cacheDir, 'm.json')), now: NOW, cacheDir });
    await diskBuild();
    rmSync(join(cacheDir, 'search', 'pages'), { recursive: true });
    appendFileSync(join(root, 'content', 'articles', '2023', '2023-03-01-old-news.md'), '\nA quokka was seen in the harbour.\n');
    await diskBuild();
    const onDisk = new Map(
      readdirSync(join(out, 'pagefind'), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => [relative(out, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name))] as const),
    );
    expect(indexedPages(onDisk).map((p) => p.url)).toEqual(PUBLISHED);
  });
});

describe('in masthead dev', () => {
  const ARTICLE = join('content', 'articles', '2023', '2023-03-01-old-news.md');
  /** The index files of a build from scratch of the site as dev shows it (drafts and scheduled articles included). */
  async function freshIndex(root: string): Promise<Map<string, Buffer>> {
    const writer = new MemoryWriter();
    await build({ root, writer, now: NOW, include: { drafts: true, future: true }, cacheDir: false });
    return new Map([...writer.files].filter(([path]) => path.startsWith('pagefind/')).map(([path, data]) => [path, Buffer.from(data)]));
  }
  function liveIndex(session: DevSession): Map<string, Buffer> {
    const paths = session.site.paths().filter((path) => path.startsWith('pagefind/'));
    return new Map(paths.map((path) => [path, Buffer.from(session.site.get(path)!)]));
  }
  const contentOf = (files: Map<string, Buffer>, url: string) => indexedPages(files).find((p) => p.url === url)?.content ?? '';

  it('serves an edited article before its index is made, then puts in an index equal to a fresh build’s', async () => {
    const root = searchFixture();
    const problems: string[] = [];
    const session = new DevSession({ root, now: () => NOW, workers: 1, onSearchProblems: (reasons) => problems.push(...reasons) });
    expect((await session.rebuild()).kind).toBe('built');
    // The first build serves a complete site, its index included.
    expect(contentOf(liveIndex(session), '/2023/03/old-news/')).not.toContain('quokka');

    appendFileSync(join(root, ARTICLE), '\nA quokka was seen in the harbour.\n');
    expect((await session.rebuild()).kind).toBe('built');
    const indexing = session.search.settled();
    // The page is new at once; the index is still the previous one.
    expect(Buffer.from(session.site.get('2023/03/old-news/index.html')!).toString()).toContain('quokka');
    expect(contentOf(liveIndex(session), '/2023/03/old-news/')).not.toContain('quokka');
    expect(session.site.has('search/index.html') && session.site.has('pagefind/pagefind-ui.js')).toBe(true);

    expect(await indexing).toBe('made');
    const live = liveIndex(session);
    expect(contentOf(live, '/2023/03/old-news/')).toContain('quokka');
    expect(live).toEqual(await freshIndex(root));
    expect(problems).toEqual([]);
  });

  it('drops an index still being made when a newer save comes, and keeps serving the previous one meanwhile', async () => {
    const root = searchFixture();
    const session = new DevSession({ root, now: () => NOW, workers: 1 });
    await session.rebuild();
    appendFileSync(join(root, ARTICLE), '\nA quokka was seen in the harbour.\n');
    await session.rebuild();
    const first = session.search.settled();
    appendFileSync(join(root, ARTICLE), '\nA wombat followed it.\n');
    await session.rebuild();
    const second = session.search.settled();
    expect(await first).toBe('superseded');
    expect(contentOf(liveIndex(session), '/2023/03/old-news/')).not.toMatch(/quokka|wombat/);
    expect(await second).toBe('made');
    expect(contentOf(liveIndex(session), '/2023/03/old-news/')).toMatch(/quokka[^]*wombat/);
    expect(liveIndex(session)).toEqual(await freshIndex(root));
    // A save that changes nothing searched keeps the index as it is.
    appendFileSync(join(root, 'content', 'pages', 'about.md'), '\nMore about us.\n');
    const before = liveIndex(session);
    await session.rebuild();
    expect(await session.search.settled()).toBe('made'); // still the last one started
    expect(liveIndex(session)).toEqual(before);
  });
  it('drops an index still being made once an edit is undone, keeping the index that is right again', async () => {
    const root = searchFixture();
    const session = new DevSession({ root, now: () => NOW, workers: 1 });
    await session.rebuild();
    const original = readFileSync(join(root, ARTICLE), 'utf8');
    const before = liveIndex(session);
    appendFileSync(join(root, ARTICLE), '\nA quokka was seen in the harbour.\n');
    await session.rebuild();
    const edited = session.search.settled();
    writeFileSync(join(root, ARTICLE), original);
    await session.rebuild();
    expect(await edited).toBe('superseded');
    expect(liveIndex(session)).toEqual(before);
    expect(before).toEqual(await freshIndex(root));
  });
});

describe('masthead check (searchIndex: skip)', () => {
  it('makes no index, yet its link check knows the files every index has', async () => {
    const root = searchFixture();
    const cacheDir = mkdtempSync(join(tmpdir(), 'masthead-search-cache-'));
    roots.push(cacheDir);
    const phases = new Set<string>();
    const check = () =>
      build({ root, writer: new CheckWriter(), now: NOW, cacheDir, searchIndex: 'skip', onProgress: (phase) => phases.add(phase) });
    await check();
    expect(phases.has('search')).toBe(false);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('search'))).toEqual([]);

    // A link to a file no index has is an error, as a build would report it.
    const template = join(root, 'templates', 'search.liquid');
    writeFileSync(template, readFileSync(template, 'utf8').replace("'/pagefind/pagefind-ui.js'", "'/pagefind/pagefind-iu.js'"));
    const errors = await check().then(
      () => [],
      (error: unknown) => (error instanceof ContentError ? error.diagnostics.messages().map(formatMessage) : Promise.reject(error)),
    );
    expect(errors).toEqual([expect.stringMatching(/^templates\/search\.liquid:\d+:\d+: error: .*pagefind-iu\.js/)]);
    expect(await buildErrors(root)).toEqual(errors);
  });
});
