// The dependency and link-check state on disk (src/incremental/state-store.ts): read back as it
// was written, rewritten only where an entry changed, and never read as a mix of two builds.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readState, writeState, type State } from '../src/incremental/state-store.ts';

function siteState(outputs: number, edited = -1): State {
  const inputs = new Map<string, string>();
  const versions = new Map<string, string>();
  const pages = new Map<string, { inputs: string; ids: readonly string[] }>();
  for (let i = 0; i < outputs; i++) {
    const hash = i === edited ? `edited-${i}` : `inputs-${i}`;
    inputs.set(`2023/story-${i}/index.html`, hash);
    versions.set(`content/articles/story-${i}.md`, i === edited ? `version-edited` : `version-${i}`);
    pages.set(`2023/story-${i}/index.html`, { inputs: hash, ids: [`heading-${i}`, 'footnotes'] });
  }
  return { dependencies: { siteKey: 'site', versions, inputs }, links: { siteKey: 'site', pages } };
}

const files = (dir: string) => new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

describe('the state on disk', () => {
  it('reads back what was written', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'masthead-state-')), 'state');
    const state = siteState(500);
    await writeState(dir, state, undefined);
    const read = readState(dir)!;
    expect(read.state.dependencies?.siteKey).toBe('site');
    expect(read.state.dependencies?.inputs).toEqual(state.dependencies!.inputs);
    expect(read.state.dependencies?.versions).toEqual(state.dependencies!.versions);
    expect(read.state.links?.pages).toEqual(state.links!.pages);
  });

  it('rewrites only the files holding an entry that changed, and the head', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'masthead-state-')), 'state');
    await writeState(dir, siteState(2000), undefined);
    const before = files(dir);
    expect(before.size).toBe(257);
    const edited = siteState(2000, 7);
    await writeState(dir, edited, readState(dir));
    const after = files(dir);
    const rewritten = [...after.keys()].filter((name) => after.get(name) !== before.get(name)).sort();
    // The output's and the source's shard (the same one at most twice), and the head.
    expect(rewritten.length).toBeGreaterThanOrEqual(2);
    expect(rewritten.length).toBeLessThanOrEqual(3);
    expect(rewritten).toContain('head.json');
    expect(readState(dir)!.state.dependencies?.inputs.get('2023/story-7/index.html')).toBe('edited-7');
    expect(readState(dir)!.state.links?.pages).toEqual(edited.links!.pages);
  });

  it('is missing as a whole when a file is not of the generation the head names (a build killed half-way)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'masthead-state-')), 'state');
    await writeState(dir, siteState(300), undefined);
    const first = readState(dir)!;
    // The second build wrote its shard files and died before its head: an older head, newer files.
    const head = readFileSync(join(dir, 'head.json'), 'utf8');
    await writeState(dir, siteState(300, 3), first);
    writeFileSync(join(dir, 'head.json'), head);
    expect(readState(dir)).toBeUndefined();
  });
});
