// The build session's shortcuts: the dependency index (an edit works out the inputs of only the
// outputs that use the edited record), the link check that re-checks only rewritten pages, and
// the validated records read back from the cache by a new process. Each shortcut must give
// what the long way gives: these tests make the edits that could fool them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, defaultCacheDir } from '../src/build.ts';
import { DevSession, type BuildOutcome } from '../src/dev/session.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { buildInMemory, makeSite, NOW, runCli } from './helpers.ts';

const NOW_ARG = NOW.toUTC().toISO()!;
const SITE = 'title: Test Site\nurl: https://test.example.org/\nperPage: 5\n';
const AUTHORS = 'ana:\n  name: Ana Petrosyan\nbo:\n  name: Bo Lind\n';
const TAGS = ['Trade', 'Energy', 'Courts', 'Schools'];

/** Twenty articles by two authors over four tags; article 7 links to a heading of article 3. */
function archive(): Record<string, string> {
  const files: Record<string, string> = { 'content/site.yaml': SITE, 'content/authors.yaml': AUTHORS };
  for (let i = 1; i <= 20; i++) {
    const day = String(i).padStart(2, '0');
    const link = i === 7 ? 'See [the figures](/2023/05/story-3/#the-figures).\n' : '';
    files[`content/articles/story-${i}.md`] = [
      '---',
      `title: Story ${i}`,
      `date: 2023-05-${day}`,
      `author: ${i % 2 ? 'ana' : 'bo'}`,
      `tags: [${TAGS[i % 4]}, ${TAGS[(i + 1) % 4]}]`,
      '---',
      '',
      `Text of story ${i}.`,
      '',
      '## The figures',
      '',
      `Numbers ${i}.`,
      '',
      link,
    ].join('\n');
  }
  return files;
}

const edit = (root: string, path: string, change: (text: string) => string) =>
  writeFileSync(join(root, path), change(readFileSync(join(root, path), 'utf8')));

function built(outcome: BuildOutcome) {
  if (outcome.kind !== 'built') throw new Error(`expected a build, got ${JSON.stringify(outcome.problems)}`);
  return outcome.result;
}

describe('the dependency index', () => {
  it('works out the inputs of only the outputs that use an edited record, and the site equals a fresh build', async () => {
    const root = makeSite(archive());
    const session = new DevSession({ root, workers: 1, now: () => NOW });
    const first = built(await session.rebuild());
    expect(first.stats.outputsHashed).toBeGreaterThan(40);

    edit(root, 'content/articles/story-12.md', (text) => text.replace('title: Story 12', 'title: Story twelve'));
    const after = built(await session.rebuild());
    const fresh = await buildInMemory(root, { drafts: true, future: true });
    // Its page, the listings and feeds that show its card, and the pages that list it as related.
    expect(after.stats.outputsHashed).toBeGreaterThan(3);
    expect(after.stats.outputsHashed).toBeLessThan(first.stats.outputsHashed / 2);
    for (const [path, data] of fresh.writer.files) expect(session.site.get(path), path).toEqual(data);
    expect(session.site.paths().sort()).toEqual([...fresh.writer.files.keys()].sort());

    // A template is site-wide: every output is worked out again.
    edit(root, 'templates/partials/card.liquid', (text) => `${text}<!-- edited -->\n`);
    const everything = built(await session.rebuild());
    expect(everything.stats.outputsHashed).toBe(first.stats.outputsHashed);
  });
});

describe('the link check of a session', () => {
  it('finds a fragment link broken by renaming a heading on another page, though the linking page is not rendered again', async () => {
    const root = makeSite(archive());
    const session = new DevSession({ root, workers: 1, now: () => NOW });
    built(await session.rebuild());
    edit(root, 'content/articles/story-3.md', (text) => text.replace('## The figures', '## The numbers'));
    const broken = await session.rebuild();
    expect(broken.kind).toBe('failed');
    const problems = broken.kind === 'failed' ? broken.problems : [];
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'content/articles/story-7.md:14: link "/2023/05/story-3/#the-figures" leads nowhere: /2023/05/story-3/ has no element with id "the-figures"',
    ]);
    edit(root, 'content/articles/story-3.md', (text) => text.replace('## The numbers', '## The figures'));
    built(await session.rebuild());
  });

  it('does the same across processes, from the cache', async () => {
    const root = makeSite(archive());
    const args = ['build', '--root', root, '--now', NOW_ARG, '--quiet'];
    expect((await runCli(args)).code).toBe(0);
    edit(root, 'content/articles/story-3.md', (text) => text.replace('## The figures', '## The numbers'));
    const broken = await runCli(args);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('content/articles/story-7.md:14:5: error: link "/2023/05/story-3/#the-figures" leads nowhere');
    // A link broken in the edited page itself is found too.
    edit(root, 'content/articles/story-3.md', (text) => text.replace('## The numbers', '## The figures\n\n[Gone](/nowhere/)'));
    const own = await runCli(args);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('content/articles/story-3.md:12:1: error: link "/nowhere/" leads nowhere');
  });
});

describe('validated records read back from the cache', () => {
  it('point at the right line when a check across files finds a problem in a file that was not read again', async () => {
    const root = makeSite(archive());
    const args = ['build', '--root', root, '--now', NOW_ARG, '--quiet'];
    expect((await runCli(args)).code).toBe(0);
    // Only authors.yaml changes: story-2's record comes from the cache, and its author is gone.
    writeFileSync(join(root, 'content/authors.yaml'), 'ana:\n  name: Ana Petrosyan\n');
    const run = await runCli(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('content/articles/story-2.md:4:9: error: ');
    expect(run.stderr.match(/story-\d+\.md:4:9: error/g)).toHaveLength(10);
  });
});

describe('masthead check', () => {
  it("works from the build's caches: after a build it makes only what an edit changed, and everything with --no-cache", async () => {
    const root = makeSite(archive());
    const args = ['build', '--root', root, '--now', NOW_ARG, '--quiet'];
    const check = ['check', '--root', root, '--now', NOW_ARG];
    expect((await runCli(args)).code).toBe(0);
    const files = Number(/No errors in (\d+) files/.exec((await runCli(check)).stdout)?.[1]);
    expect((await runCli(check)).stdout).toContain(`No errors in ${files} files (0 made, ${files} as the last build made them;`);
    edit(root, 'content/articles/story-12.md', (text) => text.replace('title: Story 12', 'title: Story twelve'));
    const edited = /\((\d+) made, (\d+) as the last build/.exec((await runCli(check)).stdout);
    expect(Number(edited?.[1])).toBeGreaterThan(2);
    expect(Number(edited?.[1])).toBeLessThan(files / 3);
    expect((await runCli([...check, '--no-cache'])).stdout).toContain(`No errors in ${files} files (${files} made;`);
    // A check finds what a build would: a broken link in the edited article.
    edit(root, 'content/articles/story-12.md', (text) => `${text}\n[Gone](/nowhere/)\n`);
    const broken = await runCli(check);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('content/articles/story-12.md:15:1: error: link "/nowhere/" leads nowhere');
  });
});

describe('the cache a dev session leaves', () => {
  it('lists the bodies its last build used, though builds came faster than its writes', async () => {
    const root = makeSite(archive());
    const session = new DevSession({ root, workers: 1, now: () => NOW });
    built(await session.rebuild());
    edit(root, 'content/articles/story-5.md', (text) => text.replace('Numbers 5.', 'Numbers five.'));
    built(await session.rebuild());
    // A template edit before the writes' pause ends: its build renders no body.
    edit(root, 'templates/partials/card.liquid', (text) => `${text}<!-- edited -->\n`);
    built(await session.rebuild());
    await session.close();
    // The body index a build with a cache of its own writes for the same files.
    const fresh = join(root, 'fresh-cache');
    await build({ root, writer: new MemoryWriter(), now: NOW, include: { drafts: true, future: true }, cacheDir: fresh });
    const listed = (cacheDir: string) => Object.keys(JSON.parse(readFileSync(join(cacheDir, 'index.json'), 'utf8')).entries).sort();
    expect(listed(defaultCacheDir(root))).toEqual(listed(fresh));
  });
});
