// bin/masthead.js finds its bundle by a stamp of the source files' stats, not by reading them:
// the stamp must never lead to a bundle of older source. Run on a copy of masthead (its own
// node_modules of links to this one's packages), so the real bundle cache is not touched.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, REPO } from './helpers.ts';

let copy: string;

/** A copy of masthead in a new temporary folder, with no bundle cache. */
function copyOfMasthead(): string {
  const dir = mkdtempSync(join(tmpdir(), 'masthead-bundle-'));
  for (const name of ['bin', 'src', 'templates', 'package.json', 'package-lock.json'])
    cpSync(join(REPO, name), join(dir, name), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(join(REPO, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  return dir;
}

beforeAll(() => {
  copy = copyOfMasthead();
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

const run = (args: string[]) => execFileSync(process.execPath, [join(copy, 'bin', 'masthead.js'), ...args], { encoding: 'utf8' });
const help = () => run(['--help']);
const bundles = () => readdirSync(join(copy, 'node_modules', '.cache', 'masthead-engine')).filter((name) => !name.includes('.'));

describe('the bundle bin/masthead.js runs', () => {
  it('is made once, then found again without being rebuilt', () => {
    expect(help()).toContain('a static news-site generator');
    const first = bundles();
    expect(first).toHaveLength(1);
    expect(help()).toContain('a static news-site generator');
    expect(bundles()).toEqual(first);
  });

  it('follows a source file edited to the same size and modification time', () => {
    const cli = join(copy, 'src', 'cli.ts');
    // A time a file system keeps exactly, set before and after the edit.
    const time = new Date('2026-01-01T00:00:00Z');
    utimesSync(cli, time, time);
    expect(help()).toContain('a static news-site generator');
    const before = statSync(cli);
    const text = readFileSync(cli, 'utf8');
    const edited = text.replace('a static news-site generator', 'a STATIC NEWS-SITE GENERATOR');
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(cli, edited);
    utimesSync(cli, time, time);
    expect(statSync(cli).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(cli).size).toBe(before.size);
    expect(help()).toContain('a STATIC NEWS-SITE GENERATOR');
  });
});

describe('the code cache bin/masthead.js keeps beside the bundle', () => {
  // The bundle of the source as it is now (the test above made a second one): the newest made.
  const engine = () => {
    const dir = join(copy, 'node_modules', '.cache', 'masthead-engine');
    const made = (name: string) => statSync(join(dir, name, 'cli.cjs')).mtimeMs;
    return join(dir, bundles().sort((a, b) => made(b) - made(a))[0]!);
  };
  const caches = () => readdirSync(engine()).filter((name) => name.endsWith('.v8-cache'));
  const cacheFile = () => join(engine(), caches()[0]!);
  // What it prints, but for the time it took.
  const check = (site: string) => run(['check', '--root', site, '--now', '2023-07-01T12:00:00Z']).replace(/[\d.]+ s\)/, 'N s)');

  it('is written by the first run, again by a run that compiled more, and then used as it is', () => {
    const site = copyFixture('basic');
    try {
      help();
      for (const name of caches()) rmSync(join(engine(), name));
      help();
      expect(caches()).toHaveLength(1);
      const small = statSync(cacheFile());
      // A check compiles far more of the engine than --help: its functions are kept too.
      const first = check(site);
      const written = statSync(cacheFile());
      expect(written.size).toBeGreaterThan(small.size + 100_000);
      // V8 took it, and this run compiled nothing new: the cache is not written again.
      expect(check(site)).toBe(first);
      expect(help().toLowerCase()).toContain('a static news-site generator');
      expect(statSync(cacheFile()).mtimeMs).toBe(written.mtimeMs);
      expect(statSync(cacheFile()).ino).toBe(written.ino);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  it('is never trusted when damaged: the command runs, and the cache is made again', () => {
    const site = copyFixture('basic');
    try {
      const expected = check(site);
      // Cut short, as by a full disk, and its bytes changed.
      const kept = readFileSync(cacheFile());
      const damaged = Buffer.from(kept.subarray(0, kept.length - 1000).map((byte, i) => (i > 64 ? byte ^ 0x5a : byte)));
      writeFileSync(cacheFile(), damaged);
      expect(check(site)).toBe(expected);
      expect(readFileSync(cacheFile()).equals(damaged)).toBe(false);
      expect(check(site)).toBe(expected);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  it('is kept apart for each set of Node flags, which V8 checks a cache against', () => {
    const site = copyFixture('basic');
    try {
      const expected = check(site);
      const before = caches();
      const flagged = execFileSync(process.execPath, ['--stack-size=2000', join(copy, 'bin', 'masthead.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(flagged.toLowerCase()).toContain('a static news-site generator');
      expect(caches()).toHaveLength(before.length + 1);
      // The build's own cache is as it was, and still taken.
      const mine = statSync(join(engine(), before[0]!));
      expect(check(site)).toBe(expected);
      expect(statSync(join(engine(), before[0]!)).mtimeMs).toBe(mine.mtimeMs);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});

describe('bin/masthead.js without a bundle', () => {
  it('runs the command from source and says why on stderr', () => {
    const dir = copyOfMasthead();
    try {
      // A file where the cache folder should be: no bundle can be written, even by root.
      writeFileSync(join(dir, 'node_modules', '.cache'), 'not a folder');
      const result = spawnSync(process.execPath, [join(dir, 'bin', 'masthead.js'), '--help'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('a static news-site generator');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^masthead: running from source, which starts more slowly: the engine could not be bundled into /);
      expect(lines[0]).toContain(join(dir, 'node_modules', '.cache', 'masthead-engine'));
      expect(lines[0]).toMatch(/not a directory/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
