// The build's own JSON files (the writer's manifest, the body index) are written entry by entry,
// so the end of a big build never holds one piece of text the size of the archive. What a later
// build reads back must be exactly what one JSON.stringify would have written.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJson, writeJsonEntries } from '../src/output/json-file.ts';
import { readManifest, writeManifest, type Manifest } from '../src/output/manifest.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'masthead-json-'));

/** What writeJson makes of the same data, for comparison. */
async function whole(head: Record<string, unknown>, key: string, entries: [string, unknown][]): Promise<string> {
  const path = join(folder(), 'whole.json');
  await writeJson(path, { ...head, [key]: Object.fromEntries(entries) });
  return readFileSync(path, 'utf8');
}

async function streamed(head: Record<string, unknown>, key: string, entries: [string, unknown][]): Promise<string> {
  const dir = folder();
  const path = join(dir, 'nested/streamed.json');
  await writeJsonEntries(path, head, key, entries);
  expect(readdirSync(join(dir, 'nested'))).toEqual(['streamed.json']); // no temporary file left
  return readFileSync(path, 'utf8');
}

describe('writeJsonEntries', () => {
  it('writes the bytes JSON.stringify makes of the whole object', async () => {
    const cases: [Record<string, unknown>, string, [string, unknown][]][] = [
      [
        { version: 3 },
        'entries',
        [
          ['a', { n: 1 }],
          ['b"quoted\\', [1, 'two', null]],
          ['ü/é', 'text'],
        ],
      ],
      [{}, 'files', [['x', 1]]],
      [{ site: undefined }, 'files', []],
      [
        { site: 'abc', other: { deep: [1] } },
        'files',
        [
          ['kept', { inputs: undefined, content: 'c' }],
          ['dropped', undefined],
        ],
      ],
    ];
    for (const [head, key, entries] of cases) expect(await streamed(head, key, entries)).toBe(await whole(head, key, entries));
  });

  it('stays one valid JSON text across the pieces it writes in', async () => {
    // About 6 MB: several of the 1 MB pieces, with entries that straddle their edges.
    const entries = Array.from({ length: 30_000 }, (_, i): [string, unknown] => [
      `${i}/article-${i}/index.html`,
      { content: 'f'.repeat(64), size: i * 7, text: 'é'.repeat(i % 97) },
    ]);
    const text = await streamed({ version: 1 }, 'entries', entries);
    expect(text).toBe(await whole({ version: 1 }, 'entries', entries));
    expect(Object.keys((JSON.parse(text) as { entries: object }).entries)).toHaveLength(30_000);
  });
});

describe('the manifest', () => {
  it('reads back as written', async () => {
    const path = join(folder(), 'manifest.json');
    const files: Manifest = {
      'index.html': { inputs: 'i1', content: 'c1', size: 10, mtimeMs: 1700000000000.5 },
      'feed.xml': { content: 'c2', size: 20, mtimeMs: 1700000000001 },
    };
    await writeManifest(path, 'site-hash', files);
    expect(await readManifest(path)).toEqual({ site: 'site-hash', files });
    await writeManifest(path, undefined, {});
    expect(await readManifest(path)).toEqual({ site: undefined, files: {} });
  });
});
