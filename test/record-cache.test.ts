// Records read back from the cache (src/incremental/record-cache.ts) in a new build: their
// dates keep the instant, the zone and the offset there, across a change of daylight saving
// time, so every page, feed and sitemap is the one a build without a cache makes. The cache
// keeps each date's offset so a new process need not work it out again; offsets kept under
// other time zone rules than the running Node's are never trusted.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { freshBuildFiles, makeSite, NOW } from './helpers.ts';

// Europe/Berlin is UTC+1 in winter and UTC+2 in summer; the last article is an hour after the
// autumn change, at a local time (02:30) that happens twice that night.
const DATES = ['2023-01-15T09:00', '2023-03-26T03:30', '2023-06-01T12:00', '2022-10-30T02:30+01:00'];

function zonedSite(timezone = 'Europe/Berlin'): string {
  const files: Record<string, string> = {
    'content/site.yaml': `title: Zone Daily\nurl: https://zone.example.org/\nlanguage: en-GB\ntimezone: ${timezone}\n`,
    'content/authors.yaml': 'ani:\n  name: Ani Sargsyan\n',
  };
  DATES.forEach((date, i) => {
    files[`content/articles/story-${i}.md`] =
      `---\ntitle: Story ${i}\ndate: ${date}\nupdated: 2023-06-02T08:15\nauthor: ani\nsummary: About ${i}.\n---\n\nText ${i}.\n`;
  });
  return makeSite(files);
}

/** A build of `root` into memory that reads and writes the records in `cacheDir`. */
async function buildWithCache(root: string, cacheDir: string): Promise<Map<string, string>> {
  const writer = new MemoryWriter();
  await build({ root, writer, now: NOW, cacheDir, workers: 1 });
  return new Map([...writer.files].map(([path, data]) => [path, Buffer.from(data).toString('base64')]));
}

/** Rewrites every record file in `cacheDir` through `change`. */
function editRecordFiles(cacheDir: string, change: (data: { tz?: string; records: { owner: Record<string, unknown> }[] }) => void): number {
  const dir = join(cacheDir, 'records');
  let dates = 0;
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    change(data);
    for (const record of data.records)
      dates += Object.values(record.owner).filter((v) => typeof v === 'object' && v && '$date' in v).length;
    writeFileSync(join(dir, name), JSON.stringify(data));
  }
  return dates;
}

describe('records read back from the cache', () => {
  it('give the bytes of a build without a cache, across a daylight saving change', async () => {
    const root = zonedSite();
    const cacheDir = mkdtempSync(join(tmpdir(), 'masthead-records-'));
    const fresh = await freshBuildFiles(root);
    expect(await buildWithCache(root, cacheDir)).toEqual(fresh);
    // Every article's date and updated date is kept, with its offset.
    const offsets: number[] = [];
    expect(
      editRecordFiles(cacheDir, (data) => {
        for (const { owner } of data.records)
          for (const value of Object.values(owner)) {
            if (typeof value === 'object' && value && 'offset' in value) offsets.push((value as { offset: number }).offset);
          }
      }),
    ).toBe(DATES.length * 2);
    expect(new Set(offsets)).toEqual(new Set([60, 120]));
    const restored = await buildWithCache(root, cacheDir);
    expect(restored).toEqual(fresh);
    const page = Buffer.from(restored.get('2023/03/story-1/index.html')!, 'base64').toString();
    expect(page).toContain('2023-03-26T03:30:00+02:00');
  });

  it('work offsets out again when they were kept under other time zone rules', async () => {
    const root = zonedSite();
    const cacheDir = mkdtempSync(join(tmpdir(), 'masthead-records-'));
    const fresh = await freshBuildFiles(root);
    await buildWithCache(root, cacheDir);
    // The rules of another Node release put every date four hours off; they must not be used.
    editRecordFiles(cacheDir, (data) => {
      data.tz = 'another-release';
      for (const { owner } of data.records)
        for (const value of Object.values(owner)) {
          if (typeof value === 'object' && value && 'offset' in value) (value as { offset: number }).offset += 240;
        }
    });
    expect(await buildWithCache(root, cacheDir)).toEqual(fresh);
  });

  // UTC is not an IANA zone to luxon: its dates print as Z, where a zone named "UTC" would print
  // +00:00; Etc/UTC is one, and prints +00:00 either way.
  it.each(['UTC', 'Etc/UTC', 'Asia/Kathmandu'])('give the bytes of a build without a cache in %s', async (timezone) => {
    const root = zonedSite(timezone);
    const cacheDir = mkdtempSync(join(tmpdir(), 'masthead-records-'));
    const fresh = await freshBuildFiles(root);
    await buildWithCache(root, cacheDir);
    expect(await buildWithCache(root, cacheDir)).toEqual(fresh);
  });
});
