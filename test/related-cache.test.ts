// Related-coverage choices kept on disk for the next process (src/incremental/related-cache.ts):
// a new process takes them only for a site of the same order and tags, and never from a damaged
// file. Through the CLI, since one process keeps them in memory anyway.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRelated, writeRelated } from '../src/incremental/related-cache.ts';
import { copyFixture, freshBuildFiles, NOW, runCli, siteFilesOn } from './helpers.ts';

const OLD = 'content/articles/2023/2023-03-01-old-news.md';

describe('related coverage kept for the next process', () => {
  it('is used only for the same order and tags: a new tag in common changes the choice', async () => {
    const root = copyFixture('basic');
    const work = mkdtempSync(join(tmpdir(), 'masthead-related-'));
    const [out, cache] = [join(work, 'public'), join(work, 'cache')];
    const args = ['build', '--root', root, '--out', out, '--cache', cache, '--now', NOW.toUTC().toISO()!, '--quiet'];
    expect((await runCli(args)).code).toBe(0);
    expect(readRelated(join(cache, 'related.json'))?.chosen.length).toBeGreaterThan(0);

    // The old story now shares Diplomacy and Russia with the summit: it becomes related to it.
    const file = join(root, OLD);
    writeFileSync(file, readFileSync(file, 'utf8').replace('tags: [Armenia]', 'tags: [Armenia, Diplomacy, Russia]'));
    expect((await runCli(args)).code).toBe(0);
    expect(siteFilesOn(out)).toEqual(await freshBuildFiles(root));

    // A title edit keeps the order and the tags: the kept choices serve, and the site is right.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: An older story, retold'));
    expect((await runCli(args)).code).toBe(0);
    expect(siteFilesOn(out)).toEqual(await freshBuildFiles(root));
  });

  it('ignores a damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masthead-related-'));
    const path = join(dir, 'related.json');
    await writeRelated(path, { key: 'k', chosen: Int32Array.from([1, 2, -1, 0, -2, -2]) });
    expect([...readRelated(path)!.chosen]).toEqual([1, 2, -1, 0, -2, -2]);
    const data = JSON.parse(readFileSync(path, 'utf8')) as { chosen: string };
    const bytes = Buffer.from(data.chosen, 'base64');
    bytes[0] = 3;
    writeFileSync(path, JSON.stringify({ ...data, chosen: bytes.toString('base64') }));
    expect(readRelated(path)).toBeUndefined();
    writeFileSync(path, '{"key":"k","chosen":');
    expect(readRelated(path)).toBeUndefined();
  });
});
