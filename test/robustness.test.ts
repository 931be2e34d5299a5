// Robustness of `masthead build` as users run it (a separate `node bin/masthead.js` process):
// builds killed at any moment, failed builds, symlink loops, huge and mis-encoded files, hostile
// slugs and aliases, internal errors and dangerous --out folders. Everything is checked through
// the command line and the files on disk, never through the writer's internals, so the tests stay
// valid whatever strategy the writer uses (staging and swap, incremental output, ...).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { copyFixture, makeSite, NOW, REPO } from './helpers.ts';

const BIN = join(REPO, 'bin', 'masthead.js');
const NOW_ISO = NOW.toUTC().toISO()!;
const SITE_YAML = 'title: Robust Gazette\nurl: https://robust.example.org/\nsections:\n  - slug: news\n    title: News\n';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder, removed after the suite. */
function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `masthead-robust-${name}-`));
  temporary.push(dir);
  return dir;
}

/** A throwaway site (see makeSite), removed after the suite. */
function site(files: Record<string, string | Buffer>): string {
  const root = makeSite(files);
  temporary.push(root);
  return root;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
  /** Whether `killAfter` (or `timeout`) fired before the process ended on its own. */
  killed: boolean;
}

/** Runs the CLI; `killAfter` sends SIGKILL that many milliseconds after spawning, `timeout`
 * does the same as a safety net for commands that might hang. */
function runMasthead(args: string[], options: { killAfter?: number; timeout?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let exited = false;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const after = options.killAfter ?? options.timeout;
    const timer =
      after === undefined
        ? undefined
        : setTimeout(() => {
            if (exited) return;
            killed = true;
            child.kill('SIGKILL');
          }, after);
    child.on('error', reject);
    child.on('exit', () => {
      exited = true;
      if (timer) clearTimeout(timer);
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started, killed }));
  });
}

function build(root: string, out: string, options: { killAfter?: number; timeout?: number } = {}): Promise<Run> {
  return runMasthead(['build', '--root', root, '--out', out, '--now', NOW_ISO, '--quiet'], options);
}

/** Every file under `dir` (relative path, forward slashes) -> sha256 of its bytes; undefined if
 * `dir` does not exist. */
function hashes(dir: string): Map<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files.set(toPath(dir, absolute), createHash('sha256').update(readFileSync(absolute)).digest('hex'));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Modification time of `dir` itself ('.') and of everything under it. */
function stamps(dir: string): Map<string, number> {
  const times = new Map<string, number>([['.', statSync(dir).mtimeMs]]);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const absolute = join(entry.parentPath, entry.name);
    times.set(toPath(dir, absolute), statSync(absolute).mtimeMs);
  }
  return new Map([...times.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every path under `dir` (files, folders, links), sorted; `skip` leaves out a subtree. */
function listing(dir: string, skip?: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => toPath(dir, join(entry.parentPath, entry.name)))
    .filter((path) => skip === undefined || (path !== skip && !path.startsWith(`${skip}/`)))
    .sort();
}

function toPath(dir: string, absolute: string): string {
  return relative(dir, absolute).split(sep).join('/');
}

function sameFiles(a: Map<string, string> | undefined, b: Map<string, string>): boolean {
  return a !== undefined && a.size === b.size && [...b].every(([path, hash]) => a.get(path) === hash);
}

/** How `actual` differs from `reference`, in a line, for failure messages. */
function difference(actual: Map<string, string> | undefined, reference: Map<string, string>): string {
  if (actual === undefined) return 'the folder is missing';
  const missing = [...reference.keys()].filter((p) => !actual.has(p));
  const extra = [...actual.keys()].filter((p) => !reference.has(p));
  const changed = [...reference.keys()].filter((p) => actual.has(p) && actual.get(p) !== reference.get(p));
  return `${missing.length} missing (${missing.slice(0, 3).join(', ')}), ${extra.length} extra (${extra.slice(0, 3).join(', ')}), ${changed.length} changed (${changed.slice(0, 3).join(', ')})`;
}

/** Diagnostics and messages, one per line, without blank lines. */
function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The entries beside `out` (in its parent folder), sorted. */
function beside(out: string): string[] {
  return readdirSync(dirname(out)).sort();
}

/** A newsroom of `count` short articles; `edition` goes into every title. */
function newsroom(count: number, edition: string): Record<string, string> {
  const files: Record<string, string> = { 'content/site.yaml': SITE_YAML };
  for (let i = 1; i <= count; i++) {
    const date = `2023-${String((i % 6) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    files[`content/articles/story-${i}.md`] =
      `---\ntitle: Story ${i}, ${edition}\ndate: ${date}\nsection: news\ntags: [topic-${i % 20}, common]\n---\n\nThe body of story ${i}.\n`;
  }
  return files;
}

describe('a killed build never loses the site', () => {
  it('leaves either the previous complete site or the new complete site, at any moment', async () => {
    const rootOld = site(newsroom(300, 'first edition'));
    const rootNew = site(newsroom(300, 'second edition'));
    const out = join(tempDir('killed'), 'out');

    // The "new" reference, built without interruption into its own folder; its duration sets the
    // moments at which the killed builds are stopped.
    const refNew = join(tempDir('killed-ref'), 'out');
    const timing = await build(rootNew, refNew);
    expect(timing.code, timing.stderr).toBe(0);
    const newSite = hashes(refNew)!;

    const first = await build(rootOld, out);
    expect(first.code, first.stderr).toBe(0);
    const oldSite = hashes(out)!;
    expect(oldSite.size).toBeGreaterThan(300);
    expect(sameFiles(oldSite, newSite)).toBe(false);

    // Kill points from 50 ms to a little past the whole build (a build into an existing site takes
    // a bit longer than the timing run). Once a build gets through, the site it wrote is the
    // "previous" one for the next kill (rebuilding the old one each time would double the cost).
    const duration = timing.ms;
    const delays = [50, ...[0.2, 0.4, 0.6, 0.8, 0.95, 1.1].map((fraction) => Math.round(fraction * duration))];
    const outcomes: string[] = [];
    let previous = oldSite;
    for (const delay of delays) {
      const run = await build(rootNew, out, { killAfter: delay });
      const now = hashes(out);
      const state = sameFiles(now, previous) ? 'unchanged' : sameFiles(now, newSite) ? 'new' : 'BROKEN';
      const leftovers = beside(out).filter((name) => name !== 'out');
      outcomes.push(
        `${delay} ms: ${run.killed ? 'killed' : `exited ${run.code}`}, ${state}${leftovers.length ? ` (left beside out: ${leftovers.join(', ')})` : ''}`,
      );
      expect(
        state,
        `killed at ${delay} ms (an uninterrupted build took ${Math.round(duration)} ms), out is neither site:\n` +
          `vs previous: ${difference(now, previous)}\nvs new: ${difference(now, newSite)}\n${outcomes.join('\n')}`,
      ).not.toBe('BROKEN');
      if (!run.killed) expect(run.code, run.stderr).toBe(0);
      if (state === 'new') previous = newSite;
    }
    console.info(`killed builds (an uninterrupted build took ${Math.round(duration)} ms):\n${outcomes.join('\n')}`);
    // The earliest kill lands long before anything could be written.
    expect(outcomes[0]).toMatch(/^50 ms: killed, unchanged\b/);

    // A normal build afterwards succeeds, produces exactly the new site (nothing a killed build
    // left behind, such as a half-written cache entry, leaks into it) and cleans up after the
    // killed builds.
    const final = await build(rootNew, out);
    expect(final.code, final.stderr).toBe(0);
    expect(final.stderr).toBe('');
    expect(sameFiles(hashes(out), newSite), difference(hashes(out), newSite)).toBe(true);
    expect(beside(out)).toEqual(['out']);
  }, 180_000);
});

describe('a failed build leaves the previous site exactly as it was', () => {
  let root: string;
  let out: string;
  let before: Map<string, string>;
  let times: Map<string, number>;

  beforeAll(async () => {
    root = copyFixture('basic');
    temporary.push(root);
    out = join(tempDir('failed'), 'site');
    const first = await build(root, out);
    expect(first.code, first.stderr).toBe(0);
    before = hashes(out)!;
    times = stamps(out);
  });

  function expectUntouched(run: Run): void {
    expect(run.code, run.stderr).toBe(1);
    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    expect(run.stderr).not.toContain('internal error');
    expect(lines(run.stderr).at(-1)).toBe('1 error: nothing was written; the previous site is untouched.');
    expect(sameFiles(hashes(out), before), difference(hashes(out), before)).toBe(true);
    expect(stamps(out)).toEqual(times);
    expect(beside(out)).toEqual(['site']);
  }

  it('on bad content', async () => {
    const bad = join(root, 'content/articles/2023/2023-06-15-bad-date.md');
    writeFileSync(bad, '---\ntitle: A bad date\ndate: 2023-02-30\n---\n\nText.\n');
    try {
      const run = await build(root, out);
      expect(lines(run.stderr)[0]).toMatch(
        /^content\/articles\/2023\/2023-06-15-bad-date\.md:3:7: error: "2023-02-30" is not a date\b.*\[date\]$/,
      );
      expectUntouched(run);
    } finally {
      rmSync(bad);
    }
  });

  it('on a template error found while pages are being written', async () => {
    const template = join(root, 'templates/article.liquid');
    const original = readFileSync(template, 'utf8');
    writeFileSync(template, `${original}{{ article.no_such_field }}\n`);
    try {
      const run = await build(root, out);
      const line = original.split('\n').length;
      expect(lines(run.stderr)[0]).toMatch(
        new RegExp(`^templates/article\\.liquid:${line}:\\d+: error: .*article\\.no_such_field.*\\[template\\]$`),
      );
      expectUntouched(run);
    } finally {
      writeFileSync(template, original);
    }
  });
});

describe('hostile file systems and files', () => {
  it('reports a symlink loop under content/articles instead of hanging', async () => {
    const root = site({
      'content/site.yaml': SITE_YAML,
      'content/articles/fine.md': '---\ntitle: Fine\ndate: 2023-05-01\n---\n\nFine.\n',
      'content/articles/sub/nested.md': '---\ntitle: Nested\ndate: 2023-05-02\n---\n\nNested.\n',
    });
    symlinkSync('..', join(root, 'content/articles/sub/up')); // a folder linked to its parent
    symlinkSync('.', join(root, 'content/articles/self')); // a folder linked to itself
    const out = join(tempDir('loop'), 'out');
    const run = await build(root, out, { timeout: 30_000 });
    expect(run.killed, 'the build hung and was killed after 30 s').toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const problems = lines(run.stderr).filter((line) => line.includes(': error: '));
    expect(problems).toEqual([
      expect.stringMatching(/^content\/articles\/self:1:1: error: symlink loop: content\/articles\/self\b.*\[symlink-loop\]$/),
      expect.stringMatching(/^content\/articles\/sub\/up:1:1: error: symlink loop: content\/articles\/sub\/up\b.*\[symlink-loop\]$/),
    ]);
    expect(existsSync(out)).toBe(false);
    expect(beside(out)).toEqual([]);
  });

  it('builds a 5 MB article to its last paragraph', async () => {
    let body = '';
    let count = 0;
    while (body.length < 5 * 1024 * 1024) {
      body += `Paragraph ${count} of the long read: the committee met again and talked until late.\n\n`;
      count++;
    }
    body += 'The very last paragraph, after five megabytes: ZEBRA-END-MARKER.\n';
    const root = site({
      'content/site.yaml': SITE_YAML,
      'content/articles/long-read.md': `---\ntitle: The long read\ndate: 2023-05-01\n---\n\n${body}`,
    });
    const out = join(tempDir('huge'), 'out');
    const run = await build(root, out, { timeout: 100_000 });
    expect(run.killed, 'the build was killed after 100 s').toBe(false);
    expect(run.code, run.stderr).toBe(0);
    const page = readFileSync(join(out, '2023/05/long-read/index.html'), 'utf8');
    expect(page).toContain('<p>The very last paragraph, after five megabytes: ZEBRA-END-MARKER.</p>');
    expect(page).toContain(`<p>Paragraph ${count - 1} of the long read`);
    expect(page.match(/<p>Paragraph \d+ of the long read/g)?.length).toBe(count);
  }, 120_000);

  describe('a file that is not UTF-8', () => {
    let run: Run;
    beforeAll(async () => {
      const root = site({
        'content/site.yaml': SITE_YAML,
        // 0xff 0xfe in the middle of the title: line 2, column 10 ("title: Ab" is 9 characters).
        'content/articles/latin.md': Buffer.concat([
          Buffer.from('---\ntitle: Ab'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('Cd\ndate: 2023-05-01\n---\n\nText.\n'),
        ]),
        // A genuine U+FFFD character (valid UTF-8) on line 2, and the broken bytes on line 3 after
        // "summary: Café " (14 characters): the position must be the broken byte's, 3:15.
        'content/articles/mixed.md': Buffer.concat([
          Buffer.from('---\ntitle: Imported \uFFFD text\nsummary: Café '),
          Buffer.from([0xe9, 0x74, 0xe9]), // "été" in Latin-1
          Buffer.from('\ndate: 2023-05-02\n---\n\nText.\n'),
        ]),
        'content/articles/bad-date.md': '---\ntitle: Bad date\ndate: 2023-13-01\n---\n\nText.\n',
      });
      run = await build(root, join(tempDir('encoding'), 'out'));
    });

    it('is an error at the line and column of the first byte that is not UTF-8', () => {
      expect(run.code, run.stderr).toBe(1);
      expect(lines(run.stderr)).toContain(
        'content/articles/latin.md:2:10: error: file is not UTF-8 text: save it with UTF-8 encoding [encoding]',
      );
      // Every problem is listed, not just the first.
      expect(run.stderr).toMatch(/^content\/articles\/bad-date\.md:3:7: error: .*\[date\]$/m);
      expect(run.stderr).not.toMatch(/^ {4}at /m);
    });

    it('points at the broken byte even when the file holds a real U+FFFD character before it', () => {
      expect(lines(run.stderr)).toContain(
        'content/articles/mixed.md:3:15: error: file is not UTF-8 text: save it with UTF-8 encoding [encoding]',
      );
    });
  });

  it('builds a UTF-8 file with a byte-order mark and CRLF line ends', async () => {
    const root = site({
      'content/site.yaml': SITE_YAML,
      'content/articles/bom.md': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('---\r\ntitle: Bom été\r\ndate: 2023-05-02\r\ntags: [windows]\r\n---\r\n\r\nFirst line.\r\n\r\nSecond paragraph.\r\n'),
      ]),
    });
    const out = join(tempDir('bom'), 'out');
    const run = await build(root, out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const feed = JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')) as { items: { title: string; content_html: string }[] };
    expect(feed.items.map((item) => item.title)).toEqual(['Bom été']);
    expect(feed.items[0]!.content_html).toMatch(/<p>First line\.<\/p>\s*<p>Second paragraph\.<\/p>/);
    expect(existsSync(join(out, 'tags/windows/index.html'))).toBe(true);
    const page = readFileSync(join(out, '2023/05/bom/index.html'), 'utf8');
    expect(page).toContain('Bom été');
    expect(page).not.toContain('\uFEFF');
    expect(page).not.toContain('\r');
  });
});

describe('slugs and aliases that try to leave the output folder', () => {
  let container: string;
  let out: string;
  let before: string[];
  let run: Run;

  beforeAll(async () => {
    container = tempDir('escape');
    cpSync(
      site({
        // Articles at /:slug/, so a slug of ../../etc would reach two folders above the output.
        'content/site.yaml': `${SITE_YAML}permalink: /:slug/\n`,
        'content/articles/a.md': '---\ntitle: Slug escape\ndate: 2023-05-01\nslug: ../../etc\n---\n\nText.\n',
        'content/articles/b.md': [
          '---',
          'title: Alias escapes',
          'date: 2023-05-02',
          'aliases:',
          '  - /../../x/',
          '  - //evil.example/x',
          "  - '/a\\..\\..\\x/'",
          '  - "/nul\\u0000/x/"',
          '  - "/esc\\u001b[2J/x/"',
          '---',
          '',
          'Text.',
          '',
        ].join('\n'),
        'content/pages/p.md': '---\ntitle: Page escape\nslug: ../up\naliases: [/../p/]\n---\n\nText.\n',
      }),
      join(container, 'site'),
      { recursive: true },
    );
    out = join(container, 'a', 'b', 'c', 'out');
    mkdirSync(dirname(out), { recursive: true });
    before = listing(container, 'site');
    run = await build(join(container, 'site'), out);
  });

  it('reports each one at its position and writes nothing anywhere', () => {
    expect(run.code, run.stderr).toBe(1);
    const problems = lines(run.stderr).filter((line) => line.includes(': error: '));
    const control = 'may not contain backslashes, control characters, "?" or "#" [aliases]';
    expect(problems).toEqual([
      'content/articles/a.md:4:7: error: "slug" may use only lowercase letters, digits and single hyphens, like "talks-in-moscow" [slug]',
      'content/articles/b.md:5:5: error: alias "/../../x/" may not contain "." or ".." segments [aliases]',
      'content/articles/b.md:6:5: error: alias "//evil.example/x" must be a path on this site starting with "/", like /2019/old-story/ [aliases]',
      `content/articles/b.md:7:5: error: alias "/a\\..\\..\\x/" ${control}`,
      expect.stringMatching(/^content\/articles\/b\.md:8:5: error: alias "\/nul.*\/x\/" (.*)$/),
      expect.stringMatching(/^content\/articles\/b\.md:9:5: error: alias "\/esc.*\/x\/" (.*)$/),
      'content/pages/p.md:3:7: error: "slug" may use only lowercase letters, digits and single hyphens, like "talks-in-moscow" [slug]',
      'content/pages/p.md:4:11: error: alias "/../p/" may not contain "." or ".." segments [aliases]',
    ]);
    expect(problems[4]!.endsWith(control)).toBe(true);
    expect(problems[5]!.endsWith(control)).toBe(true);
    expect(listing(container, 'site')).toEqual(before);
    expect(existsSync(out)).toBe(false);
  });

  it('never echoes raw control characters from content into the terminal', () => {
    // A NUL makes grep treat the output as binary; an ESC sequence (here "clear screen") lets
    // content rewrite what the terminal shows. Diagnostics should show them escaped.
    const raw = [...run.stderr].filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
    expect(raw.map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).toEqual([]);
  });
});

it('refuses an --out whose parent is a file, as wrong usage, and touches nothing', async () => {
  const container = tempDir('internal');
  writeFileSync(join(container, 'file'), 'not a folder\n');
  const root = site({ 'content/site.yaml': SITE_YAML });
  // The output's parent is a regular file, so no folder can be made there.
  const run = await build(root, join(container, 'file', 'out'));
  expect(run.code, run.stderr).toBe(2);
  const [first] = lines(run.stderr);
  expect(first).toMatch(/^masthead: refusing to use --out /);
  expect(first).toContain(`${join(container, 'file')} is a file, not a folder`);
  expect(run.stderr).not.toContain('internal error');
  expect(readFileSync(join(container, 'file'), 'utf8')).toBe('not a folder\n');
  expect(readdirSync(container)).toEqual(['file']);
});

// Refusing a dangerous --out: the whole folder is swapped for the new site, so a wrong --out
// (the site itself, a project, a home folder) would otherwise be lost.
describe.concurrent('--out that would destroy something other than a previous masthead output', () => {
  /** Runs a build into `out`; it must be refused (exit 2, a "masthead: ... --out ..." message)
   * and leave `out` and its neighbours exactly as they were. */
  async function expectRefused(expect: ExpectStatic, root: string, out: string): Promise<void> {
    const parent = dirname(out);
    const files = listing(parent);
    const bytes = hashes(parent);
    const run = await build(root, out);
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(2);
    expect(lines(run.stderr)[0]).toMatch(/^masthead: .*--out/);
    expect(run.stderr).not.toContain('internal error');
    expect(listing(parent)).toEqual(files);
    expect(hashes(parent)).toEqual(bytes);
  }

  it('refuses the site root itself', async ({ expect }) => {
    const container = tempDir('out-root');
    const root = join(container, 'site');
    cpSync(site({ 'content/site.yaml': SITE_YAML, 'content/articles/x.md': '---\ntitle: X\ndate: 2023-05-01\n---\n\nX.\n' }), root, {
      recursive: true,
    });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await expectRefused(expect, root, root);
    expect(existsSync(join(root, 'content', 'site.yaml'))).toBe(true);
  });

  it('refuses a folder that holds the site root', async ({ expect }) => {
    const container = tempDir('out-above');
    const home = join(container, 'home');
    const root = join(home, 'site');
    cpSync(site({ 'content/site.yaml': SITE_YAML }), root, { recursive: true });
    writeFileSync(join(home, '.bashrc'), 'export EDITOR=vi\n');
    await expectRefused(expect, root, home);
  });

  it('refuses another site (a folder with content/)', async ({ expect }) => {
    const root = site({ 'content/site.yaml': SITE_YAML });
    const other = join(tempDir('out-other'), 'other-site');
    mkdirSync(join(other, 'content'), { recursive: true });
    writeFileSync(join(other, 'content', 'site.yaml'), 'title: Other\nurl: https://other.example.org/\n');
    await expectRefused(expect, root, other);
  });

  it('refuses a git working copy (a folder with .git)', async ({ expect }) => {
    const root = site({ 'content/site.yaml': SITE_YAML });
    const project = join(tempDir('out-git'), 'project');
    mkdirSync(join(project, '.git'), { recursive: true });
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await expectRefused(expect, root, project);
  });

  it('refuses a non-empty folder that masthead did not write', async ({ expect }) => {
    const root = site({ 'content/site.yaml': SITE_YAML });
    const folder = join(tempDir('out-keep'), 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'precious\n');
    await expectRefused(expect, root, folder);
  });

  it('refuses a regular file', async ({ expect }) => {
    const root = site({ 'content/site.yaml': SITE_YAML });
    const file = join(tempDir('out-file'), 'notes.txt');
    writeFileSync(file, 'precious\n');
    await expectRefused(expect, root, file);
  });

  it('accepts an empty folder (and, as the suites above show, a previous masthead output)', async ({ expect }) => {
    const root = site({ 'content/site.yaml': SITE_YAML });
    const folder = join(tempDir('out-empty'), 'empty');
    mkdirSync(folder);
    const run = await build(root, folder);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(folder, 'index.html'))).toBe(true);
    expect(beside(folder)).toEqual([basename(folder)]);
  });
});
