// `masthead check` on the caches a build keeps: it re-encodes no image the cache holds, makes no
// search index, and writes no site, only the cache a later build (or check) reads.
import { appendFileSync, existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, defaultCacheDir } from '../src/build.ts';
import { MemoryWriter, CheckWriter } from '../src/output/memory-writer.ts';
import { copyFixture, fileStates, NOW, picture, runCli } from './helpers.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** The basic fixture with search on and a photo on one article. */
async function site(): Promise<string> {
  const root = copyFixture('basic');
  roots.push(root);
  appendFileSync(join(root, 'content', 'site.yaml'), 'search: true\n');
  const media = join(root, 'content', 'media');
  writeFileSync(join(media, 'harbour.jpg'), await picture(900, 600, 'jpeg'));
  // Saved an hour ago: a time as recent as the build's read of a file would not be trusted.
  for (const entry of readdirSync(media, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()))
    utimesSync(join(entry.parentPath, entry.name), new Date(), new Date(Date.now() - 3600_000));
  appendFileSync(join(root, 'content', 'articles', '2023', '2023-03-01-old-news.md'), '\n![The harbour](/media/harbour.jpg)\n');
  return root;
}

/** Every file under `dir` with its size and modification time. */
const times = (dir: string) => fileStates(dir, (stat) => `${stat.size}:${stat.mtimeMs}`);

const NOW_ARG = ['--now', NOW.toISO()!];

describe('masthead check after a build', () => {
  it('encodes no image, makes no search index, and leaves the site and the cached images and index as they were', async () => {
    const root = await site();
    const cache = defaultCacheDir(root);
    expect((await runCli(['build', '--root', root, ...NOW_ARG])).code).toBe(0);
    const images = times(join(cache, 'images'));
    const search = times(join(cache, 'search'));
    const list = statSync(join(cache, 'search-index.json')).mtimeMs;
    const published = times(join(root, 'public'));
    expect([...images.keys()].some((path) => path.endsWith('card.jpg'))).toBe(true);

    const run = await runCli(['check', '--root', root, ...NOW_ARG]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No errors in \d+ files/m);
    expect(times(join(cache, 'images'))).toEqual(images);
    expect(times(join(cache, 'search'))).toEqual(search);
    expect(statSync(join(cache, 'search-index.json')).mtimeMs).toBe(list);
    expect(times(join(root, 'public'))).toEqual(published);

    // What the command asks of the build, seen from inside: nothing encoded, nothing indexed.
    const phases = new Set<string>();
    const { stats } = await build({
      root,
      writer: new CheckWriter(),
      now: NOW,
      cacheDir: cache,
      searchIndex: 'skip',
      onProgress: (phase) => phases.add(phase),
    });
    expect(stats.imagesEncoded).toBe(0);
    expect(phases.has('search')).toBe(false);
  });
});

describe('masthead check before any build', () => {
  it('encodes images into the cache only, so the build after it encodes none', async () => {
    const root = await site();
    expect((await runCli(['check', '--root', root, ...NOW_ARG])).code).toBe(0);
    expect(existsSync(join(root, 'public'))).toBe(false);
    expect(existsSync(join(defaultCacheDir(root), 'search-index.json'))).toBe(false);
    const { stats } = await build({ root, writer: new MemoryWriter(), now: NOW, cacheDir: defaultCacheDir(root) });
    expect(stats.imagesEncoded).toBe(0);
    expect(stats.bodiesRendered).toBe(0);
  });
});
