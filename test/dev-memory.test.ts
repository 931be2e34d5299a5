// A dev session lives for a working day: what it keeps from build to build must not grow with
// the number of builds. A template edit re-renders every article page, the heaviest rebuild
// there is; after each one the heap still in use (measured in a child process that can force
// garbage collection) must stay where the first build left it. Nothing a finished build made may
// stay reachable: not through the cache's deferred writes, which once held the build before, nor
// through the finished writer, which a compile job of the JIT can hold a little longer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.ts';
import { writeMastheadSite } from '../bench/sites.ts';
import { REPO } from './helpers.ts';

const site = mkdtempSync(join(tmpdir(), 'masthead-dev-memory-'));
afterAll(() => rmSync(site, { recursive: true, force: true }));

/** The heap in use, in bytes, after the first build and after each of `edits` template edits. */
function heapAfterTemplateEdits(edits: number): number[] {
  const module = (path: string) => JSON.stringify(pathToFileURL(join(REPO, path)).href);
  const script = `
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { DevSession } from ${module('src/dev/session.ts')};
const root = ${JSON.stringify(site)};
const session = new DevSession({ root, cacheDir: join(root, 'cache'), workers: 1, now: () => DateTime.fromISO('2026-01-01T00:00:00Z') });
const byline = join(root, 'templates', 'partials', 'byline.liquid');
const original = readFileSync(byline, 'utf8');
const heap = [];
const measure = async () => {
  const outcome = await session.rebuild();
  if (outcome.kind !== 'built') throw new Error(outcome.kind);
  gc();
  heap.push(process.memoryUsage().heapUsed);
};
await measure();
for (let i = 0; i < ${edits}; i++) {
  writeFileSync(byline, original.trimEnd() + '<!-- edit ' + i + ' -->\\n');
  await measure();
}
await session.close();
console.log(JSON.stringify(heap));
`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return JSON.parse(out) as number[];
}

describe('a dev session', () => {
  it('keeps no more after ten template edits than after its first build', () => {
    writeMastheadSite(site, generateCorpus(150), join(REPO, 'templates'));
    const heap = heapAfterTemplateEdits(10);
    const growth = Math.max(...heap.slice(1)) - heap[0]!;
    // One build's pages of this site hold about 12 MiB: a session keeping them one build longer
    // adds that much, keeping them build after build adds it each time. Measured without either,
    // ten edits add about 1-2 MiB, most of it code the JIT compiles as it warms up.
    expect(growth, `heap after each build: ${heap.map((b) => (b / 2 ** 20).toFixed(1)).join(', ')} MiB`).toBeLessThan(4 * 2 ** 20);
  });
});
