// The main thread's heap is collected once it grows by a quarter over what it holds (src/heap.ts),
// rather than at V8's own limit, which lets a heap with rare collections grow to about three
// times its live data. Measured in a child process, whose heap holds only what the script
// makes: 48 MB kept, and 40 rounds of objects that live long enough to be promoted to the old
// generation and are then dropped, as a build's records and pages are.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.ts';

const SCRIPT = `
import { getHeapStatistics } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
const { keepHeapTight } = await import(${JSON.stringify(pathToFileURL(join(REPO, 'src', 'heap.ts')).href)});
const stop = process.env.TIGHT === '1' ? keepHeapTight() : () => {};
const used = () => getHeapStatistics().used_heap_size;
const objects = (megabytes) => Array.from({ length: megabytes * 16384 }, (_, i) => ({ i, text: 'x' + i }));
const kept = objects(48);
await sleep(300);
const base = used();
let most = 0;
for (let round = 0; round < 40; round++) {
  let held = objects(8);
  await sleep(60);
  held = undefined;
  most = Math.max(most, used());
}
stop();
console.log(JSON.stringify({ base, most, kept: kept.length }));
`;

function churn(tight: boolean): { base: number; most: number } {
  const dir = mkdtempSync(join(tmpdir(), 'masthead-heap-'));
  try {
    const script = join(dir, 'churn.mjs');
    writeFileSync(script, SCRIPT);
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO,
      env: { ...process.env, TIGHT: tight ? '1' : '0' },
      encoding: 'utf8',
    });
    return JSON.parse(out) as { base: number; most: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the main thread heap', () => {
  it('is collected once it has grown by a quarter over its live data', () => {
    const tight = churn(true);
    // A quarter over the live heap, the 32 MB of slack, and what the rounds make between two
    // checks (40 MB; with a half, the heap reached 158 MB here, past this bound).
    expect(tight.most).toBeLessThan(tight.base * 1.25 + 72 * 1024 * 1024);
    // Left to V8, the same script's heap grows far past that: the bound above tells the two apart.
    const loose = churn(false);
    expect(loose.most).toBeGreaterThan(tight.most * 1.5);
  }, 60_000);
});
