// A build that changes a few files moves them into the site in place, under a journal. A build
// killed half-way through the moves leaves the journal and the staging folder beside the site;
// the next build must finish what it began, and then build as usual.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSite, NOW, runCli } from './helpers.ts';

const NOW_ARG = NOW.toUTC().toISO()!;

function site(count: number): string {
  const files: Record<string, string> = { 'content/site.yaml': 'title: Journal Times\nurl: https://journal.example.org/\n' };
  for (let i = 1; i <= count; i++) {
    files[`content/articles/story-${i}.md`] = `---\ntitle: Story ${i}\ndate: 2023-05-${String(i).padStart(2, '0')}\n---\n\nText ${i}.\n`;
  }
  return makeSite(files);
}

const retitle = (root: string) => {
  const path = join(root, 'content/articles/story-12.md');
  writeFileSync(path, readFileSync(path, 'utf8').replace('title: Story 12', 'title: Story twelve'));
};

/** Every file under `dir` by its path, as a hash of its bytes. */
function tree(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(
    files.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [path.slice(dir.length + 1), createHash('sha256').update(readFileSync(path)).digest('hex')];
    }),
  );
}

describe('a build that changes a few files', () => {
  it('moves them in place: the other files keep their inode and time, nothing is left beside the site', async () => {
    const root = site(12);
    const out = join(mkdtempSync(join(tmpdir(), 'masthead-journal-')), 'out');
    const args = ['build', '--root', root, '--out', out, '--now', NOW_ARG, '--quiet'];
    expect((await runCli(args)).code).toBe(0);
    const untouched = statSync(join(out, '2023/05/story-1/index.html'));
    retitle(root);
    expect((await runCli(args)).code).toBe(0);
    const after = statSync(join(out, '2023/05/story-1/index.html'));
    expect([after.ino, after.mtimeMs]).toEqual([untouched.ino, untouched.mtimeMs]);
    expect(readFileSync(join(out, '2023/05/story-12/index.html'), 'utf8')).toContain('Story twelve');
    expect(readdirSync(dirname(out))).toEqual(['out']);
  });

  it('finishes the moves of a build killed half-way through them, even when the next build fails', async () => {
    const root = site(12);
    const parent = mkdtempSync(join(tmpdir(), 'masthead-journal-'));
    const out = join(parent, 'out');
    const args = (to: string) => ['build', '--root', root, '--out', to, '--now', NOW_ARG, '--quiet'];
    expect((await runCli(args(out))).code).toBe(0);
    const before = tree(out);
    retitle(root);
    const reference = join(mkdtempSync(join(tmpdir(), 'masthead-journal-ref-')), 'out');
    expect((await runCli(args(reference))).code).toBe(0);
    const expected = tree(reference);
    const changed = [...expected.keys()].filter((path) => before.get(path) !== expected.get(path)).sort();
    expect(changed.length).toBeGreaterThan(2);

    // What a killed build leaves: its journal, and its staging folder holding the files it had
    // not moved yet; the first of them it had moved.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const staging = join(parent, `.masthead-staging-out-${dead}`);
    changed.forEach((path, i) => {
      const target = i === 0 ? join(out, path) : join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(reference, path), target);
    });
    const journal = { pid: dead, staging, moves: changed, removals: [] };
    writeFileSync(join(parent, '.masthead-journal-out.json'), JSON.stringify(journal));

    // The next build fails on bad content, yet the site it finds is made whole first.
    const broken = join(root, 'content/articles/story-5.md');
    const text = readFileSync(broken, 'utf8');
    writeFileSync(broken, text.replace('date: 2023-05-05', 'date: 2023-02-30'));
    const failed = await runCli(args(out));
    expect(failed.code, failed.stderr).toBe(1);
    expect(tree(out)).toEqual(expected);
    expect(readdirSync(parent)).toEqual(['out']);

    writeFileSync(broken, text);
    const run = await runCli(args(out));
    expect(run.code, run.stderr).toBe(0);
    expect(tree(out)).toEqual(expected);
  });
});
