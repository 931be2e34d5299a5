// The cost of search: index time and size on a generated archive, apart from `npm run bench`.
//   node --import tsx bench/search.ts [--size 300]
// Builds the corpus cold with search off and on, then again after editing one article (the
// index is made again whole) and after editing nothing; prints the search stage's time, the
// build's total, and the bytes of pagefind/ (all of it, and the index data without the UI code).
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { build, type BuildResult } from '../src/build.ts';
import { DiskWriter } from '../src/output/writer.ts';
import { generateCorpus } from './corpus.ts';
import { writeMastheadSite } from './sites.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '300' } } });
const size = Number(values.size);
const now = DateTime.fromISO('2030-01-01T00:00:00Z');
const work = mkdtempSync(join(tmpdir(), 'masthead-search-bench-'));

try {
  const articles = generateCorpus(size);
  const run = async (root: string, label: string) => {
    const out = join(root, 'public');
    const cacheDir = join(root, 'cache');
    const writer = await DiskWriter.open(out, join(cacheDir, 'manifest.json'));
    const started = performance.now();
    const result: BuildResult = await build({ root, writer, now, cacheDir });
    const total = performance.now() - started;
    const stage = result.timings.find(([name]) => name === 'search index')?.[1] ?? 0;
    console.log(`${label.padEnd(34)} total ${(total / 1000).toFixed(2)} s, search index ${(stage / 1000).toFixed(2)} s`);
  };

  const off = join(work, 'off');
  writeMastheadSite(off, articles, join(import.meta.dirname, '..', 'templates'));
  await run(off, `${size} articles, search off, cold`);

  const on = join(work, 'on');
  writeMastheadSite(on, articles, join(import.meta.dirname, '..', 'templates'));
  appendFileSync(join(on, 'content', 'site.yaml'), 'search: true\n');
  await run(on, `${size} articles, search on, cold`);
  const folder = join(on, 'public', 'pagefind');
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const bytes = (pick: (name: string) => boolean) =>
    files.filter((entry) => pick(entry.name)).reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
  const all = bytes(() => true);
  const data = bytes((name) => /\.pf_(?:fragment|index|filter|meta)$/.test(name));
  console.log(`pagefind/: ${files.length} files, ${(all / 1024).toFixed(0)} KiB; index data ${(data / 1024).toFixed(0)} KiB`);

  const year = articles[0]!.date.slice(0, 4);
  appendFileSync(join(on, 'content', 'articles', year, `${articles[0]!.slug}.md`), '\nOne more sentence for the index.\n');
  await run(on, 'one article edited');
  await run(on, 'nothing edited');
} finally {
  rmSync(work, { recursive: true, force: true });
}
