// Sharded builds (`build --shard K/N`): each shard renders its part of the bodies into a cache
// folder of its own and writes no site; the folders, copied together as CI jobs' artifacts are,
// give a final build every body ready made, and that build's bytes are a cold build's. A
// damaged entry in the merged folder is rendered again, never trusted.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { DevSession } from '../src/dev/session.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { makeSite, NOW, REPO, runCli, type CliRun } from './helpers.ts';

const NOW_ARG = NOW.toUTC().toISO()!;
const ARTICLES = 30;
/** Articles plus the one standalone page. */
const BODIES = ARTICLES + 1;

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `masthead-shard-${name}-`));

function articleFile(i: number): [path: string, text: string] {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (i % 6)).padStart(2, '0');
  const path = `content/articles/2023/2023-${month}-${day}-story-${i}.md`;
  const text = [
    '---',
    `title: 'Story ${i} of the sharded archive'`,
    `date: 2023-${month}-${day}T0${i % 10}:00Z`,
    'author: ani',
    `tags: [${['Energy', 'Trade', 'Courts'][i % 3]}]`,
    'quotes:',
    `  - text: 'Quote ${i} is worth repeating.'`,
    '    by: Somebody',
    '---',
    '',
    `The first paragraph of story ${i}, with a [link to the tag](/tags/${['energy', 'trade', 'courts'][i % 3]}/).`,
    '',
    '::pullquote{n=1}',
    '',
    `## Part two of ${i}`,
    '',
    `More words${i % 4 === 0 ? ', and a footnote[^1]' : ''}.`,
    '',
    ...(i % 4 === 0 ? ['[^1]: The footnote.', ''] : []),
    ...(i % 5 === 0 ? ['| Votes | Seats |', '| ---: | ---: |', `| ${i * 7} | ${i % 11} |`, ''] : []),
  ].join('\n');
  return [path, text];
}

function siteFiles(count = ARTICLES): Record<string, string> {
  const files: Record<string, string> = {
    'content/site.yaml': 'title: The Sharded Times\nurl: https://shards.example.org/\nlanguage: en\ntimezone: UTC\nperPage: 10\n',
    'content/authors.yaml': 'ani:\n  name: Ani Sargsyan\n',
    'content/pages/about.md': '---\ntitle: About\n---\n\nWho we are.\n',
  };
  for (let i = 0; i < count; i++) {
    const [path, text] = articleFile(i);
    files[path] = text;
  }
  return files;
}

/** Runs the CLI from `cwd`, so that relative folders are taken from there. */
function runIn(cwd: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, 'bin', 'masthead.js'), ...args],
      { cwd, env: { ...process.env, GITHUB_ACTIONS: '' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file under `dir`: relative path (forward slashes) -> bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files.set(relative(dir, absolute).split(sep).join('/'), readFileSync(absolute));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function expectSameTree(actual: ReadonlyMap<string, Buffer>, expected: ReadonlyMap<string, Buffer>, label: string): void {
  expect([...actual.keys()], `${label}: file list`).toEqual([...expected.keys()]);
  const differing = [...expected].filter(([path, bytes]) => !actual.get(path)?.equals(bytes)).map(([path]) => path);
  expect(differing, `${label}: files whose bytes differ`).toEqual([]);
}

/** Runs shards 1..count of `root`, each into a folder of its own; returns the folders. */
async function runShards(root: string, count: number, parent = tempDir('caches')): Promise<string[]> {
  const caches: string[] = [];
  for (let k = 1; k <= count; k++) {
    const cache = join(parent, `shard-${k}`);
    const run = await runCli(['build', '--root', root, '--shard', `${k}/${count}`, '--cache', cache, '--workers', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    caches.push(cache);
  }
  return caches;
}

/** Copies the folders into one, as `cp -r a/. merged/` does in CI. */
function merge(caches: readonly string[]): string {
  const merged = join(tempDir('merged'), 'merged');
  mkdirSync(merged);
  for (const cache of caches) execFileSync('cp', ['-r', `${cache}/.`, merged]);
  return merged;
}

const bodyFiles = (cache: string) => [...readTree(cache).keys()].filter((path) => path.startsWith('bodies/'));

/** A cold build in memory: path -> bytes. */
async function coldBuild(root: string): Promise<Map<string, Buffer>> {
  const writer = new MemoryWriter();
  await build({ root, writer, now: NOW, cacheDir: false, workers: 1 });
  return new Map([...writer.files].map(([path, data]) => [path, Buffer.from(data)]));
}

describe('shards merged by copying', () => {
  it('shards 1/3, 2/3 and 3/3 give, copied together, a final build that renders no body and writes the bytes of a cold build', async () => {
    const root = makeSite(siteFiles());
    const parent = tempDir('caches');
    const caches: string[] = [];
    let rendered = 0;
    for (const k of [1, 2, 3]) {
      const cache = join(parent, `shard-${k}`);
      const run = await runCli(['build', '--root', root, '--shard', `${k}/3`, '--cache', cache, '--now', NOW_ARG, '--workers', '1']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const summary = new RegExp(`^shard ${k}/3: rendered (\\d+) bod(?:y|ies) \\(0 reused\\) into ${cache} in \\d+\\.\\d\\d s\\.\\n$`);
      expect(run.stdout).toMatch(summary);
      const count = Number(summary.exec(run.stdout)![1]);
      expect(count, `shard ${k} has a share of the bodies`).toBeGreaterThan(0);
      expect(bodyFiles(cache)).toHaveLength(count);
      rendered += count;
      caches.push(cache);
    }
    expect(rendered, 'each body rendered by exactly one shard').toBe(BODIES);
    // No file name is in two shards' folders, so copying them together loses nothing.
    const names = caches.flatMap((cache) => [...readTree(cache).keys()]);
    expect(new Set(names).size).toBe(names.length);

    const merged = merge(caches);
    const outs = tempDir('outs');
    const final = await runCli(['build', '--root', root, '--cache', merged, '--out', join(outs, 'merged'), '--now', NOW_ARG]);
    expect(final.stderr).toBe('');
    expect(final.code).toBe(0);
    expect(final.stdout.split('\n')[0]).toMatch(
      new RegExp(`^Built \\d+ files \\(\\d+ written, 0 unchanged\\) in \\d+\\.\\d\\d s; ${BODIES} of ${BODIES} articles from cache\\.$`),
    );
    const cold = await runCli(['build', '--root', root, '--no-cache', '--out', join(outs, 'cold'), '--now', NOW_ARG]);
    expect(cold.code).toBe(0);
    expect(cold.stdout.split('\n')[0]).not.toContain('from cache');
    const reference = readTree(join(outs, 'cold'));
    expect(reference.size).toBeGreaterThan(ARTICLES);
    expectSameTree(readTree(join(outs, 'merged')), reference, 'merged shards vs cold build');
    // And in-process, the stats say so.
    const writer = new MemoryWriter();
    const again = await build({ root, writer, now: NOW, cacheDir: merge(caches), workers: 1 });
    expect(again.stats).toMatchObject({ bodiesRendered: 0, bodiesReused: BODIES });
    expectSameTree(new Map([...writer.files].map(([path, data]) => [path, Buffer.from(data)])), await coldBuild(root), 'in memory');
  }, 120_000);

  it('a shard writes no site: no public/, no staging folder, no manifest, no index; only its bodies', async () => {
    const files = siteFiles(6);
    // Git dates change no body: a shard does not read them (here there is no repository to read).
    files['content/site.yaml'] += 'gitDates: true\n';
    const root = makeSite(files);
    const cache = join(tempDir('only-bodies'), 'cache');
    const run = await runCli(['build', '--root', root, '--shard', '1/1', '--cache', cache]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^shard 1\/1: rendered 7 bodies \(0 reused\) into /);
    expect(readdirSync(root).sort()).toEqual(['content', 'templates']);
    expect(bodyFiles(cache)).toHaveLength(7);
    expect([...readTree(cache).keys()].filter((path) => !path.startsWith('bodies/'))).toEqual([]);
    // Run again, it finds its bodies there.
    const again = await runCli(['build', '--root', root, '--shard', '1/1', '--cache', cache]);
    expect(again.stdout).toMatch(/^shard 1\/1: rendered 0 bodies \(7 reused\) into /);
    // Without --cache, into the default cache folder, and still no site.
    const defaulted = await runCli(['build', '--root', root, '--shard', '1/2']);
    expect(defaulted.code).toBe(0);
    expect(readdirSync(root).sort()).toEqual(['content', 'node_modules', 'templates']);
    expect(readdirSync(join(root, 'node_modules/.cache/masthead'))).toEqual(['bodies']);
  }, 60_000);
});

describe('a damaged merged cache', () => {
  it('re-renders a truncated, an altered and a foreign entry, and builds the bytes of a cold build', async () => {
    const root = makeSite(siteFiles());
    const merged = merge(await runShards(root, 3));
    const all = bodyFiles(merged).map((path) => join(merged, path));
    expect(all).toHaveLength(BODIES);
    // The articles' bodies (the about page's has no "paragraph" to alter), in the order of their
    // keys, which change with the markdown code.
    const files = all.filter((file) => readFileSync(file, 'utf8').includes('paragraph'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    // Cut short, as an interrupted upload or a full disk leaves it.
    truncateSync(files[0]!, Math.floor(readFileSync(files[0]!).length / 2));
    // Still valid JSON for its own key, with different words: only the checksum tells.
    const altered = readFileSync(files[1]!, 'utf8');
    const changed = altered.replace(/paragraph/g, 'PARAGRAPH');
    expect(changed).not.toBe(altered);
    JSON.parse(changed.slice(changed.indexOf('\n') + 1));
    writeFileSync(files[1]!, changed);
    // Another body's file, whole, under this one's name.
    writeFileSync(files[2]!, readFileSync(files[3]!));

    const writer = new MemoryWriter();
    const result = await build({ root, writer, now: NOW, cacheDir: merged, workers: 1 });
    expect(result.stats).toMatchObject({ bodiesRendered: 3, bodiesReused: BODIES - 3 });
    const built = new Map([...writer.files].map(([path, data]) => [path, Buffer.from(data)]));
    expectSameTree(built, await coldBuild(root), 'build from a damaged merged cache');
    expect([...built.values()].some((bytes) => bytes.includes('PARAGRAPH'))).toBe(false);
  }, 120_000);
});

describe('the split', () => {
  it('is stable: adding an article moves no other body to another shard', async () => {
    const before = await runShards(makeSite(siteFiles(ARTICLES)), 3);
    const after = await runShards(makeSite(siteFiles(ARTICLES + 1)), 3);
    const added = before.map((cache, k) => {
      const old = bodyFiles(cache);
      const now = bodyFiles(after[k]!);
      expect(now, `shard ${k + 1} keeps every body it had`).toEqual(expect.arrayContaining(old));
      return now.length - old.length;
    });
    expect(added.reduce((a, b) => a + b)).toBe(1);
  }, 120_000);

  it('a shard reports the problems of its own bodies, at their lines, and exits 1; the others are fine', async () => {
    const files = siteFiles(9);
    const [path] = articleFile(4);
    files[path] = files[path]!.replace('::pullquote{n=1}', '::pullquote{n=3}');
    const root = makeSite(files);
    const runs: CliRun[] = [];
    for (const k of [1, 2, 3])
      runs.push(await runCli(['build', '--root', root, '--shard', `${k}/3`, '--cache', join(tempDir('errors'), 'c')]));
    const failed = runs.filter((run) => run.code === 1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.stderr).toContain(`${path}:13:1: error: ::pullquote{n=3} does not match a quote: the frontmatter has 1 quote(s)`);
    expect(failed[0]!.stderr).toMatch(/\n1 error: shard \d\/3 checks the whole site, and the final build would stop at them too\.\n$/);
    expect(runs.filter((run) => run.code === 0)).toHaveLength(2);
  }, 60_000);

  it('every shard reports a frontmatter error anywhere in the site', async () => {
    const files = siteFiles(6);
    const [path] = articleFile(2);
    files[path] = files[path]!.replace('author: ani', 'author: nobody');
    const root = makeSite(files);
    for (const k of [1, 2]) {
      const run = await runCli(['build', '--root', root, '--shard', `${k}/2`, '--cache', join(tempDir('frontmatter'), 'c')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${path}:4:9: error: unknown author "nobody"`);
    }
  }, 60_000);
});

describe('--cache DIR', () => {
  it('is relative to the current folder, for build, check and a final build after it', async () => {
    const root = makeSite(siteFiles(4));
    const cwd = tempDir('cwd');
    const first = await runIn(cwd, ['check', '--root', root, '--cache', 'here']);
    expect(first.code).toBe(0);
    expect(bodyFiles(join(cwd, 'here'))).toHaveLength(5);
    const built = await runIn(cwd, ['build', '--root', root, '--cache', 'here', '--out', 'site']);
    expect(built.code).toBe(0);
    expect(built.stdout.split('\n')[0]).toContain('; 5 of 5 articles from cache.');
    expect(existsSync(join(cwd, 'site', 'index.html'))).toBe(true);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  }, 60_000);

  it('sets the preview session cache folder', async () => {
    const root = makeSite(siteFiles(3));
    const cacheDir = join(tempDir('dev'), 'cache');
    const session = new DevSession({ root, cacheDir, workers: 1, now: () => NOW });
    const outcome = await session.rebuild();
    expect(outcome.kind).toBe('built');
    expect(bodyFiles(cacheDir)).toHaveLength(4);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });
});

describe('wrong usage exits 2 and builds nothing', () => {
  const cases: [args: string[], message: RegExp][] = [
    ...['0/3', '4/3', 'x', '1/0', '1/3/2', '-1/3', '1.5/3', ''].map((value): [string[], RegExp] => [
      [`--shard=${value}`],
      /^masthead: --shard must be K\/N, two whole numbers with 1 <= K <= N.*\(e\.g\. --shard 2\/3\), got "/,
    ]),
    [['--shard', '1/3', '--no-cache'], /^masthead: --shard renders bodies into the cache, so it cannot go with --no-cache\n/],
    [['--shard', '1/3', '--out', 'elsewhere'], /^masthead: --shard writes no site, so --out has no use with it/],
    [['--cache', 'c', '--no-cache'], /^masthead: --cache DIR and --no-cache contradict each other: give one of them\n/],
    [['--cache='], /^masthead: --cache needs a folder/],
  ];
  it.each(cases)('build %j', async (args, message) => {
    const root = makeSite(siteFiles(2));
    const cwd = tempDir('usage');
    const run = await runIn(cwd, ['build', '--root', root, ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(readdirSync(root).sort()).toEqual(['content', 'templates']);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('check and dev take no --shard', async () => {
    const root = makeSite(siteFiles(2));
    for (const command of ['check', 'dev']) {
      const run = await runCli([command, '--root', root, '--shard', '1/2']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^masthead: Unknown option '--shard'/);
    }
  });
});
