// Search (`search: true` in site.yaml): the Pagefind index of the article pages, the search page,
// the reserved paths, and the index kept whole by a rebuild that changes no article. The index
// is read back as Pagefind wrote it (its page fragments are gzip'd JSON); a real browser
// searching it is in browser.test.ts.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { DiskWriter } from '../src/output/writer.ts';
import { buildErrors, buildInMemory, copyFixture, NOW } from './helpers.ts';

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
  function snapshot(dir: string): Map<string, string> {
    return new Map(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const path = join(entry.parentPath, entry.name);
          const stat = statSync(path);
          return [relative(dir, path), `${stat.ino}:${stat.mtimeMs}`];
        }),
    );
  }

  it('keep the index when no article changed, and index again when one did, as a build from scratch would', async () => {
    const root = searchFixture();
    const work = mkdtempSync(join(tmpdir(), 'masthead-search-'));
    roots.push(work);
    const out = join(work, 'public');
    const cacheDir = join(work, 'cache');
    const diskBuild = async () => {
      const phases = new Set<string>();
      const writer = await DiskWriter.open(out, join(cacheDir, 'manifest.json'));
      const { stats } = await build({ root, writer, now: NOW, cacheDir, onProgress: (phase) => phases.add(phase) });
      const files = snapshot(out);
      // The summary's count is every file of the site, the index's included.
      expect(stats.outputs).toBe(files.size);
      expect(stats.written + stats.unchanged).toBe(files.size);
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
  });
});
