// The link check keeps each page's ids and links until the end of the build: what it keeps must
// be small, never the page itself. Measured in a child process that can force garbage collection.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = (name: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', 'src', 'links', name)).href);

/** Scans 2,000 pages made by `page(i)` with one interner, keeps what the scans return, and prints
 * the heap that stays in use per page once the pages themselves are gone, and the last record. */
function keptPerPage(page: string): { perPage: number; last: { ids: string[]; links: string[] } } {
  const script = `
import { scanPage } from ${module('html.ts')};
import { interner } from ${module('page-links.ts')};
const page = ${page};
const intern = interner();
const kept = [];
for (let i = 0; i < 3; i++) scanPage(page(i), intern);
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 2000; i++) kept.push(scanPage(page(i), intern));
gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ perPage: (after - before) / 2000, last: kept[1999] }));
`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as ReturnType<typeof keptPerPage>;
}

describe('link records', () => {
  it('keep a page\u2019s ids and links, not its HTML', () => {
    const page = `(i) => '<h2 id="a-long-heading-id-number-' + i + '">Part</h2><p>' + 'word '.repeat(20000) + i + '</p>' +
      '<a name="an-anchor-name-that-is-long-' + i + '" href="/tags/some-long-tag-name-' + i + '/">x</a>'`;
    const { perPage, last } = keptPerPage(page);
    expect(last).toEqual({
      ids: ['a-long-heading-id-number-1999', 'an-anchor-name-that-is-long-1999'],
      links: ['/tags/some-long-tag-name-1999/'],
    });
    // A page is about 100 KB; its record, a few hundred bytes.
    expect(perPage).toBeLessThan(2_000);
  });

  it('cost little more than a word a link for the links every page shares', () => {
    // Forty navigation links on every page, as a site's header and footer have.
    const page = `(i) => Array.from({ length: 40 }, (_, n) => '<a href="/section-number-' + n + '/">' + n + '</a>').join('') + '<p>' + i + '</p>'`;
    const { perPage, last } = keptPerPage(page);
    expect(last.links).toHaveLength(40);
    // 40 shared strings are 320 bytes of pointers; the heap measured around them moves by tens of
    // bytes from run to run. An object keyed by URL, as records were, costs about 1,500.
    expect(perPage).toBeLessThan(1_000);
  });
});
