// Incremental builds: the body cache, the output manifest and the disk writer's hard links must
// never change what a build produces. Every test compares an incremental or cached build with a
// from-scratch build (no cache, in memory) of the same content, byte for byte, and checks that
// files whose bytes did not change were kept from the previous site (same inode, same mtime).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { build, defaultCacheDir, type BuildResult } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { DiskWriter } from '../src/output/writer.ts';
import { DevSession } from '../src/dev/session.ts';
import { watchSources } from '../src/dev/watch.ts';
import type { Inclusion } from '../src/site/schedule.ts';
import { makeSite, NOW, runCli } from './helpers.ts';

const NOW_ARG = NOW.toUTC().toISO()!;
/** What every CLI build of generateSite() says after its summary: its one scheduled story. */
const SCHEDULE_LINES = [
  'left out: 1 scheduled article (--future shows it)',
  "next scheduled: 'A scheduled story' at 2023-07-02 10:00 +02:00",
];
const afterSummary = (stdout: string) => stdout.trimEnd().split('\n').slice(1);

// ---------------------------------------------------------------------------------------------
// A generated site: `count` articles with varied sections, tags, authors, one pull quote each,
// tables, images, an embed and an alias; one standalone page; two media files, an SVG and a
// JPEG photo (a hero of some articles, in the body of one).

/** A photo of one colour: small, yet it goes through every step a real one does. */
const photo = (colour: string) =>
  sharp({ create: { width: 700, height: 400, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
const PHOTO = await photo('#336699');

const SECTIONS = ['politics', 'economy', 'society', 'culture'];
const TAGS = [
  'Armenia',
  'Georgia',
  'Azerbaijan',
  'Energy',
  'Trade',
  'Elections',
  'Media',
  'Migration',
  'Climate',
  'Courts',
  'Health',
  'Schools',
];
const AUTHORS = ['ani', 'ben', 'chloe', 'davit', 'elif'];
const WORDS = ['Quiet', 'Bold', 'Late', 'Early', 'Hidden', 'Open', 'Long', 'Short', 'Northern', 'Southern'];
const NOUNS = ['talks', 'budget', 'harvest', 'pipeline', 'verdict', 'strike', 'festival', 'census', 'bridge', 'vote'];

interface GeneratedSite {
  files: Record<string, string | Buffer>;
  /** Source path of article i (relative to the root). */
  paths: string[];
  /** URL of article i, e.g. "/2023/06/story-3/". */
  urls: string[];
  /** Number of bodies the markdown stage renders: articles plus standalone pages. */
  bodies: number;
}

function generateSite(count: number, options: { perPage: number; feedItems: number }): GeneratedSite {
  const files: Record<string, string | Buffer> = {};
  const paths: string[] = [];
  const urls: string[] = [];
  files['content/site.yaml'] = [
    'title: The Incremental Times',
    'url: https://incremental.example.org/',
    'description: A generated newspaper for testing incremental builds.',
    'language: en-GB',
    'timezone: Europe/Berlin',
    `perPage: ${options.perPage}`,
    'feed:',
    `  items: ${options.feedItems}`,
    'embeds:',
    '  - www.youtube-nocookie.com',
    'sections:',
    ...SECTIONS.flatMap((slug) => [
      `  - slug: ${slug}`,
      `    title: ${slug[0]!.toUpperCase()}${slug.slice(1)}`,
      `    description: All about ${slug}.`,
    ]),
    '  - slug: science',
    '    title: Science',
    '',
  ].join('\n');
  files['content/authors.yaml'] = [
    'ani:',
    '  name: Ani Sargsyan',
    '  role: Political editor',
    '  bio: Ani covers parliament and the courts.',
    '  links:',
    '    - label: Website',
    '      url: https://ani.example.org/',
    'ben:',
    '  name: Ben Okafor',
    '  role: Economics reporter',
    '  bio: Ben writes about trade and energy.',
    'chloe:',
    '  name: Chloé Martin',
    'davit:',
    '  name: Davit Grigoryan',
    '  bio: Davit reports from the regions.',
    'elif:',
    '  name: Elif Demir',
    '  role: Culture writer',
    '',
  ].join('\n');
  files['content/pages/about.md'] = '---\ntitle: About us\nsummary: Who we are.\n---\n\nWe are a generated newspaper.\n';
  files['content/media/photo.jpg'] = PHOTO;
  files['content/media/pic.svg'] =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#369"/></svg>\n';

  const newest = Date.parse('2023-06-30T20:00:00Z');
  for (let i = 0; i < count; i++) {
    // Newest first: i = 0 is the newest story; the first three are inside the news sitemap's 48 hours.
    const date = new Date(newest - i * 17 * 3600_000 - (i % 5) * 60_000);
    const iso = date.toISOString().slice(0, 16);
    const day = iso.slice(0, 10);
    const slug = `story-${i}`;
    const path = `content/articles/${day.slice(0, 4)}/${day}-${slug}.md`;
    // The site's timezone is Europe/Berlin (UTC+2 in summer): the URL's month is the local one.
    const local = new Date(date.getTime() + 2 * 3600_000).toISOString();
    urls.push(`/${local.slice(0, 4)}/${local.slice(5, 7)}/${slug}/`);
    paths.push(path);
    const tags =
      i === 4 ? ['Solo', TAGS[i % TAGS.length]!] : [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!].slice(0, 1 + (i % 2));
    const authors = i % 3 === 0 ? [AUTHORS[i % AUTHORS.length]!, AUTHORS[(i + 2) % AUTHORS.length]!] : [AUTHORS[i % AUTHORS.length]!];
    const front = [
      '---',
      `title: '${WORDS[i % WORDS.length]} ${NOUNS[(i * 3) % NOUNS.length]} in story ${i}'`,
      `date: ${iso}Z`,
      ...(i % 4 === 1 ? [`updated: ${new Date(date.getTime() + 3600_000).toISOString().slice(0, 16)}Z`] : []),
      `author: [${authors.join(', ')}]`,
      `summary: 'The standfirst of story ${i}.'`,
      ...(i % 7 === 6 ? [] : [`section: ${SECTIONS[i % SECTIONS.length]}`]),
      `tags: [${tags.join(', ')}]`,
      ...(i % 6 === 0 ? ['image:', '  src: /media/pic.svg', `  alt: 'A blue box for story ${i}'`, `  caption: 'Caption ${i}.'`] : []),
      ...(i % 6 === 3 ? ['image:', '  src: /media/photo.jpg', `  alt: 'A photo for story ${i}'`] : []),
      'quotes:',
      `  - text: 'Quote number ${i} says something memorable.'`,
      `    by: 'Speaker ${i}'`,
      ...(i % 2 === 0 ? ["    role: 'Analyst'"] : []),
      ...(i === 5 ? ['aliases: [/old/story-5/]'] : []),
      ...(i % 9 === 2 ? ['corrections:', '  - date: 2023-06-30', `    text: 'An earlier version of story ${i} misspelt a name.'`] : []),
      '---',
      '',
    ];
    const body = [
      `The first paragraph of story ${i}: the council met on Tuesday to discuss the alpha plan and ${NOUNS[i % NOUNS.length]}.`,
      '',
      '## Background',
      '',
      `The second paragraph links to [the topic](/tags/${TAGS[i % TAGS.length]!.toLowerCase()}/) and has **bold** words.`,
      '',
      ...(i % 2 === 0 ? ['::pullquote{n=1}', ''] : []),
      ...(i % 5 === 0 ? ['| Item | Value |', '| ---- | ----: |', `| Votes | ${i * 11} |`, `| Seats | ${i % 13} |`, ''] : []),
      ...(i % 10 === 3 ? ['![A blue box](/media/pic.svg "A figure caption")', ''] : []),
      ...(i === 4 ? ['![A photo in the body](/media/photo.jpg)', ''] : []),
      ...(i === 7 ? ['<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A video"></iframe>', ''] : []),
      `The third paragraph of story ${i} ends the report${i % 3 === 0 ? ', with a footnote[^1]' : ''}.`,
      '',
      ...(i % 3 === 0 ? ['[^1]: The footnote.', ''] : []),
    ];
    files[path] = [...front, ...body].join('\n');
  }
  // Scheduled: dated after NOW, so not published until a later build.
  files['content/articles/2023/2023-07-02-scheduled.md'] = [
    '---',
    "title: 'A scheduled story'",
    'date: 2023-07-02T08:00Z',
    'author: ani',
    'section: politics',
    'tags: [Armenia]',
    '---',
    '',
    'Published once its time has come.',
    '',
  ].join('\n');
  // Every source's body goes through the markdown stage, published or not.
  return { files, paths, urls, bodies: count + 2 };
}

// ---------------------------------------------------------------------------------------------
// Building and looking at outputs.

function describeFailure(error: unknown): never {
  if (error instanceof ContentError) throw new Error(`build failed:\n${error.diagnostics.messages().map(formatMessage).join('\n')}`);
  throw error;
}

/** The manifest path the CLI uses for `out` in `cacheDir` (see src/commands/build.ts). */
function manifestPath(cacheDir: string, out: string): string {
  return join(cacheDir, 'outputs', `${createHash('sha256').update(resolve(out)).digest('hex').slice(0, 16)}.json`);
}

/** Builds `root` into the folder `out` with the disk writer, as the CLI does. */
async function diskBuild(
  root: string,
  out: string,
  options: { cacheDir?: string | false; workers?: number; now?: DateTime } = {},
): Promise<BuildResult> {
  const cacheDir = options.cacheDir ?? defaultCacheDir(root);
  const writer = await DiskWriter.open(out, cacheDir === false ? undefined : manifestPath(cacheDir, out));
  const now = options.now ?? NOW;
  const result = await build({ root, writer, now, cacheDir, workers: options.workers ?? 1 }).catch(describeFailure);
  expect(result.diagnostics.messages().map(formatMessage)).toEqual([]);
  return result;
}

/** A from-scratch build (no cache) in memory: path -> bytes. */
async function referenceBuild(root: string, now: DateTime = NOW, include?: Inclusion): Promise<Map<string, Buffer>> {
  const writer = new MemoryWriter();
  await build({ root, writer, now, cacheDir: false, workers: 1, include }).catch(describeFailure);
  return new Map([...writer.files.entries()].map(([path, data]) => [path, Buffer.from(data)]));
}

interface FileState {
  sha: string;
  ino: number;
  mtimeMs: number;
}

/** Every file under `dir`, by path relative to it (forward slashes). */
function snapshot(dir: string): Map<string, FileState> {
  const files = new Map<string, FileState>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const stats = statSync(absolute);
    files.set(relative(dir, absolute).split(sep).join('/'), {
      sha: sha256(readFileSync(absolute)),
      ino: stats.ino,
      mtimeMs: stats.mtimeMs,
    });
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const path of snapshot(dir).keys()) files.set(path, readFileSync(join(dir, path)));
  return files;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Paths whose bytes differ between two builds, or that only one of them has; sorted. */
function changedPaths(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

const hashes = (files: ReadonlyMap<string, Buffer>) => new Map([...files].map(([path, data]) => [path, sha256(data)]));
const shas = (files: ReadonlyMap<string, FileState>) => new Map([...files].map(([path, state]) => [path, state.sha]));

/** Asserts two trees hold the same paths with the same bytes, naming the first file that differs. */
function expectSameTree(actual: ReadonlyMap<string, Buffer>, expected: ReadonlyMap<string, Buffer>, label: string): void {
  expect([...actual.keys()].sort(), `${label}: file list`).toEqual([...expected.keys()].sort());
  const differing = [...expected].filter(([path, bytes]) => !actual.get(path)?.equals(bytes)).map(([path]) => path);
  expect(differing, `${label}: files whose bytes differ`).toEqual([]);
}

/** Asserts every file of `before` that `after` still has with the same bytes is the very same file. */
function expectKept(before: ReadonlyMap<string, FileState>, after: ReadonlyMap<string, FileState>, label: string): void {
  const touched = [...after]
    .filter(([path, state]) => {
      const old = before.get(path);
      return old !== undefined && old.sha === state.sha && (old.ino !== state.ino || old.mtimeMs !== state.mtimeMs);
    })
    .map(([path]) => path);
  expect(touched, `${label}: unchanged files that were written again (new inode or mtime)`).toEqual([]);
}

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `masthead-incremental-${name}-`));

/** Files in a folder's parent left by the writer (staging or retired sites). */
const leftovers = (out: string) => readdirSync(dirname(out)).filter((name) => name.startsWith('.masthead-'));

function edit(root: string, path: string, change: (text: string) => string): void {
  const file = join(root, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${path} changes it`).not.toBe(before);
  writeFileSync(file, after);
}

// ---------------------------------------------------------------------------------------------

describe('cache and workers never change the output', () => {
  it('builds ~250 articles byte-identically without cache (1 and 2 workers) and with a cold and a warm cache', async () => {
    const site = generateSite(250, { perPage: 10, feedItems: 20 });
    const root = makeSite(site.files);
    const outs = tempDir('four-ways');
    const cacheDir = join(tempDir('cache'), 'masthead');

    const plain = await diskBuild(root, join(outs, 'plain'), { cacheDir: false, workers: 1 });
    const pooled = await diskBuild(root, join(outs, 'pooled'), { cacheDir: false, workers: 2 });
    const cold = await diskBuild(root, join(outs, 'cold'), { cacheDir, workers: 2 });
    const warm = await diskBuild(root, join(outs, 'warm'), { cacheDir, workers: 2 });

    for (const result of [plain, pooled, cold]) {
      expect(result.stats.bodiesRendered).toBe(site.bodies);
      expect(result.stats.bodiesReused).toBe(0);
    }
    expect(warm.stats.bodiesReused).toBe(site.bodies);
    expect(warm.stats.bodiesRendered).toBe(0);
    // The cache held one file per body.
    const cached = readdirSync(join(cacheDir, 'bodies'), { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.json'));
    expect(cached).toHaveLength(site.bodies);

    const reference = readTree(join(outs, 'plain'));
    expect(reference.size).toBeGreaterThan(250 + 25);
    expect(reference.get(`${site.urls[0]!.slice(1)}index.html`)?.toString('utf8')).toContain('Quote number 0 says something memorable.');
    expect(reference.get(`${site.urls[5]!.slice(1)}index.html`)?.toString('utf8')).toContain('<table>');
    expect(reference.get(`${site.urls[7]!.slice(1)}index.html`)?.toString('utf8')).toContain('www.youtube-nocookie.com/embed/abc');
    for (const name of ['pooled', 'cold', 'warm']) expectSameTree(readTree(join(outs, name)), reference, name);
    // And the disk build is what an in-memory build of the same site gives.
    expectSameTree(reference, await referenceBuild(root), 'plain vs in-memory');
    // And across the process boundary: the CLI, with its worker pool, cold cache in ROOT/node_modules.
    const cli = await runCli(['build', '--root', root, '--out', join(outs, 'cli'), '--now', NOW_ARG, '--workers', '2']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^Built \d+ files \(\d+ written, 0 unchanged\) in \d+\.\d\d s\.\n/);
    expect(afterSummary(cli.stdout)).toEqual(SCHEDULE_LINES);
    expectSameTree(readTree(join(outs, 'cli')), reference, 'CLI');
    expect(readdirSync(outs).sort()).toEqual(['cli', 'cold', 'plain', 'pooled', 'warm']);
    // Five builds of 250 articles, four of them encoding the photo from nothing.
  }, 180_000);
});

describe('a rebuild with nothing changed', () => {
  it('writes nothing, keeps every file (inode and mtime) and leaves nothing beside the output', async () => {
    const site = generateSite(30, { perPage: 5, feedItems: 5 });
    const root = makeSite(site.files);
    const out = join(tempDir('no-change'), 'public');
    const first = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ARG, '--workers', '1']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const before = snapshot(out);

    const second = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ARG]);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Built \d+ files \(0 written, \d+ unchanged\) in \d+\.\d\d s; (\d+) of \1 articles from cache\.\n/);
    expect(afterSummary(second.stdout)).toEqual(SCHEDULE_LINES);
    expect(second.stdout).toContain(`; ${site.bodies} of ${site.bodies} articles from cache.`);

    const after = snapshot(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const touched = [...after].filter(([path, s]) => {
      const old = before.get(path)!;
      return old.ino !== s.ino || old.mtimeMs !== s.mtimeMs || old.sha !== s.sha;
    });
    expect(touched.map(([path]) => path)).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });

  it('reports counts that add up: written + unchanged = the files built', async () => {
    const site = generateSite(12, { perPage: 5, feedItems: 5 });
    const root = makeSite(site.files);
    const out = join(tempDir('counts'), 'public');
    const summary = /^Built (\d+) files \((\d+) written, (\d+) unchanged\)/;
    const first = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ARG, '--workers', '1']);
    const second = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ARG, '--workers', '1']);
    for (const run of [first, second]) {
      expect(run.code).toBe(0);
      const [, built, written, unchanged] = summary.exec(run.stdout)!.map(Number);
      expect(written! + unchanged!, run.stdout).toBe(built);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Exactly the dependent outputs change. For each edit: a fresh site is built (cold cache, which
// is then warm), edited and rebuilt into the same folder. The files that must change are found by
// diffing from-scratch builds of the site before and after the edit.

const SMALL = { perPage: 5, feedItems: 5 };

interface EditCase {
  name: string;
  apply: (root: string, site: GeneratedSite) => void | Promise<void>;
  /** The moment the rebuild (and its reference) happens at; NOW unless given. */
  now?: DateTime;
  /** Extra checks on the changed paths and the new output. */
  check?: (changed: string[], after: ReadonlyMap<string, Buffer>, site: GeneratedSite) => void;
}

const page = (url: string) => `${url.slice(1)}index.html`;
const isFeed = (path: string) => path.endsWith('.xml') || path.endsWith('.json') || path === 'robots.txt';
const isHtml = (path: string) => path.endsWith('.html');

const EDITS: EditCase[] = [
  {
    name: "a. one word of an article's body",
    apply: (root, site) => edit(root, site.paths[1]!, (t) => t.replace('the alpha plan', 'the omega plan')),
    check: (changed, after, site) => {
      // Its page and the feeds it is in (it is the second newest story: within feed.items).
      expect(changed).toContain(page(site.urls[1]!));
      expect(changed).toContain('feed.xml');
      expect(changed).toContain('feed.json');
      expect(changed.every((p) => p === page(site.urls[1]!) || p.endsWith('feed.xml') || p === 'feed.json')).toBe(true);
      expect(after.get(page(site.urls[1]!))!.toString('utf8')).toContain('the omega plan');
    },
  },
  {
    name: "a2. one word of an old article's body (in no feed)",
    apply: (root, site) => edit(root, site.paths[25]!, (t) => t.replace('the alpha plan', 'the omega plan')),
    check: (changed, _after, site) => {
      // Not in the site's feeds (only the newest five are); perhaps in a small tag's feed.
      expect(changed).toContain(page(site.urls[25]!));
      expect(changed).not.toContain('feed.xml');
      expect(changed).not.toContain('feed.json');
      expect(changed.every((p) => p === page(site.urls[25]!) || p.endsWith('/feed.xml'))).toBe(true);
    },
  },
  {
    name: "b. an article's title",
    apply: (root, site) => edit(root, site.paths[3]!, (t) => t.replace(/^title: .*$/m, "title: 'A completely new headline'")),
    check: (changed, after, site) => {
      expect(changed).toContain(page(site.urls[3]!));
      expect(changed).toContain('index.html');
      expect(changed).toContain('feed.xml');
      expect(changed).not.toContain('sitemap.xml');
      // Related coverage on other stories shows it.
      const relating = [...after].filter(
        ([path, bytes]) =>
          path !== page(site.urls[3]!) && path.match(/^\d{4}\//) && bytes.toString('utf8').includes('A completely new headline'),
      );
      expect(relating.length).toBeGreaterThan(0);
      for (const [path] of relating) expect(changed).toContain(path);
    },
  },
  {
    name: 'c. renaming a tag that only this article has',
    apply: (root, site) => edit(root, site.paths[4]!, (t) => t.replace('tags: [Solo,', 'tags: [Fresh,')),
    check: (changed, after) => {
      expect(after.has('tags/solo/index.html')).toBe(false);
      expect(after.has('tags/solo/feed.xml')).toBe(false);
      expect(after.has('tags/fresh/index.html')).toBe(true);
      expect(changed).toEqual(expect.arrayContaining(['tags/solo/index.html', 'tags/fresh/index.html', 'tags/index.html']));
    },
  },
  {
    name: 'c2. renaming a tag that other articles keep',
    apply: (root, site) => edit(root, site.paths[6]!, (t) => t.replace(/^tags: \[(\w+)/m, 'tags: [Brandnew')),
    check: (changed, after) => {
      expect(after.has('tags/brandnew/index.html')).toBe(true);
      expect(after.has(`tags/${TAGS[6]!.toLowerCase()}/index.html`)).toBe(true);
      expect(changed).toContain(`tags/${TAGS[6]!.toLowerCase()}/index.html`);
    },
  },
  {
    name: 'd. deleting an article',
    apply: (root, site) => rmSync(join(root, site.paths[8]!)),
    check: (changed, after, site) => {
      expect(changed).toContain(page(site.urls[8]!));
      expect([...after.keys()].some((p) => p.startsWith(site.urls[8]!.slice(1)))).toBe(false);
      expect(changed).toContain('sitemap.xml');
    },
  },
  {
    name: 'd2. deleting the article with an alias',
    apply: (root, site) => rmSync(join(root, site.paths[5]!)),
    check: (changed, after) => {
      expect(after.has('old/story-5/index.html')).toBe(false);
      expect(changed).toContain('old/story-5/index.html');
    },
  },
  {
    name: 'e. a comment in the card partial',
    apply: (root) =>
      edit(root, 'templates/partials/card.liquid', (t) => t.replace('<div class="card__body">', '<div class="card__body"><!-- card -->')),
    check: (changed) => {
      expect(changed).toContain('index.html');
      expect(changed.filter((p) => !isHtml(p))).toEqual([]);
    },
  },
  {
    name: "f. the site's description",
    apply: (root) => edit(root, 'content/site.yaml', (t) => t.replace('A generated newspaper', 'A regenerated newspaper')),
    check: (changed) => {
      expect(changed).toContain('index.html');
      expect(changed).toContain('feed.xml');
      expect(changed).not.toContain('media/pic.svg');
    },
  },
  {
    name: "g. an author's bio",
    apply: (root) => edit(root, 'content/authors.yaml', (t) => t.replace('Ben writes about trade and energy.', 'Ben writes about trade.')),
    check: (changed, after) => {
      expect(changed).toContain('authors/ben/index.html');
      const showing = [...after].filter(
        ([path, bytes]) => path.match(/^\d{4}\//) && bytes.toString('utf8').includes('Ben writes about trade.'),
      );
      expect(showing.length).toBeGreaterThan(0);
      for (const [path] of showing) expect(changed).toContain(path);
      expect(changed.filter(isFeed)).toEqual([]);
    },
  },
  {
    name: 'h. the stylesheet',
    apply: (root) => edit(root, 'templates/assets/site.css', (t) => `${t}\n.incremental-test { color: red; }\n`),
    check: (changed, after) => {
      const css = (paths: Iterable<string>) => [...paths].filter((p) => /^assets\/site\.[0-9a-f]{10}\.css$/.test(p));
      expect(css(after.keys())).toHaveLength(1);
      expect(css(changed)).toHaveLength(2); // the old name gone, the new one there
      // Every page but the alias's redirect page, which has no stylesheet.
      const html = [...after.keys()].filter((p) => isHtml(p) && p !== 'old/story-5/index.html');
      expect(changed).toEqual(expect.arrayContaining(html));
      expect(changed.filter(isFeed)).toEqual([]);
    },
  },
  {
    name: "i. the text of an article's pull quote",
    apply: (root, site) => edit(root, site.paths[2]!, (t) => t.replace('Quote number 2 says', 'Quote number 2 now says')),
    check: (changed, after, site) => {
      expect(changed).toContain(page(site.urls[2]!));
      // The pull quote is in the feed copy of the body too.
      expect(after.get('feed.xml')!.toString('utf8')).toContain('Quote number 2 now says');
      expect(changed).toContain('feed.xml');
    },
  },
  {
    name: "j. an article's summary",
    apply: (root, site) => edit(root, site.paths[0]!, (t) => t.replace('The standfirst of story 0.', 'A new standfirst for story 0.')),
  },
  {
    name: "k. an article's date (it moves to the top, and to another URL)",
    apply: (root, site) => edit(root, site.paths[10]!, (t) => t.replace(/^date: .*$/m, 'date: 2023-07-01T06:00Z')),
    check: (changed, after, site) => {
      expect(site.urls[10]!.startsWith('/2023/06/')).toBe(true);
      expect(after.has('2023/07/story-10/index.html')).toBe(true);
      expect(after.has(page(site.urls[10]!))).toBe(false);
      expect(changed).toEqual(expect.arrayContaining(['news-sitemap.xml', 'sitemap.xml', 'index.html', 'feed.xml']));
    },
  },
  {
    name: 'm. a photo shown as two heroes and in one body',
    apply: async (root) => writeFileSync(join(root, 'content/media/photo.jpg'), await photo('#993366')),
    check: (changed, after, site) => {
      // Its own pages and the pages listing those articles; no others. Feeds link the photo
      // itself, whose URL and size stay, so they keep their bytes.
      for (const i of [3, 4, 9]) expect(changed).toContain(page(site.urls[i]!));
      for (const i of [1, 2, 5]) expect(changed).not.toContain(page(site.urls[i]!));
      expect(changed.filter(isFeed)).toEqual([]);
      // New versions under new names (the key is in them); the old ones gone.
      const versions = (paths: Iterable<string>) => [...paths].filter((p) => /^media\/photo-\d+w\.[0-9a-f]{10}\.(jpg|webp)$/.test(p));
      expect(versions(after.keys()).length).toBeGreaterThan(0);
      expect(versions(changed)).toHaveLength(2 * versions(after.keys()).length);
    },
  },
  {
    name: 'l. nothing but a later "now" (a scheduled story comes out, the news window moves)',
    apply: () => {},
    now: NOW.plus({ days: 2 }),
    check: (changed, after) => {
      expect(after.has('2023/07/scheduled/index.html')).toBe(true);
      expect(changed).toEqual(expect.arrayContaining(['2023/07/scheduled/index.html', 'news-sitemap.xml', 'index.html', 'feed.xml']));
    },
  },
  {
    name: "m. an article's comments (a link to its discussion thread)",
    apply: (root, site) =>
      edit(root, site.paths[7]!, (t) => t.replace(/^title: /m, 'comments: https://mastodon.social/@incremental/7\ntitle: ')),
    check: (changed, after, site) => {
      expect(changed).toEqual([page(site.urls[7]!)]);
      expect(after.get(page(site.urls[7]!))!.toString('utf8')).toContain('https://mastodon.social/@incremental/7');
    },
  },
];

describe('exactly the dependent outputs change', () => {
  it.each(EDITS)('$name', async ({ apply, check, now }) => {
    const site = generateSite(30, SMALL);
    const root = makeSite(site.files);
    const out = join(tempDir('edit'), 'public');
    const referenceBefore = await referenceBuild(root);

    await diskBuild(root, out);
    const before = snapshot(out);
    expectSameTree(readTree(out), referenceBefore, 'first build');

    await apply(root, site);
    const referenceAfter = await referenceBuild(root, now);
    const expected = changedPaths(hashes(referenceBefore), hashes(referenceAfter));
    expect(expected.length, 'the edit changes some output').toBeGreaterThan(0);

    const rebuilt = await diskBuild(root, out, { now });
    const after = snapshot(out);
    const changed = changedPaths(shas(before), shas(after));
    expect(changed).toEqual(expected);
    expectSameTree(readTree(out), referenceAfter, 'incremental build vs from-scratch build');
    expectKept(before, after, 'incremental build');
    // Exactly the new or changed files were written.
    expect(rebuilt.stats.written).toBe([...after.keys()].filter((p) => before.get(p)?.sha !== after.get(p)!.sha).length);
    check?.(changed, readTree(out), site);
    expect(leftovers(out)).toEqual([]);

    // And one more build, with nothing changed, writes nothing.
    const again = await diskBuild(root, out, { now });
    expect(again.stats.written).toBe(0);
    const last = snapshot(out);
    expect(changedPaths(shas(after), shas(last))).toEqual([]);
    expectKept(after, last, 'rebuild after the edit');
  });
});

describe('the dev session follows every edit exactly', () => {
  // `masthead dev` keeps the site in memory and re-renders only what an edit touched: after
  // each edit its site must equal a from-scratch build of drafts and scheduled articles too,
  // as dev shows them.
  const EVERYTHING: Inclusion = { drafts: true, future: true };
  it.each(EDITS)('$name', async ({ apply, now }) => {
    const site = generateSite(30, SMALL);
    const root = makeSite(site.files);
    let moment: DateTime = NOW;
    const session = new DevSession({ root, workers: 1, now: () => moment });
    expect((await session.rebuild()).kind).toBe('built');
    const before = await referenceBuild(root, NOW, EVERYTHING);
    expectSameTree(liveTree(session), before, 'first dev build');

    await apply(root, site);
    moment = now ?? NOW;
    const after = await referenceBuild(root, moment, EVERYTHING);
    expect(changedPaths(hashes(before), hashes(after)).length, 'the edit changes some output').toBeGreaterThan(0);
    const outcome = await session.rebuild();
    expect(outcome.kind === 'built' ? outcome.changed : outcome).toEqual(changedPaths(hashes(before), hashes(after)));
    expectSameTree(liveTree(session), after, 'dev session vs from-scratch build');
  });
});

describe('the dev session, reading only what its file watcher reports, follows every edit exactly', () => {
  // With a watcher on content/, a rebuild stats and reads only the files it reported, and lists
  // the folders again only when a report names a file that is new or gone: every kind of edit,
  // seen through a real watcher, must still give the site a from-scratch build gives.
  const EVERYTHING: Inclusion = { drafts: true, future: true };
  it.each(EDITS)('$name', async ({ apply, now }) => {
    const site = generateSite(30, SMALL);
    const root = makeSite(site.files);
    let moment: DateTime = NOW;
    const { session, reports, close } = await watchedSession(root, () => moment);
    try {
      const before = await referenceBuild(root, NOW, EVERYTHING);
      expectSameTree(liveTree(session), before, 'dev build');

      await apply(root, site);
      await reports.settled();
      moment = now ?? NOW;
      const after = await referenceBuild(root, moment, EVERYTHING);
      const outcome = await session.rebuild();
      expect(outcome.kind === 'built' ? outcome.changed : outcome).toEqual(changedPaths(hashes(before), hashes(after)));
      expectSameTree(liveTree(session), after, 'dev session vs from-scratch build');
    } finally {
      await close();
    }
  });

  it('reads again the files reported, and only those, once a full load has been seen through', async () => {
    const site = generateSite(12, SMALL);
    const root = makeSite(site.files);
    const session = new DevSession({ root, workers: 1, now: () => NOW });
    const retitle = (path: string, title: string) => edit(root, path, (t) => t.replace(/^title: .*$/m, `title: '${title}'`));
    const shows = (path: string, text: string) => session.site.get(path)!.toString().includes(text);
    try {
      expect((await session.rebuild()).kind).toBe('built');
      session.watchingContent(true);
      // Before a full load with the watcher on, an unreported edit is still found.
      retitle(site.paths[0]!, 'Found without a report');
      await session.rebuild();
      expect(shows(page(site.urls[0]!), 'Found without a report')).toBe(true);
      // From then on, only reported files are read again.
      retitle(site.paths[1]!, 'Reported headline');
      retitle(site.paths[2]!, 'Unreported headline');
      session.sourcesChanged([site.paths[1]!]);
      await session.rebuild();
      expect(shows(page(site.urls[1]!), 'Reported headline')).toBe(true);
      expect(shows(page(site.urls[2]!), 'Unreported headline')).toBe(false);
      // A report of a file the last load did not list lists the folders again, and reads all.
      writeFileSync(
        join(root, 'content/articles/2023/new.md'),
        readFileSync(join(root, site.paths[3]!), 'utf8').replace(/^title: .*$/m, "title: 'A new file'"),
      );
      session.sourcesChanged(['content/articles/2023/new.md']);
      await session.rebuild();
      expect(shows(page(site.urls[2]!), 'Unreported headline')).toBe(true);
      // Without the watcher, every build reads in full again.
      session.watchingContent(false);
      retitle(site.paths[4]!, 'Read in full');
      await session.rebuild();
      expect(shows(page(site.urls[4]!), 'Read in full')).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('reads an edit made through a symlinked folder, which the watcher cannot see', async () => {
    const site = generateSite(12, SMALL);
    const root = makeSite(site.files);
    const elsewhere = mkdtempSync(join(tmpdir(), 'masthead-linked-'));
    const article = `---\ntitle: Filed through a link\ndate: 2023-06-30T21:00Z\nauthor: ani\ntags: [Armenia]\n---\nLinked text.\n`;
    writeFileSync(join(elsewhere, 'linked.md'), article);
    symlinkSync(elsewhere, join(root, 'content', 'articles', 'linked'));
    const { session, close } = await watchedSession(root, () => NOW);
    try {
      expect(session.site.get('index.html')!.toString()).toContain('Filed through a link');
      writeFileSync(join(elsewhere, 'linked.md'), article.replace('Filed through a link', 'Retitled behind the link'));
      expect((await session.rebuild()).kind).toBe('built');
      expect(session.site.get('index.html')!.toString()).toContain('Retitled behind the link');
      expectSameTree(liveTree(session), await referenceBuild(root, NOW, EVERYTHING), 'dev session vs from-scratch build');
    } finally {
      await close();
    }
  });
});

/** A dev session with a real watcher on `root`, handing it the watcher's reports as the dev
 * server does, after its first two builds: the one after the watcher started loads in full, the
 * ones after it trust the watcher. */
async function watchedSession(root: string, now: () => DateTime) {
  const session = new DevSession({ root, workers: 1, now });
  const reports = new WatchReports();
  const watcher = watchSources(
    root,
    (paths) => reports.add(paths, session),
    () => undefined,
    (on) => session.watchingContent(on),
  );
  const close = async () => {
    watcher.close();
    await session.close();
  };
  try {
    for (const build of [1, 2]) expect((await session.rebuild()).kind, `build ${build}`).toBe('built');
  } catch (error) {
    await close();
    throw error;
  }
  return { session, reports, close };
}

/** The watcher's reports, handed to the session as the dev server does; `settled` waits for
 * the reports of an edit to be in (or a second to pass without any: edits of "now" alone). */
class WatchReports {
  private last = 0;
  add(paths: string[], session: DevSession): void {
    session.sourcesChanged(paths);
    this.last = performance.now();
  }
  async settled(): Promise<void> {
    const started = performance.now();
    const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    while (this.last < started && performance.now() - started < 1000) await quiet(20);
    while (performance.now() - this.last < 200) await quiet(50);
  }
}

function liveTree(session: DevSession): Map<string, Buffer> {
  return new Map(session.site.paths().map((path) => [path, Buffer.from(session.site.get(path)!)]));
}

// ---------------------------------------------------------------------------------------------

describe('a corrupt or stale cache', () => {
  async function warmSite() {
    const site = generateSite(30, SMALL);
    const root = makeSite(site.files);
    const outs = tempDir('corrupt');
    await diskBuild(root, join(outs, 'warm'));
    const cacheDir = defaultCacheDir(root);
    const bodyFiles = readdirSync(join(cacheDir, 'bodies'), { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.json'))
      .sort()
      .map((p) => join(cacheDir, 'bodies', p));
    expect(bodyFiles).toHaveLength(site.bodies);
    return { site, root, outs, cacheDir, bodyFiles, reference: await referenceBuild(root) };
  }

  it('ignores body files holding garbage, another key, or missing fields (index intact)', async () => {
    const { root, outs, bodyFiles, reference } = await warmSite();
    writeFileSync(bodyFiles[0]!, 'garbage, not JSON {');
    writeFileSync(bodyFiles[1]!, readFileSync(bodyFiles[2]!));
    // A body file is a checksum line, then the JSON: this one is whole, but lacks every field but its key.
    const third = JSON.parse(readFileSync(bodyFiles[3]!, 'utf8').split('\n')[1]!) as { key: string };
    const keyOnly = JSON.stringify({ key: third.key });
    writeFileSync(bodyFiles[3]!, `${sha256(keyOnly)}\n${keyOnly}`);
    writeFileSync(bodyFiles[4]!, '');
    rmSync(bodyFiles[5]!);

    await diskBuild(root, join(outs, 'after-corruption'));
    expectSameTree(readTree(join(outs, 'after-corruption')), reference, 'build from a corrupt cache');
  });

  it('ignores a truncated index.json, and finds every body by its own file', async () => {
    const { site, root, outs, cacheDir, reference } = await warmSite();
    const index = join(cacheDir, 'index.json');
    truncateSync(index, Math.floor(statSync(index).size / 2));
    const result = await diskBuild(root, join(outs, 'after-truncation'));
    // Each body file holds its summary too (a merged cache has no index for its bodies).
    expect(result.stats.bodiesRendered).toBe(0);
    expect(result.stats.bodiesReused).toBe(site.bodies);
    expectSameTree(readTree(join(outs, 'after-truncation')), reference, 'build after a truncated index');
  });

  it('ignores an index.json that is valid JSON with entries of the wrong shape', async () => {
    const { root, outs, cacheDir, reference } = await warmSite();
    const index = join(cacheDir, 'index.json');
    const data = JSON.parse(readFileSync(index, 'utf8')) as { version: number; entries: Record<string, unknown> };
    const keys = Object.keys(data.entries);
    data.entries[keys[0]!] = {};
    data.entries[keys[1]!] = { wordCount: 'many', messages: 'none' };
    writeFileSync(index, JSON.stringify(data));
    await diskBuild(root, join(outs, 'after-bad-index'));
    expectSameTree(readTree(join(outs, 'after-bad-index')), reference, 'build after a malformed index');
  });

  it('renders every body again when a markdown option (embeds) changes', async () => {
    const { site, root, outs } = await warmSite();
    edit(root, 'content/site.yaml', (t) => t.replace('  - www.youtube-nocookie.com', '  - www.youtube-nocookie.com\n  - player.vimeo.com'));
    const result = await diskBuild(root, join(outs, 'after-embeds'));
    expect(result.stats.bodiesRendered).toBe(site.bodies);
    expect(result.stats.bodiesReused).toBe(0);
    expectSameTree(readTree(join(outs, 'after-embeds')), await referenceBuild(root), 'build after an embeds change');
    // The next build reuses them all.
    const again = await diskBuild(root, join(outs, 'after-embeds'));
    expect(again.stats.bodiesReused).toBe(site.bodies);
    expect(again.stats.written).toBe(0);
  });
});

describe('--no-cache', () => {
  it('a rebuild into the same folder keeps the files whose bytes did not change', async () => {
    const site = generateSite(12, SMALL);
    const root = makeSite(site.files);
    const out = join(tempDir('no-cache-twice'), 'public');
    const args = ['build', '--root', root, '--out', out, '--now', NOW_ARG, '--no-cache'];
    expect((await runCli(args)).code).toBe(0);
    const before = snapshot(out);
    const second = await runCli(args);
    expect(second.code).toBe(0);
    const after = snapshot(out);
    expect(changedPaths(shas(before), shas(after))).toEqual([]);
    expectKept(before, after, '--no-cache rebuild');
    expect(second.stdout).toMatch(/^Built \d+ files \(0 written, \d+ unchanged\) in \d+\.\d\d s\.\n/);
    expect(afterSummary(second.stdout)).toEqual(SCHEDULE_LINES);
  });

  it('writes no cache, not even a temporary one', async () => {
    const site = generateSite(12, SMALL);
    const root = makeSite(site.files);
    const out = join(tempDir('no-cache'), 'public');
    const privateTmp = tempDir('tmpdir');
    const run = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ARG, '--no-cache'], { TMPDIR: privateTmp });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Built \d+ files \(\d+ written, 0 unchanged\) in \d+\.\d\d s\.\n/);
    expect(afterSummary(run.stdout)).toEqual(SCHEDULE_LINES);
    expect(existsSync(defaultCacheDir(root))).toBe(false);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
    expect(readdirSync(privateTmp)).toEqual([]);
    expectSameTree(readTree(out), await referenceBuild(root), '--no-cache build');
    expect(leftovers(out)).toEqual([]);
  });
});
