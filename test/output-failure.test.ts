// A real output that fails to be written (not a mock of build()) takes the internal-error path:
// the message and a request to report it, exit 1, the staging folder and the temporary cache
// removed, and the previous site left as it was. The failure here is the file system's own
// limit on a whole path (PATH_MAX, 4096 bytes on Linux): every name fits, the full path does not.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { expect, it } from 'vitest';
import { copyFixture, runCli } from './helpers.ts';

const NOW = '2023-07-01T12:00:00Z';

function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files.set(
        relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'),
        readFileSync(join(entry.parentPath, entry.name), 'utf8'),
      );
  }
  return files;
}

/** A folder whose own path is about 4040 bytes: the output folder inside it still fits the
 * limit, the staging folder beside it too, but the deeper pages staged there do not. */
function deepFolder(): string {
  let path = mkdtempSync(join(tmpdir(), 'masthead-deep-'));
  while (path.length < 4040) path = join(path, 'd'.repeat(Math.min(200, 4040 - path.length - 1)));
  mkdirSync(path, { recursive: true });
  return path;
}

it('a page the file system refuses to write is an internal error that leaves nothing behind', async () => {
  const root = copyFixture('basic');
  const temp = mkdtempSync(join(tmpdir(), 'masthead-tmp-'));
  // The previous site is built where paths are short, then moved where they are long.
  expect((await runCli(['build', '--root', root, '--no-cache', '--now', NOW])).code).toBe(0);
  const parent = deepFolder();
  const out = join(parent, 'public');
  renameSync(join(root, 'public'), out);
  const previous = tree(out);
  // An edited article makes the build stage its page (and the pages that list it) again.
  const story = join(root, 'content/articles/2023/2023-05-25-summit-in-moscow.md');
  writeFileSync(story, `${readFileSync(story, 'utf8')}\nA paragraph added later.\n`);

  const run = await runCli(['build', '--root', root, '--out', out, '--no-cache', '--now', NOW], { TMPDIR: temp });

  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  // The contract of test/internal-error.test.ts: what failed, that it is masthead's bug and to
  // report it, first; the stack only after that, as the details of the report.
  const lines = run.stderr.split('\n');
  expect(lines[0]).toMatch(/^masthead: internal error: ENAMETOOLONG: name too long, \w+ '/);
  expect(lines[1]).toBe('This is a bug in masthead, not in your content. Please report it with the details below.');
  expect(run.stderr).not.toMatch(/UnhandledPromiseRejection|node:internal\/process/);
  expect(readdirSync(parent)).toEqual(['public']);
  expect(readdirSync(temp)).toEqual([]);
  const after = tree(out);
  expect([...after.keys()].sort()).toEqual([...previous.keys()].sort());
  for (const [path, text] of previous) expect(after.get(path), path).toBe(text);
});
