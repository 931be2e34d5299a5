// Dates from git (site.yaml `gitDates: true`): the fixture site committed to a real temporary
// repository with fixed dates gets its articles' last commits as their modified dates, on the
// page, in JSON-LD, the sitemap and the JSON feed; uncommitted files, shallow clones and folders
// outside git fall back to the publication date with exactly one notice; git runs a fixed
// number of times however many articles there are.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { readArticle, type Article } from '../src/content/articles.ts';
import { applyGitDates } from '../src/content/git-dates.ts';
import { Diagnostics, formatMessage } from '../src/diagnostics.ts';
import { buildInMemory, copyFixture, NOW, runCli, type MemoryBuild } from './helpers.ts';

const TRADE = '2023/04/trade-grows/index.html';
const OLD = '2023/03/old-news/index.html';
const SUMMIT = '2023/05/summit-in-moscow/index.html';
const FRESH = '2023/06/fresh/index.html';
const ARTICLES = 'content/articles/2023';

/** Runs git in `dir` as a newsroom's CI would, with commit dates fixed. */
function git(dir: string, args: string[], dates?: { author: string; committer: string }): string {
  return execFileSync('git', ['-c', 'user.name=Desk', '-c', 'user.email=desk@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...(dates ? { GIT_AUTHOR_DATE: dates.author, GIT_COMMITTER_DATE: dates.committer } : {}) },
  });
}

/**
 * The basic fixture in the folder site/ of a new repository (a site need not be the repository's
 * root), with five commits: everything on 10 June; an edit of the older story on 15 June; an
 * edit of the trade story on 20 June (written on 5 June: the author date differs, and must not
 * be the one used); the older story moved to another folder without edits on 25 June; a new
 * story, dated 29 June, added on 30 June.
 */
function committedSite(): { repo: string; root: string } {
  const repo = mkdtempSync(join(tmpdir(), 'masthead-git-'));
  const root = join(repo, 'site');
  execFileSync('cp', ['-r', copyFixture('basic'), root]);
  appendFileSync(join(root, 'content/site.yaml'), '\ngitDates: true\n');
  git(repo, ['init', '-q', '-b', 'main']);
  git(repo, ['add', '.']);
  git(repo, ['commit', '-qm', 'The site'], { author: '2023-06-10T09:00:00Z', committer: '2023-06-10T09:00:00Z' });
  appendFileSync(join(root, ARTICLES, '2023-03-01-old-news.md'), '\nA correction.\n');
  git(repo, ['commit', '-qam', 'Old news: a correction'], { author: '2023-06-15T07:00:00Z', committer: '2023-06-15T07:00:00Z' });
  appendFileSync(join(root, ARTICLES, '2023-04-10-trade-grows.md'), '\nA late paragraph.\n');
  git(repo, ['commit', '-qam', 'Trade: a late paragraph'], { author: '2023-06-05T08:00:00Z', committer: '2023-06-20T10:30:00Z' });
  mkdirSync(join(root, 'content/articles/archive'));
  git(root, ['mv', `${ARTICLES}/2023-03-01-old-news.md`, 'content/articles/archive/2023-03-01-old-news.md']);
  git(repo, ['commit', '-qm', 'Archive folder'], { author: '2023-06-25T00:00:00Z', committer: '2023-06-25T00:00:00Z' });
  writeFileSync(join(root, ARTICLES, '2023-06-29-fresh.md'), '---\ntitle: Fresh\ndate: 2023-06-29\nauthor: ani\n---\n\nNew.\n');
  git(repo, ['add', '.']);
  git(repo, ['commit', '-qm', 'Fresh'], { author: '2023-06-30T08:00:00Z', committer: '2023-06-30T08:00:00Z' });
  return { repo, root };
}

function jsonLd(build: MemoryBuild, path: string): { datePublished: string; dateModified: string } {
  const script = select('script[type="application/ld+json"]', fromHtml(build.writer.text(path)))!;
  return JSON.parse(toString(script)) as { datePublished: string; dateModified: string };
}

function updatedOnPage(build: MemoryBuild, path: string): string | undefined {
  const time = select('.byline__updated time', fromHtml(build.writer.text(path)));
  return time ? String(time.properties.dateTime) : undefined;
}

function lastmod(build: MemoryBuild, url: string): string | undefined {
  const xml = build.writer.text('sitemap.xml');
  return new RegExp(`<loc>${url}</loc>\\s*<lastmod>([^<]+)</lastmod>`).exec(xml)?.[1];
}

function notices(build: MemoryBuild): string[] {
  return build.result.diagnostics.messages().map(formatMessage);
}

describe('an article without "updated" takes the date of its last commit', () => {
  let build: MemoryBuild;
  beforeEach(async () => {
    build = await buildInMemory(committedSite().root);
  });

  it('on the page, in JSON-LD, the sitemap and the JSON feed: the committer date, in the site timezone', () => {
    // 10:30 UTC in Yerevan (UTC+4), the fixture's timezone.
    const modified = '2023-06-20T14:30:00+04:00';
    expect(updatedOnPage(build, TRADE)).toBe(modified);
    expect(jsonLd(build, TRADE).dateModified).toBe(modified);
    expect(lastmod(build, 'https://gazette.example.org/2023/04/trade-grows/')).toBe(modified);
    const feed = JSON.parse(build.writer.text('feed.json')) as { items: { url: string; date_modified?: string }[] };
    expect(feed.items.find((i) => i.url.endsWith('/trade-grows/'))?.date_modified).toBe('2023-06-20T10:30:00Z');
    // The RSS channel's lastBuildDate is its newest item's modified date.
    expect(parseFeed(build.writer.text('tags/trade/feed.xml')).updated?.toISOString()).toBe('2023-06-20T10:30:00.000Z');
  });

  it('a file moved without edits keeps the date of its last edit, not of the move', () => {
    expect(jsonLd(build, OLD).dateModified).toBe('2023-06-15T11:00:00+04:00');
  });

  it('the commit that added a file is its publication, not an update', () => {
    expect(updatedOnPage(build, FRESH)).toBeUndefined();
    expect(jsonLd(build, FRESH)).toMatchObject({ datePublished: '2023-06-29T00:00:00+04:00', dateModified: '2023-06-29T00:00:00+04:00' });
  });

  it('an "updated" in the frontmatter wins over git', () => {
    expect(jsonLd(build, SUMMIT).dateModified).toBe('2023-05-26T09:00:00+04:00');
  });

  it('with nothing to report: no notice', () => {
    expect(notices(build)).toEqual([]);
  });
});

describe('records kept from one build to the next (as the dev server keeps them)', () => {
  it('get their git date anew each build, and never into the frontmatter\'s "updated"', async () => {
    const { root } = committedSite();
    const path = `${ARTICLES}/2023-04-10-trade-grows.md`;
    const config = (await loadConfig(root, new Diagnostics()))!;
    const article = readArticle({ path, text: readFileSync(join(root, path), 'utf8') }, config, new Diagnostics()).body!.owner as Article;
    const cache = mkdtempSync(join(tmpdir(), 'masthead-git-cache-'));
    await applyGitDates(root, [article], cache, new Diagnostics());
    expect(article.gitUpdated?.toUTC().toISO()).toBe('2023-06-20T10:30:00.000Z');
    expect(article.updated).toBeUndefined();
    // Edited, not committed: the same record, in the next build, has no git date any more.
    appendFileSync(join(root, path), '\nMore.\n');
    await applyGitDates(root, [article], cache, new Diagnostics());
    expect(article.gitUpdated).toBeUndefined();
  });
});

describe('a change merged from a branch', () => {
  it('dates from the merge, when it landed on the branch built', async () => {
    const { repo, root } = committedSite();
    git(repo, ['checkout', '-q', '-b', 'desk']);
    appendFileSync(join(root, ARTICLES, '2023-04-10-trade-grows.md'), '\nFrom the desk.\n');
    git(repo, ['commit', '-qam', 'Trade: from the desk'], { author: '2023-06-26T09:00:00Z', committer: '2023-06-26T09:00:00Z' });
    git(repo, ['checkout', '-q', 'main']);
    git(repo, ['merge', '-q', '--no-ff', '-m', 'Merge desk', 'desk'], {
      author: '2023-06-27T15:00:00Z',
      committer: '2023-06-27T15:00:00Z',
    });
    const build = await buildInMemory(root);
    expect(jsonLd(build, TRADE).dateModified).toBe('2023-06-27T19:00:00+04:00');
  });
});

describe('falling back to the publication date, with one notice', () => {
  it('for files not committed yet: a new one and an edited one', async () => {
    const { root } = committedSite();
    writeFileSync(join(root, ARTICLES, '2023-06-30-newer.md'), '---\ntitle: Newer\ndate: 2023-06-30\nauthor: ani\n---\n\nNew.\n');
    appendFileSync(join(root, ARTICLES, '2023-04-10-trade-grows.md'), '\nAn edit not yet committed.\n');
    const build = await buildInMemory(root);
    expect(updatedOnPage(build, TRADE)).toBeUndefined();
    expect(jsonLd(build, TRADE).dateModified).toBe(jsonLd(build, TRADE).datePublished);
    expect(jsonLd(build, '2023/06/newer/index.html').dateModified).toBe('2023-06-30T00:00:00+04:00');
    // Still from git: the committed, unchanged ones.
    expect(jsonLd(build, OLD).dateModified).toBe('2023-06-15T11:00:00+04:00');
    expect(notices(build)).toEqual([
      'content/site.yaml:16:1: notice: gitDates: 2 articles have changes not committed yet (content/articles/2023/2023-04-10-trade-grows.md and 1 more): they show their publication date as their modified date until committed [git-dates]',
    ]);
  });

  it('for a shallow clone, which it detects', async () => {
    const { repo } = committedSite();
    const clone = join(mkdtempSync(join(tmpdir(), 'masthead-shallow-')), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, clone]);
    const build = await buildInMemory(join(clone, 'site'));
    expect(updatedOnPage(build, TRADE)).toBeUndefined();
    expect(jsonLd(build, OLD).dateModified).toBe(jsonLd(build, OLD).datePublished);
    const [notice, ...others] = notices(build);
    expect(others).toEqual([]);
    expect(notice).toMatch(/^content\/site\.yaml:16:1: notice: gitDates: this is a shallow clone.*fetch-depth: 0\) \[git-dates\]$/);
  });

  it('for a site outside any git repository', async () => {
    const root = copyFixture('basic');
    appendFileSync(join(root, 'content/site.yaml'), '\ngitDates: true\n');
    const build = await buildInMemory(root);
    expect(updatedOnPage(build, TRADE)).toBeUndefined();
    const [notice, ...others] = notices(build);
    expect(others).toEqual([]);
    expect(notice).toMatch(
      /^content\/site\.yaml:16:1: notice: gitDates: git says "not a git repository.*", so articles show their publication date/,
    );
  });
});

describe('git runs a fixed number of times, and its dates are inputs of the incremental build', () => {
  const path = process.env.PATH;
  let log: string;
  beforeEach(() => {
    // A git in front of the real one that notes each call.
    const bin = mkdtempSync(join(tmpdir(), 'masthead-git-bin-'));
    log = join(bin, 'calls.log');
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    process.env.PATH = `${bin}:${path}`;
  });
  afterEach(() => {
    process.env.PATH = path;
  });

  it('one log for all articles, none again at the same HEAD; a new commit date alone re-renders the page', async () => {
    const { repo, root } = committedSite();
    appendFileSync(join(root, ARTICLES, '2023-04-10-trade-grows.md'), '\nOne more line.\n');
    git(repo, ['commit', '-qam', 'Trade: one more line'], { author: '2023-06-27T06:00:00Z', committer: '2023-06-27T06:00:00Z' });
    writeFileSync(log, ''); // only the build's own calls from here
    const cli = (...args: string[]) =>
      runCli(['build', '--root', root, '--now', NOW.toUTC().toISO()!, ...args], { PATH: process.env.PATH! });
    expect((await cli()).code).toBe(0);
    const calls = () => readFileSync(log, 'utf8').trim().split('\n');
    expect(calls().filter((c) => c.includes(' log '))).toHaveLength(1);
    expect(calls()).toHaveLength(3); // rev-parse, status, log
    writeFileSync(log, '');
    expect((await cli()).code).toBe(0);
    expect(calls().filter((c) => c.includes(' log '))).toEqual([]);

    const page = () => readFileSync(join(root, 'public', TRADE), 'utf8');
    expect(page()).toContain('datetime="2023-06-27T10:00:00+04:00"');
    // The same text, committed again later: only the git date changes.
    git(repo, ['commit', '-q', '--amend', '--no-edit'], { author: '2023-06-27T06:00:00Z', committer: '2023-06-28T06:00:00Z' });
    expect((await cli()).code).toBe(0);
    expect(page()).toContain('datetime="2023-06-28T10:00:00+04:00"');
  });
});
