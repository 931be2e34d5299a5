// Names too long for a folder: a slug made from text (a tag, an author's plain name, a file
// name) is shortened, stays stable and stays apart from its neighbours; one an editor wrote out
// (a "slug" field, a section, an alias, a permalink that joins parts) is reported where it is.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildErrors, makeSite, runCli } from './helpers.ts';

const SITE_YAML = 'title: Long Names Daily\nurl: https://long.example.org/\ntimezone: UTC\n';
const NOW = '2023-07-01T12:00:00Z';
const words = (word: string, count: number) => Array.from({ length: count }, () => word).join(' ');
/** Two tags of 400 characters that differ only in their last word. */
const TAG_A = `${words('budget', 56)} alpha`;
const TAG_B = `${words('budget', 56)} omega`;
const AUTHOR = words('Anahit', 50);

function article(title: string, extra: string[] = []): string {
  return ['---', `title: ${title}`, 'date: 2023-05-01', ...extra, '---', '', 'Text.', ''].join('\n');
}

/** Every path under `dir`, relative, with forward slashes. */
function paths(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => p.split('\\').join('/'));
}

describe('slugs made from text longer than a folder name may be', () => {
  it('build through the CLI with every folder name under 256 bytes, distinct and stable', async () => {
    const root = makeSite({
      'content/site.yaml': SITE_YAML,
      // No authors.yaml: authors are plain names, slugged like tags.
      'content/articles/tags.md': article('Two long tags', [`author: ${AUTHOR}`, `tags: ["${TAG_A}", "${TAG_B}"]`]),
      // "♥" becomes "love": 60 of them in a 180-byte file name make a 299-character slug.
      [`content/articles/2023-05-01-${'♥'.repeat(60)}.md`]: article('Hearts'),
      // "щ" becomes "sch": 100 of them, 200 bytes, make 300 characters.
      [`content/pages/${'щ'.repeat(100)}.md`]: '---\ntitle: Cyrillic\n---\n\nText.\n',
    });
    const first = await runCli(['build', '--root', root, '--out', join(root, 'a'), '--no-cache', '--now', NOW]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const built = paths(join(root, 'a'));
    const tooLong = built.flatMap((p) => p.split('/')).filter((part) => Buffer.byteLength(part) > 255);
    expect(tooLong).toEqual([]);
    const tagPages = built.filter((p) => /^tags\/[^/]+\/index\.html$/.test(p));
    expect(tagPages).toHaveLength(2);
    for (const page of tagPages) expect(page).toMatch(/^tags\/budget(-budget)*-[0-9a-f]{10}\/index\.html$/);
    expect(built.filter((p) => /^authors\/anahit(-anahit)*-[0-9a-f]{10}\/index\.html$/.test(p))).toHaveLength(1);
    expect(built.filter((p) => /^2023\/05\/love(-love)*-[0-9a-f]{10}\/index\.html$/.test(p))).toHaveLength(1);
    expect(built.filter((p) => /^(sch)+[a-z]*-[0-9a-f]{10}\/index\.html$/.test(p))).toHaveLength(1);

    // The same content gives the same short names: links to them keep working.
    const second = await runCli(['build', '--root', root, '--out', join(root, 'b'), '--no-cache', '--now', NOW]);
    expect(second.code).toBe(0);
    expect(paths(join(root, 'b')).sort()).toEqual(built.sort());
  });
});

it('masthead new makes a file name that fits from a headline of any length, and it builds', async () => {
  const root = makeSite({ 'content/site.yaml': SITE_YAML });
  const made = await runCli(['new', '--root', root, words('Parliament debates the budget', 20)]);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  const path = /^Created (content\/articles\/\d{4}\/\d{4}-\d\d-\d\d-parliament-[a-z0-9-]+-[0-9a-f]{10}\.md)\n$/.exec(made.stdout)?.[1];
  expect(path, made.stdout).toBeDefined();
  expect(Buffer.byteLength(path!.split('/').at(-1)!)).toBeLessThanOrEqual(255);
  const built = await runCli(['build', '--root', root, '--drafts', '--no-cache']);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
});

describe('slugs an editor wrote out, too long for a folder name', () => {
  it('are each reported at the field, with what to do', async () => {
    const long = 'x'.repeat(300);
    const root = makeSite({
      'content/site.yaml': `${SITE_YAML}permalink: /:section-:slug/\nsections:\n  - slug: world\n    title: World\n`,
      'content/articles/a.md': article('A long slug', [`slug: ${long}`]),
      'content/articles/b.md': article('A long alias', [`aliases: [/old/${long}/]`]),
      // Fits alone (250 characters), not once the permalink puts "world-" before it.
      [`content/articles/${'y'.repeat(250)}.md`]: article('A long file name', ['section: world']),
    });
    expect(await buildErrors(root)).toEqual([
      'content/articles/a.md:4:7: error: "slug": a slug may be at most 255 characters, as it becomes a folder name: shorten it [slug]',
      "content/articles/b.md:4:11: error: this article's alias has a part of 300 bytes, more than a folder name may have (255): shorten the alias [url-too-long]",
      `content/articles/${'y'.repeat(250)}.md:3:7: error: this article's URL has a part of 256 bytes, more than a folder name may have (255): add a shorter "slug" field [url-too-long]`,
    ]);
    expect(existsSync(join(root, 'public'))).toBe(false);

    const section = makeSite({ 'content/site.yaml': `${SITE_YAML}sections:\n  - slug: ${long}\n    title: Long\n` });
    expect(await buildErrors(section)).toEqual([
      'content/site.yaml:5:11: error: "sections[0].slug": a section "slug" may be at most 255 characters, as it becomes a folder name (e.g. slug: politics) [sections]',
    ]);
  });
});
