// A build keeps something of every article to its end (the plan, the records, the views lists
// reuse, what the link check needs); that must stay small, never the article's page, its
// frontmatter's text or a closure over its views. Measured through real builds of two sizes of
// one generated site, in a child process that can force garbage collection: the heap in use in
// the middle of rendering, per article added.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSite, REPO } from './helpers.ts';

const src = (path: string) => pathToFileURL(join(REPO, 'src', path)).href;

/** A site of `count` articles with three tags, an author, a section and a pull quote each;
 * `comment` more bytes of YAML comment in each one's frontmatter. */
function archive(count: number, comment = 0): string {
  const files: Record<string, string> = {
    'content/site.yaml': [
      'title: The Ledger',
      'url: https://ledger.example.org/',
      'description: A generated archive.',
      'language: en',
      'timezone: UTC',
      'sections:',
      '  - { slug: world, title: World }',
      '  - { slug: economy, title: Economy }',
      '',
    ].join('\n'),
    'content/authors.yaml': 'ana:\n  name: Ana Diaz\nbo:\n  name: Bo Lind\n',
  };
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2020, 0, 1, 8) + i * 7 * 3_600_000).toISOString();
    files[`content/articles/story-${i}.md`] = [
      '---',
      ...(comment > 0 ? [`# ${'notes from the desk '.repeat(Math.ceil(comment / 21)).slice(0, comment)}`] : []),
      `title: Story number ${i} about the harbour`,
      `date: ${date}`,
      `author: ${i % 2 ? 'ana' : 'bo'}`,
      `section: ${i % 3 ? 'world' : 'economy'}`,
      `tags: [harbour, tag ${i % 40}, topic ${i % 7}]`,
      `summary: What happened at the harbour on day ${i}, and why it matters.`,
      'quotes:',
      `  - { text: "A quote from story ${i}", by: Speaker ${i % 9} }`,
      '---',
      '',
      `The first paragraph of story ${i}, with [a link](/world/) and some words.`,
      '',
      '::pullquote{n=1}',
      '',
      'A second paragraph.',
      '',
    ].join('\n');
  }
  return makeSite(files);
}

/** The most heap in use, after a full collection, at any progress report of the render stage. */
function heapWhileRendering(root: string): number {
  const script = `
import { DateTime } from 'luxon';
import { build } from ${JSON.stringify(src('build.ts'))};
import { DiskWriter } from ${JSON.stringify(src('output/writer.ts'))};
let most = 0;
const writer = await DiskWriter.open(${JSON.stringify(join(root, 'public'))});
await build({
  root: ${JSON.stringify(root)},
  writer,
  now: DateTime.fromISO('2024-01-01T00:00:00Z'),
  cacheDir: false,
  workers: 0,
  onProgress: (phase) => {
    if (phase !== 'render') return;
    gc();
    most = Math.max(most, process.memoryUsage().heapUsed);
  },
});
console.log(most);
`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return Number(out.trim());
}

/** Runs `script` (an ES module that prints one number) in a child process that can force garbage
 * collection, and returns the number. */
function measure(script: string): number {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return Number(out.trim());
}

/** The heap the validated records of `root` hold once loaded, after a full collection. */
function heapOfRecords(root: string): number {
  return measure(`
import { join } from 'node:path';
import { loadConfig } from ${JSON.stringify(src('config.ts'))};
import { loadContent } from ${JSON.stringify(src('content/sources.ts'))};
import { Diagnostics } from ${JSON.stringify(src('diagnostics.ts'))};
const root = ${JSON.stringify(root)};
const diagnostics = new Diagnostics();
const config = await loadConfig(root, diagnostics, {});
gc();
const before = process.memoryUsage().heapUsed;
const content = await loadContent(root, config, null, { cacheDir: join(root, 'cache') }, diagnostics);
gc();
console.log(process.memoryUsage().heapUsed - before + 0 * content.articles.length);
`);
}

/** The heap a disk writer holds after writing \`count\` pages, each in a folder of its own (as
 * an archive's articles are), before it commits. */
function heapOfWriter(count: number): number {
  const out = join(mkdtempSync(join(tmpdir(), 'masthead-writer-memory-')), 'public');
  return measure(`
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DiskWriter } from ${JSON.stringify(src('output/writer.ts'))};
const writer = await DiskWriter.open(${JSON.stringify(out)});
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < ${count}; i++) await writer.write(\`2020/01/story-\${String(i).padStart(6, '0')}/index.html\`, \`<p>\${i}</p>\`);
gc();
const held = process.memoryUsage().heapUsed - before;
await writer.abort();
rmSync(dirname(${JSON.stringify(out)}), { recursive: true, force: true });
console.log(held);
`);
}

/** The share of `root`'s article records that have the same hidden class as the record before
 * them: read from their files, and read back from the records a build kept in its cache. */
function sharedShapes(root: string): { fresh: number; restored: number } {
  const script = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { build } from ${JSON.stringify(src('build.ts'))};
import { loadConfig } from ${JSON.stringify(src('config.ts'))};
import { loadContent } from ${JSON.stringify(src('content/sources.ts'))};
import { Diagnostics } from ${JSON.stringify(src('diagnostics.ts'))};
import { readRecords } from ${JSON.stringify(src('incremental/record-cache.ts'))};
import { MemoryWriter } from ${JSON.stringify(src('output/memory-writer.ts'))};
const root = ${JSON.stringify(root)};
const cacheDir = join(root, 'cache');
const diagnostics = new Diagnostics();
const config = await loadConfig(root, diagnostics, {});
const fresh = (await loadContent(root, config, null, { cacheDir }, diagnostics)).articles;
await build({ root, writer: new MemoryWriter(), now: DateTime.fromISO('2024-01-01T00:00:00Z'), cacheDir, workers: 0 });
const dir = join(cacheDir, 'records');
const engine = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((name) => name.endsWith('.json'))), 'utf8')).engine;
const restored = readRecords(dir, engine, root).map((record) => record.read.body.owner).filter((owner) => owner.kind === 'article');
const shared = (records) => records.filter((record, i) => i > 0 && %HaveSameMap(records[i - 1], record)).length / (records.length - 1);
console.log(JSON.stringify({ fresh: shared(fresh), restored: shared(restored), count: restored.length }));
`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return JSON.parse(out) as { fresh: number; restored: number };
}

describe('what a build keeps of each article', () => {
  it('stays a few kilobytes an article through the render stage', { timeout: 240_000 }, () => {
    const small = heapWhileRendering(archive(250));
    const large = heapWhileRendering(archive(1000));
    const perArticle = (large - small) / 750;
    // About 9.0-9.6 KB here (the largest heap of the stage depends on which pages are in flight
    // when it is measured: half a kilobyte an article between runs), most of it the records and
    // what the writer and the link check keep of each page. Closures over each article's meta
    // and views in the plan, a luxon Locale (with its caches) for every date and the
    // frontmatter's text kept to locate fields made 13.1 KB.
    expect(perArticle).toBeLessThan(10_000);
  });

  // About 2.1 KB here: 2.3 while every record's file had its vfile (made now with the file's
  // first message), 2.45 while each value kept its frontmatter's text. Two things made 3.3 KB:
  // each record had a hidden class of its own (spread from zod's output, about 400 bytes), and
  // its locator kept the file's absolute path, which path.join builds as a tree of concatenated
  // strings (about 450 bytes), where the site root (shared) and the record's own site-relative
  // path do.
  it('a record holds under 2.25 KB once loaded', { timeout: 120_000 }, () => {
    const small = heapOfRecords(archive(500));
    const large = heapOfRecords(archive(2500));
    const perArticle = (large - small) / 2000;
    expect(perArticle).toBeLessThan(2_250);
  });

  // A YAML parser cuts each value out of the frontmatter's text, and V8 makes such a cut a view
  // of the whole text: the record's title kept all of it. What the frontmatter says besides its
  // values (here 2 KB of comment an article) must not stay in memory.
  it("a record keeps none of its frontmatter's text beyond the values", { timeout: 120_000 }, () => {
    const plain = heapOfRecords(archive(2000));
    const commented = heapOfRecords(archive(2000, 2048));
    expect((commented - plain) / 2000).toBeLessThan(200);
  });

  // V8 gives objects of the same fields, added in the same order, one hidden class; records made
  // by spreading zod's output (or, read back, a parsed record) got one each, about 490 bytes an
  // article. Nearly all must share (a class can be replaced once as a field's type widens).
  it('every article record shares one hidden class, read from its file or from the cache', { timeout: 120_000 }, () => {
    const { fresh, restored } = sharedShapes(archive(300));
    expect(fresh).toBeGreaterThan(0.95);
    expect(restored).toBeGreaterThan(0.95);
  });

  // The writer keeps, for each file, its manifest entry and that it is new; it made each folder
  // once through a pending mkdir kept by the folder's absolute staging path, and every article
  // has a folder: about 300 bytes an article more, to the end of the build.
  it('the disk writer holds under 540 bytes a page until it commits', { timeout: 120_000 }, () => {
    const perPage = (heapOfWriter(6000) - heapOfWriter(1000)) / 5000;
    expect(perPage).toBeLessThan(540);
  });
});
