// bin/masthead.js finds its bundle by a stamp of the source files' stats, not by reading them:
// the stamp must never lead to a bundle of older source. Run on a copy of masthead (its own
// node_modules of links to this one's packages), so the real bundle cache is not touched.
import { execFileSync } from 'node:child_process';
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
import { REPO } from './helpers.ts';

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'masthead-bundle-'));
  for (const name of ['bin', 'src', 'templates', 'package.json', 'package-lock.json'])
    cpSync(join(REPO, name), join(copy, name), { recursive: true });
  mkdirSync(join(copy, 'node_modules'));
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(join(REPO, 'node_modules', entry), join(copy, 'node_modules', entry));
  }
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

const help = () => execFileSync(process.execPath, [join(copy, 'bin', 'masthead.js'), '--help'], { encoding: 'utf8' });
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
