// `npm run bench`: builds one generated archive with masthead (cold, no-change rebuild, one
// article edited) and with Hugo and Eleventy, on this machine in one run, and prints medians,
// peak memory and each time's ratio to Hugo's cold build.
//
// Then the editor's loop: `masthead dev` on the same site, from saving a file to the new page
// being served (median and worst of --edits saves each).
//
//   npm run bench -- [--size 4000] [--runs 3] [--edits 7] [--only masthead,hugo,eleventy,dev]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './corpus.ts';
import { devEditCases, measureDevEdits, type DevEditRow } from './dev.ts';
import { eleventyBin, hugoAvailable, writeEleventySite, writeHugoSite } from './peers.ts';
import { writeMastheadSite } from './sites.ts';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const NOW = '2026-01-01T00:00:00Z';
const TIME = '/usr/bin/time';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '4000' },
    runs: { type: 'string', default: '3' },
    edits: { type: 'string', default: '7' },
    only: { type: 'string', default: 'masthead,hugo,eleventy,dev' },
  },
});
const size = Number(values.size);
const runs = Number(values.runs);
const only = new Set(values.only.split(','));
const work = join(REPO, 'bench', 'corpus', String(size));

interface Sample {
  seconds: number;
  /** Peak resident memory in MiB, when GNU time is there to measure it. */
  peakMiB: number | undefined;
}

interface Row {
  name: string;
  samples: Sample[];
}

/** Runs a command to completion, timing it; GNU time reports the peak memory of the process tree's largest process. */
function measure(command: string, args: string[], cwd: string): Sample {
  const useTime = existsSync(TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(TIME, ['-f', '%M', command, ...args], { cwd, encoding: 'utf8' })
    : spawnSync(command, args, { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  const kib = useTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, peakMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function repeat(name: string, before: (i: number) => void, command: string, args: string[], cwd: string): Row {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    samples.push(measure(command, args, cwd));
    process.stderr.write(`  ${name}: run ${i + 1} of ${runs}: ${samples.at(-1)!.seconds.toFixed(2)} s\n`);
  }
  return { name, samples };
}

/** Writes the corpus for each tool asked for, unless an earlier run already did. */
function prepare(): void {
  const writers: Record<string, (dir: string, articles: ReturnType<typeof generateCorpus>) => void> = {
    masthead: (dir, articles) => writeMastheadSite(dir, articles, join(REPO, 'templates')),
    hugo: writeHugoSite,
    eleventy: writeEleventySite,
  };
  let articles: ReturnType<typeof generateCorpus> | undefined;
  mkdirSync(work, { recursive: true });
  // The dev measurement runs on masthead's copy of the corpus.
  for (const tool of Object.keys(writers).filter((t) => only.has(t) || (t === 'masthead' && only.has('dev')))) {
    const stamp = join(work, `${tool}.json`);
    if (existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).size === size) continue;
    process.stderr.write(`Writing ${size} articles for ${tool} in ${work} ...\n`);
    articles ??= generateCorpus(size);
    writers[tool]!(join(work, tool), articles);
    writeFileSync(stamp, JSON.stringify({ size }));
  }
}

async function main(): Promise<void> {
  prepare();
  const rows: Row[] = [];
  const node = process.execPath;
  const masthead = join(REPO, 'bin', 'masthead.js');
  const site = join(work, 'masthead');
  const editedArticle = join('content', 'articles', '2019', 'story-000001.md');
  const out = join(work, 'out-masthead');
  const build = ['build', '--root', site, '--out', out, '--now', NOW, '--quiet'];

  if (only.has('hugo')) {
    if (hugoAvailable()) {
      const hugoOut = join(work, 'out-hugo');
      rows.push(
        repeat(
          'Hugo, cold',
          () => rmSync(hugoOut, { recursive: true, force: true }),
          'hugo',
          ['--quiet', '-s', join(work, 'hugo'), '-d', hugoOut],
          work,
        ),
      );
    } else process.stderr.write('Hugo skipped: `hugo` is not installed (Debian: apt-get install hugo).\n');
  }
  if (only.has('eleventy')) {
    const bin = eleventyBin();
    if (bin) {
      const elevOut = join(work, 'out-eleventy');
      rows.push(
        repeat(
          'Eleventy 3, cold',
          () => rmSync(elevOut, { recursive: true, force: true }),
          node,
          [bin, `--output=${elevOut}`, '--quiet'],
          join(work, 'eleventy'),
        ),
      );
    } else process.stderr.write('Eleventy skipped: @11ty/eleventy is not installed (npm ci installs it).\n');
  }
  if (only.has('masthead')) {
    const cache = join(site, 'node_modules');
    const clean = () => {
      rmSync(out, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    };
    // Cold: no output folder and an empty cache. (A build always stores its bodies; --no-cache
    // only puts them in a temporary folder.) The last cold run leaves the cache for the rebuilds.
    // What the worker pool gains is measured first; skipped for large archives, where it
    // would double the run.
    if (size <= 20_000) rows.push(repeat('masthead, cold, 1 worker', clean, node, [masthead, ...build, '--workers', '1'], REPO));
    rows.push(repeat('masthead, cold (empty cache)', clean, node, [masthead, ...build], REPO));
    rows.push(repeat('masthead, no-change rebuild', () => {}, node, [masthead, ...build], REPO));
    const edited = join(site, editedArticle);
    const original = readFileSync(edited, 'utf8');
    rows.push(
      repeat(
        'masthead, one article edited',
        (i) => writeFileSync(edited, original.replace(/\n$/, `\nEdited ${i}.\n`)),
        node,
        [masthead, ...build],
        REPO,
      ),
    );
    writeFileSync(edited, original);
  }
  const dev = only.has('dev') ? await measureDevEdits(masthead, site, devEditCases(site, editedArticle), Number(values.edits)) : [];
  report(rows, dev);
}

function report(rows: Row[], dev: DevEditRow[]): void {
  const hugo = rows.find((r) => r.name.startsWith('Hugo'));
  const hugoMedian = hugo && median(hugo.samples.map((s) => s.seconds));
  const lines = [
    `${size} articles, ${runs} runs each; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    '',
    '| build | median s | min s | max s | peak RSS MiB | vs Hugo cold |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const seconds = row.samples.map((s) => s.seconds);
    const peaks = row.samples.flatMap((s) => (s.peakMiB === undefined ? [] : [s.peakMiB]));
    const peak = peaks.length ? Math.max(...peaks).toFixed(0) : 'n/a';
    const ratio = hugoMedian ? `${(median(seconds) / hugoMedian).toFixed(2)}x` : 'n/a';
    lines.push(
      `| ${row.name} | ${median(seconds).toFixed(2)} | ${Math.min(...seconds).toFixed(2)} | ${Math.max(...seconds).toFixed(2)} | ${peak} | ${ratio} |`,
    );
  }
  if (dev.length > 0) {
    lines.push('', `masthead dev: save to new page served, ${dev[0]!.milliseconds.length} saves each`, '');
    lines.push('| edit | median ms | worst ms |', '| --- | ---: | ---: |');
    for (const row of dev)
      lines.push(`| ${row.name} | ${median(row.milliseconds).toFixed(0)} | ${Math.max(...row.milliseconds).toFixed(0)} |`);
  }
  console.log(lines.join('\n'));
}

await main();
