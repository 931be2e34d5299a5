// The no-change proof (src/incremental/unchanged.ts): a build that finds every input as the last
// clean build saw it keeps that build's site without loading or rendering anything. These tests
// build a fixture site to disk, check that a second build takes the shortcut, then make each kind
// of change that must end it and check that the next build runs in full and gives exactly the
// site a from-scratch build gives.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.ts';
import { snapshotInputs } from '../src/incremental/inputs.ts';
import { nowWindow, readProof, saveProof, type ProofKey } from '../src/incremental/unchanged.ts';
import { DiskWriter } from '../src/output/writer.ts';
import { PUBLISHED_ONLY, type Inclusion } from '../src/site/schedule.ts';
import { copyFixture, freshBuildFiles, NOW, runCli, siteFilesOn } from './helpers.ts';

interface Flags {
  now?: DateTime;
  include?: Inclusion;
  baseUrl?: string;
}

/** A copy of the basic fixture whose files were last modified an hour ago (so their times, not
 * their hashes, vouch for them), with its own output and cache folders. */
function agedSite() {
  const root = copyFixture('basic');
  age(root);
  const work = mkdtempSync(join(tmpdir(), 'masthead-unchanged-'));
  return { root, out: join(work, 'public'), cacheDir: join(work, 'cache') };
}

function age(root: string): void {
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), hourAgo, hourAgo);
  }
}

type Site = ReturnType<typeof agedSite>;

async function diskBuild({ root, out, cacheDir }: Site, flags: Flags = {}): Promise<BuildResult> {
  const writer = await DiskWriter.open(out, join(cacheDir, 'manifest.json'));
  const result = await build({ root, writer, now: flags.now ?? NOW, include: flags.include, baseUrl: flags.baseUrl, cacheDir, workers: 1 });
  expect(result.diagnostics.messages()).toEqual([]);
  return result;
}

const proven = (result: BuildResult) => result.timings.length === 1 && result.timings[0]![0] === 'unchanged';

function expectSameSite(out: string, reference: ReadonlyMap<string, string>): void {
  const actual = siteFilesOn(out);
  expect([...actual.keys()].sort()).toEqual([...reference.keys()].sort());
  expect([...reference].filter(([path, data]) => actual.get(path) !== data).map(([path]) => path)).toEqual([]);
}

/** A site built once, and once more with the shortcut. */
async function provenSite(flags: Flags = {}): Promise<Site> {
  const site = agedSite();
  expect(proven(await diskBuild(site, flags))).toBe(false);
  const again = await diskBuild(site, flags);
  expect(proven(again), 'a second build with nothing changed takes the shortcut').toBe(true);
  expect(again.stats.written).toBe(0);
  expect(again.stats.unchanged).toBe(again.stats.outputs);
  return site;
}

const ARTICLE = 'content/articles/2023/2023-05-25-summit-in-moscow.md';
const SCHEDULED = 'content/articles/2023/2023-09-01-scheduled.md';

function edit(root: string, path: string, change: (text: string) => string): void {
  const file = join(root, path);
  const before = readFileSync(file, 'utf8');
  expect(change(before)).not.toBe(before);
  writeFileSync(file, change(before));
}

interface Change {
  name: string;
  apply: (site: Site) => void;
  /** The site before the change, when not the fixture as it is, and the flags of its builds. */
  start?: { apply: (site: Site) => void; flags: Flags };
  /** The flags of the build after the change. */
  flags?: Flags;
  /** What the site after it shows, to be sure the change is one. */
  shows?: (out: string) => void;
}

const page = (out: string, path: string) => readFileSync(join(out, path), 'utf8');

const CHANGES: Change[] = [
  {
    name: "an article's title",
    apply: ({ root }) => edit(root, ARTICLE, (t) => t.replace('Leaders meet at a summit', 'Leaders part at a summit')),
  },
  {
    name: 'an article edited to the same size, its modification time put back',
    apply: ({ root }) => {
      const file = join(root, ARTICLE);
      const { atime, mtime } = statSync(file);
      edit(root, ARTICLE, (t) => t.replace('Leaders meet', 'Leaders MEET'));
      utimesSync(file, atime, mtime);
    },
    shows: (out) => expect(page(out, 'index.html')).toContain('Leaders MEET'),
  },
  {
    name: 'an added article',
    apply: ({ root }) =>
      writeFileSync(
        join(root, 'content/articles/new.md'),
        '---\ntitle: A new arrival\ndate: 2023-06-20\nsection: politics\n---\n\nNews.\n',
      ),
    shows: (out) => expect(page(out, 'index.html')).toContain('A new arrival'),
  },
  { name: 'a deleted article', apply: ({ root }) => rmSync(join(root, ARTICLE)) },
  {
    name: 'a template',
    apply: ({ root }) => edit(root, 'templates/layouts/base.liquid', (t) => t.replace('site-footer__legal', 'site-footer__legal legal')),
  },
  { name: 'an asset', apply: ({ root }) => edit(root, 'templates/assets/site.css', (t) => `${t}\n.unchanged-test { color: red; }\n`) },
  {
    name: 'site.yaml',
    apply: ({ root }) => edit(root, 'content/site.yaml', (t) => t.replace('A small site for tests.', 'A site for tests.')),
  },
  { name: 'authors.yaml', apply: ({ root }) => edit(root, 'content/authors.yaml', (t) => `${t}\n`) },
  {
    name: 'a later "now" that publishes the scheduled article',
    apply: () => {},
    flags: { now: NOW.plus({ months: 2 }) },
    shows: (out) => expect(page(out, 'index.html')).toContain('A story scheduled for September'),
  },
  {
    name: 'a "now" in a new year, with no article dated in between',
    start: { apply: ({ root }) => rmSync(join(root, SCHEDULED)), flags: { now: NOW.set({ month: 12, day: 30 }) } },
    apply: () => {},
    flags: { now: NOW.set({ year: 2024, month: 1, day: 2 }) },
    shows: (out) => expect(page(out, 'index.html')).toContain('© 2024'),
  },
  { name: '--drafts', apply: () => {}, flags: { include: { drafts: true, future: false } } },
  { name: '--base-url', apply: () => {}, flags: { baseUrl: 'https://mirror.example.net/' } },
  { name: 'a deleted output file', apply: ({ out }) => rmSync(join(out, 'feed.xml')) },
  { name: 'an edited output file', apply: ({ out }) => writeFileSync(join(out, 'index.html'), 'defaced') },
];

describe('a build with nothing changed keeps the last site without rendering it', () => {
  it.each(CHANGES)('and the next build notices $name', async ({ start, apply, flags, shows }) => {
    const site = agedSite();
    start?.apply(site);
    age(site.root);
    const before = start?.flags ?? {};
    await diskBuild(site, before);
    expect(proven(await diskBuild(site, before))).toBe(true);

    apply(site);
    const after = await diskBuild(site, flags ?? before);
    expect(proven(after), 'the change ends the shortcut').toBe(false);
    expectSameSite(site.out, await freshBuildFiles(site.root, flags ?? before));
    shows?.(site.out);
    // And the build after it proves the new site.
    expect(proven(await diskBuild(site, flags ?? before))).toBe(true);
  });

  it('keeps it for a later "now" that publishes nothing new, within the same year', async () => {
    const site = await provenSite();
    const later = { now: NOW.plus({ days: 20 }) };
    expect(proven(await diskBuild(site, later))).toBe(true);
    expectSameSite(site.out, await freshBuildFiles(site.root, later));
  });

  it('holds for files changed just before the build by their bytes, not their times', async () => {
    const site = agedSite();
    edit(site.root, ARTICLE, (t) => t.replace('Leaders meet', 'Leaders MEET'));
    await diskBuild(site);
    const again = await diskBuild(site);
    expect(proven(again)).toBe(true);
    const entry = snapshotInputs(site.root).find(([path]) => path === ARTICLE)!;
    expect(entry[5], 'a file modified seconds ago is hashed').toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotInputs(site.root).find(([path]) => path === 'content/site.yaml')![5], 'an old file is not').toBeUndefined();
  });

  it('once the files are seconds old, is kept again by their times alone', async () => {
    const site = { ...agedSite(), root: copyFixture('basic') }; // files written just now
    await diskBuild(site);
    const hashed = () => {
      const [name] = readdirSync(join(site.cacheDir, 'unchanged'));
      const stored = JSON.parse(readFileSync(join(site.cacheDir, 'unchanged', name!), 'utf8')) as { inputs: unknown[][] };
      return stored.inputs.filter((entry) => entry[5] !== undefined).length;
    };
    expect(hashed()).toBeGreaterThan(5);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect(proven(await diskBuild(site))).toBe(true);
    expect(hashed()).toBe(0);
    expect(proven(await diskBuild(site))).toBe(true);
  });

  it('is kept per engine and flags, and only within its window of "now"', async () => {
    const { root, cacheDir } = agedSite();
    const key: ProofKey = { engine: 'one', root, include: PUBLISHED_ONLY, baseUrl: null, searchIndex: 'build' };
    const inputs = snapshotInputs(root);
    const schedule = { draftsLeftOut: 0, scheduledLeftOut: 0, next: null };
    await saveProof(cacheDir, key, { site: 'site-hash', inputs, window: [NOW.toMillis() - 10, NOW.toMillis() + 10], schedule, bodies: 4 });
    expect(readProof(cacheDir, key, root, inputs, NOW)?.site).toBe('site-hash');
    expect(readProof(cacheDir, { ...key, engine: 'two' }, root, inputs, NOW)).toBeUndefined();
    expect(readProof(cacheDir, { ...key, include: { drafts: false, future: true } }, root, inputs, NOW)).toBeUndefined();
    expect(readProof(cacheDir, key, root, inputs, NOW.plus({ milliseconds: 10 }))).toBeUndefined();
    expect(readProof(cacheDir, key, root, inputs.slice(1), NOW)).toBeUndefined();
    // A hashed entry whose bytes are no longer those hashed.
    const tampered = inputs.map((entry) => (entry[0] === ARTICLE ? [...entry.slice(0, 5), 'f'.repeat(64)] : entry)) as typeof inputs;
    await saveProof(cacheDir, key, { site: 'site-hash', inputs: tampered, window: [0, Infinity], schedule, bodies: 4 });
    expect(readProof(cacheDir, key, root, inputs, NOW)).toBeUndefined();
  });

  it('works out the window from the dates of the articles, their news window and the year', () => {
    const hour = 3_600_000;
    const now = NOW; // 2023-07-01T12:00Z
    const dates = [now.toMillis() - 100 * hour, now.toMillis() - 10 * hour, now.toMillis() + 5 * hour];
    // The last edge before: 10 hours ago (an article out); the next after: 5 hours on (one due).
    expect(nowWindow(now, dates, 48 * hour, 'UTC')).toEqual([now.toMillis() - 10 * hour, now.toMillis() + 5 * hour]);
    // 38 hours on, the article of 10 hours ago leaves the news sitemap.
    expect(nowWindow(now, dates.slice(0, 2), 48 * hour, 'UTC')).toEqual([now.toMillis() - 10 * hour, now.toMillis() + 38 * hour]);
    // With no article near, the year in the site's zone bounds it.
    const [from, until] = nowWindow(now, [], 48 * hour, 'Asia/Yerevan');
    expect([from, until]).toEqual([Date.parse('2022-12-31T20:00:00Z'), Date.parse('2023-12-31T20:00:00Z')]);
  });

  it('through the CLI, a no-change build says so and prints what a full one prints', async () => {
    const { root, out, cacheDir } = agedSite();
    const args = ['build', '--root', root, '--out', out, '--cache', cacheDir, '--now', NOW.toUTC().toISO()!, '--verbose'];
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    const second = await runCli(args);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^ {2}unchanged /m);
    // The same lines but the summary's counts and time; and every body from the cache.
    const lines = (stdout: string) => stdout.split('\n').filter((line) => !line.startsWith('  ') && !line.startsWith('Built '));
    expect(lines(second.stdout)).toEqual(lines(first.stdout));
    expect(lines(second.stdout)).toContain("next scheduled: 'A story scheduled for September' at 2023-09-01 00:00 +04:00");
    expect(second.stdout).toMatch(/^Built (\d+) files \(0 written, \1 unchanged\) in \d+\.\d\d s; (\d+) of \2 articles from cache\.$/m);
  });
});
