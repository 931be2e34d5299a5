// The link check keeps each page's ids and links until the end of the build: what it keeps must
// be small, never the page itself. Measured in a child process that can force garbage collection.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const html = pathToFileURL(join(import.meta.dirname, '..', 'src', 'links', 'html.ts')).href;

/** Scans `pages` pages of about 100 KB, keeps what the scan returns, and reports how many bytes
 * of heap stay in use per page once the pages themselves are gone. */
const SCRIPT = `
import { scanPage } from ${JSON.stringify(html)};
const pages = 200;
const kept = [];
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < pages; i++) {
  const filler = '<p>' + 'word '.repeat(20000) + String(i) + '</p>';
  const page = '<html><body><h2 id="a-long-heading-id-number-' + i + '">Part</h2>' + filler +
    '<a name="an-anchor-name-that-is-long-' + i + '" href="/tags/some-long-tag-name-' + i + '/">x</a></body></html>';
  kept.push(scanPage(page));
}
gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ perPage: (after - before) / pages, ids: kept[pages - 1].ids }));
`;

describe('link records', () => {
  it('keep a page\u2019s ids and links, not its HTML', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
    });
    const { perPage, ids } = JSON.parse(out) as { perPage: number; ids: string[] };
    expect(ids).toEqual(['a-long-heading-id-number-199', 'an-anchor-name-that-is-long-199']);
    // A page is about 100 KB; its record, a few hundred bytes.
    expect(perPage).toBeLessThan(5_000);
  });
});
