// The command line as users run it: a separate `node bin/masthead.js` process per test, checking
// exit codes (0 success, 1 content errors, 2 wrong usage), what goes to stdout and stderr, and
// what is (and is not) written to disk.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ARTICLE_KEYS, articleSchema } from '../src/content/schema.ts';
import { buildInMemory, copyFixture, REPO, runCli } from './helpers.ts';

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const HOW_TO_DATE = 'write YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional offset such as +04:00';
/** A moment within 48 hours after the basic fixture's summit story, so the news sitemap lists it. */
const NOW_ISO = '2023-05-26T12:00:00Z';
const NOW_EPOCH = String(Date.parse(NOW_ISO) / 1000);
/** What a build of the basic fixture says of its draft and its September story (test/scheduling.test.ts has the rest). */
const SCHEDULE_LINES = [
  'left out: 1 draft (--drafts shows it), 1 scheduled article (--future shows it)',
  "next scheduled: 'A story scheduled for September' at 2023-09-01 00:00 +04:00",
];

/** Every file under `dir` (path relative to it, forward slashes) with its bytes. */
/** Every file under `dir` but masthead's cache (node_modules/.cache/masthead, where `check`
 * keeps what it renders for the next build, as a build does). */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.startsWith(join(dir, 'node_modules', '.cache', 'masthead'))) continue;
    const absolute = join(entry.parentPath, entry.name);
    files.set(relative(dir, absolute).split(sep).join('/'), readFileSync(absolute));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A site's files but its cache, which `check` reads and fills as `build` does. */
function withoutCache(files: Map<string, Buffer>): Map<string, Buffer> {
  return new Map([...files].filter(([path]) => !path.startsWith('node_modules/.cache/')));
}

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `masthead-cli-${name}-`));
}

/** Fails with a readable message when a stream holds a JavaScript stack trace. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.toContain('internal error');
}

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help names every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const command of ['build', 'check', 'new']) expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
  });

  it('build --help names every flag of build', async () => {
    const run = await runCli(['build', '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: masthead build /);
    for (const flag of [
      '--root DIR',
      '--out DIR',
      '--drafts',
      '--future',
      '--now ISO-DATETIME',
      '--base-url URL',
      '--cache DIR',
      '--no-cache',
      '--shard K/N',
    ])
      expect(run.stdout).toContain(flag);
  });

  it("each command's usage line names the flags the README's command list does, and its --help describes each", async () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const list = /^## Commands\n[\s\S]*?^```\n([\s\S]*?)^```/m.exec(readme)![1]!;
    const inReadme = new Map<string, Set<string>>();
    let command = '';
    for (const line of list.split('\n')) {
      // A command's line, or the continuation of the one before it.
      if (!/^\s/.test(line)) command = /^masthead (\w+)/.exec(line)?.[1] ?? '';
      if (command) inReadme.set(command, new Set([...(inReadme.get(command) ?? []), ...(line.match(/--[a-z-]+/g) ?? [])]));
    }
    expect([...inReadme.keys()].sort()).toEqual(['build', 'check', 'dev', 'new']);
    for (const [name, flags] of inReadme) {
      const help = (await runCli([name, '--help'])).stdout;
      const usage = help.slice(0, help.indexOf('\n\n'));
      expect(new Set(usage.match(/--[a-z-]+/g)), `${name}: usage line vs README`).toEqual(flags);
      const described = new Set(help.match(/^ {2}--[a-z-]+/gm)?.map((flag) => flag.trim()));
      expect(
        [...flags].filter((flag) => !described.has(flag)),
        `${name}: flags --help does not describe`,
      ).toEqual([]);
    }
  });
});

describe('wrong usage exits 2 with a message on stderr', () => {
  it('an unknown command', async () => {
    const run = await runCli(['publish']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^masthead: unknown command "publish"/);
    expectNoStackTrace(run.stderr);
  });

  it('an unknown flag, and nothing is built', async () => {
    const root = copyFixture('basic');
    const run = await runCli(['build', '--root', root, '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^masthead: .*'--frobnicate'/);
    expectNoStackTrace(run.stderr);
    expect(existsSync(join(root, 'public'))).toBe(false);
  });

  it('--now that is not a date, and nothing is built', async () => {
    const root = copyFixture('basic');
    const run = await runCli(['build', '--root', root, '--now', 'not-a-date']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('masthead: --now must be an ISO 8601 date-time such as 2023-05-25T12:00:00Z, got "not-a-date"');
    expectNoStackTrace(run.stderr);
    expect(existsSync(join(root, 'public'))).toBe(false);
  });
});

describe('a --root that is not a site is wrong usage: exit 2, naming the folder, nothing written', () => {
  const cases: [string, () => string, (dir: string) => string][] = [
    ['a folder that does not exist', () => join(tempDir('gone'), 'no', 'such', 'folder'), (dir) => `--root ${dir}: no such folder`],
    [
      'a file',
      () => {
        const file = join(tempDir('file'), 'site.yaml');
        writeFileSync(file, 'title: A file\n');
        return file;
      },
      (dir) => `--root ${dir} is a file, not a folder`,
    ],
    ['a folder without content/site.yaml', () => tempDir('empty'), (dir) => `not a masthead site: no content/site.yaml in ${dir}`],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const dir = make();
    // The nearest folder that exists: it must hold afterwards exactly what it held before.
    let watched = dir;
    while (!existsSync(watched) || !statSync(watched).isDirectory()) watched = dirname(watched);
    const before = tree(watched);
    for (const command of [['build'], ['check'], ['new', 'A Headline']]) {
      const run = await runCli([...command, '--root', dir]);
      expect(run.code, command[0]).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`masthead: ${message(dir)}; give --root the folder that holds content/ and templates/`);
      // A content error's words would send the user looking for a fault in a site that is not there.
      expect(run.stderr).not.toMatch(/untouched|error:/);
      expectNoStackTrace(run.stderr);
    }
    expect(tree(watched)).toEqual(before);
  });
});

describe('build and check', () => {
  it('builds into --out, and --now and SOURCE_DATE_EPOCH give byte-identical sites', async () => {
    const root = copyFixture('basic');
    const outs = tempDir('twice');
    const first = await runCli(['build', '--root', root, '--out', join(outs, 'a'), '--now', NOW_ISO]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^Built \d+ files \(\d+ written, 0 unchanged\) in \d+\.\d\d s\.\n/);
    expect(first.stdout.split('\n').slice(1)).toEqual([...SCHEDULE_LINES, '']);
    expect(first.code).toBe(0);
    const second = await runCli(['build', '--root', root, '--out', join(outs, 'b')], { SOURCE_DATE_EPOCH: NOW_EPOCH });
    expect(second.code).toBe(0);

    const a = tree(join(outs, 'a'));
    const b = tree(join(outs, 'b'));
    expect(a.get('index.html')?.toString('utf8')).toContain('Leaders meet at a summit in Moscow');
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(b.get(path)?.equals(bytes), path).toBe(true);
    // "now" really came from the flag and from the variable: the story of 25 May is news on the 26th.
    expect(b.get('news-sitemap.xml')?.toString('utf8')).toContain('/2023/05/summit-in-moscow/');
    expect(a.has('2023/09/scheduled/index.html')).toBe(false);
    // --out was honoured: nothing went to the default ROOT/public, and nothing was left beside the outputs.
    expect(existsSync(join(root, 'public'))).toBe(false);
    expect(readdirSync(outs).sort()).toEqual(['a', 'b']);
  });

  it('check on a valid site exits 0 and writes nothing', async () => {
    const root = copyFixture('basic');
    const before = tree(root);
    const run = await runCli(['check', '--root', root]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^No errors in \d+ files \(\d+ made(, \d+ as the last build made them)?; \d+\.\d\d s\)\.\n/);
    // No --now: by the clock, September 2023 has come, and only the draft is left out.
    expect(run.stdout.split('\n').slice(1)).toEqual(['left out: 1 draft (--drafts shows it)', '']);
    expect(run.code).toBe(0);
    expect(existsSync(join(root, 'public'))).toBe(false);
    expect(withoutCache(tree(root))).toEqual(before);
  });

  it('check on a site with errors exits 1, lists them and counts them, and writes nothing', async () => {
    const root = copyFixture('invalid-mixed');
    const before = tree(root);
    const run = await runCli(['check', '--root', root]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.filter((line) => /^content\/articles\/.+:\d+:\d+: error: .+ \[[a-z-]+\]$/.test(line))).toHaveLength(10);
    expect(lines.at(-1)).toBe('10 errors.');
    expect(run.stdout).toBe('');
    expect(withoutCache(tree(root))).toEqual(before);
  });

  it('a site with errors exits 1, lists every problem, and leaves the previous build untouched', async () => {
    const root = copyFixture('basic');
    const parent = tempDir('keep');
    const out = join(parent, 'site');
    const good = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ISO]);
    expect(good.code).toBe(0);
    const previous = tree(out);
    expect(previous.has('index.html')).toBe(true);

    const dir = 'content/articles/2023';
    writeFileSync(
      join(root, dir, '2023-06-10-harbour-strike.md'),
      '---\ntitle: Harbour workers strike\ndate: 2023-02-30\nauthor: ben\n---\n\nText.\n',
    );
    writeFileSync(join(root, dir, '2023-06-11-new-bridge.md'), '---\ntitle: A new bridge\ndate: 2023-06-11\nauthor: benn\n---\n\nText.\n');
    const bad = await runCli(['build', '--root', root, '--out', out, '--now', NOW_ISO]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      [
        `${dir}/2023-06-10-harbour-strike.md:3:7: error: "2023-02-30" is not a date: February 2023 has 28 days (${HOW_TO_DATE}) [date]`,
        `${dir}/2023-06-11-new-bridge.md:4:9: error: unknown author "benn": add it to content/authors.yaml or use one of its slugs; did you mean "ben"? [author]`,
        '',
        '2 errors: nothing was written; the previous site is untouched.',
        '',
      ].join('\n'),
    );
    expectNoStackTrace(bad.stderr);

    const after = tree(out);
    expect([...after.keys()]).toEqual([...previous.keys()]);
    for (const [path, bytes] of previous) expect(after.get(path)?.equals(bytes), path).toBe(true);
    // No staging or retired folder (.masthead-*) is left beside the output.
    expect(readdirSync(parent)).toEqual(['site']);
  });
});

describe('new', () => {
  /** Runs `new` on `root` and returns the created file's site-relative path and text. */
  async function created(root: string, args: string[]): Promise<{ path: string; text: string }> {
    const run = await runCli(['new', 'A Headline', '--root', root, ...args]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const path = /^Created (.+)\n$/.exec(run.stdout)?.[1];
    expect(path, run.stdout).toMatch(/^content\/articles\/\d{4}\/\d{4}-\d\d-\d\d-a-headline\.md$/);
    return { path: path!, text: readFileSync(join(root, path!), 'utf8') };
  }

  /** The frontmatter of `text` with every commented-out field line uncommented. */
  function uncommented(text: string): string {
    const frontmatter = text.split('---\n')[1]!;
    return frontmatter.replace(/^# ?/gm, '');
  }

  it('creates a dated draft that builds with drafts included', async () => {
    const root = copyFixture('basic');
    // The file is dated "today" in the site's timezone; allow for midnight passing during the run.
    const today = () => DateTime.now().setZone('Asia/Yerevan');
    const before = today();
    const { path, text } = await created(root, ['--author', 'ani', '--section', 'economy', '--tag', 'T']);
    const after = today();
    expect([before, after].map((d) => `content/articles/${d.toFormat('yyyy')}/${d.toFormat('yyyy-LL-dd')}-a-headline.md`)).toContain(path);
    expect(text).toMatch(/^---\ntitle: "A Headline"\ndate: \d{4}-\d\d-\d\dT\d\d:\d\d #.*\nauthor: ani #.*\n/);
    expect(text).toMatch(/^section: economy$/m);
    expect(text).toMatch(/^tags: \["T"\]$/m);
    expect(text).toMatch(/^draft: true #/m);

    const date = DateTime.fromISO(/^date: (\S+)/m.exec(text)![1]!, { zone: 'Asia/Yerevan' });
    const url = `${date.toFormat('yyyy')}/${date.toFormat('LL')}/a-headline/index.html`;
    const withDrafts = await buildInMemory(root, { drafts: true, now: after });
    expect(withDrafts.result.diagnostics.messages()).toEqual([]);
    const page = withDrafts.writer.text(url);
    expect(page).toContain('<h1 class="article__title">A Headline</h1>');
    expect(page).toContain('Ani Sargsyan');
    expect(withDrafts.writer.text('economy/index.html')).toContain('A Headline');
    const published = await buildInMemory(root, { now: after });
    expect(published.writer.files.has(url)).toBe(false);
  });

  it('writes every frontmatter field: uncommented, the skeleton passes the schema with all of them', async () => {
    const root = copyFixture('basic');
    const { text } = await created(root, []);
    const data = load(uncommented(text), { schema: CORE_SCHEMA }) as Record<string, unknown>;
    // Every field an article may have, nested ones included, appears exactly as the schema names it.
    const keysOf = (value: unknown) => Object.keys((Array.isArray(value) ? value[0] : value) as object).sort();
    expect(keysOf(data)).toEqual([...ARTICLE_KEYS['']].sort());
    expect(keysOf(data.image)).toEqual([...ARTICLE_KEYS.image].sort());
    expect(keysOf(data.quotes)).toEqual([...ARTICLE_KEYS.quotes].sort());
    expect(keysOf(data.corrections)).toEqual([...ARTICLE_KEYS.corrections].sort());
    const parsed = articleSchema('Asia/Yerevan').safeParse(data);
    expect(parsed.error?.issues ?? []).toEqual([]);
    // As written (optional fields commented out), the draft builds without a word.
    const { result } = await buildInMemory(root, { drafts: true, now: DateTime.now() });
    expect(result.diagnostics.messages()).toEqual([]);
  });

  it('refuses an unknown author or section with exit 2, listing the known ones, and writes nothing', async () => {
    const root = copyFixture('basic');
    const before = tree(join(root, 'content'));
    const author = await runCli(['new', 'A Headline', '--root', root, '--author', 'anni']);
    expect(author.code).toBe(2);
    expect(author.stderr).toContain('masthead: unknown author "anni" (--author): content/authors.yaml lists ani, ben; did you mean "ani"?');
    const section = await runCli(['new', 'A Headline', '--root', root, '--section', 'sport']);
    expect(section.code).toBe(2);
    expect(section.stderr).toContain('masthead: unknown section "sport" (--section): content/site.yaml lists politics, economy');
    for (const run of [author, section]) {
      expect(run.stdout).toBe('');
      expectNoStackTrace(run.stderr);
    }
    expect(tree(join(root, 'content'))).toEqual(before);
  });

  it('new --help names every flag of new', async () => {
    const run = await runCli(['new', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--root DIR', '--author SLUG', '--section SLUG', '--tag TAG']) expect(run.stdout).toContain(flag);
  });
});
