// `npm run bench`: builds one generated archive with masthead (cold, no-change rebuild, one
// article edited) and cold with Hugo, Eleventy and Astro, on this machine in one run, and prints
// medians, peak memory and each time's ratio to Hugo's and Eleventy's cold builds and to the
// machine's markdown floor (masthead's body pipeline alone, spread over every core).
//
// Then the editor's loop: `masthead dev` on the same site, from saving a file to the new page
// being served (median and worst of --edits saves each).
//
// And the sharded build: two shard jobs and a final build from their merged caches, against the
// cold build's time and bytes.
//
//   npm run bench -- [--size 4000] [--runs 3] [--edits 7] [--only masthead,shards,hugo,eleventy,astro,floor,dev]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ASTRO_CACHE, ASTRO_VERSION, firstLine, installAstro, writeAstroSite } from './astro.ts';
import { generateCorpus, type CorpusArticle } from './corpus.ts';
import { devEditCases, measureDevEdits } from './dev.ts';
import { measureFloor } from './floor.ts';
import { CommandFailed, median, repeat, type Job, type Row } from './measure.ts';
import { compareOutputs } from './pages.ts';
import { measureShardedBuild } from './shards.ts';
import { eleventyBin, hugoAvailable, writeEleventySite, writeHugoSite } from './peers.ts';
import { formatReport } from './report.ts';
import { writeMastheadSite } from './sites.ts';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const NOW = '2026-01-01T00:00:00Z';
/** Astro is installed here once, for every size, apart from masthead's own node_modules. */
const ASTRO_PEER = join(REPO, 'bench', 'corpus', '.astro-peer');

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '4000' },
    runs: { type: 'string', default: '3' },
    edits: { type: 'string', default: '7' },
    only: { type: 'string', default: 'masthead,shards,hugo,eleventy,astro,floor,dev' },
  },
});
const size = Number(values.size);
const runs = Number(values.runs);
const only = new Set(values.only.split(','));
const work = join(REPO, 'bench', 'corpus', String(size));
const node = process.execPath;

let corpus: CorpusArticle[] | undefined;
const articles = () => (corpus ??= generateCorpus(size));

/** What each tool's copy of the corpus is made from: when any of it changes, the copy is written again. */
const SOURCES: Record<string, string[]> = {
  masthead: ['bench/corpus.ts', 'bench/sites.ts', 'templates'],
  hugo: ['bench/corpus.ts', 'bench/peers.ts'],
  eleventy: ['bench/corpus.ts', 'bench/peers.ts'],
  astro: ['bench/corpus.ts', 'bench/peers.ts', 'bench/astro.ts'],
};

function hashSources(paths: readonly string[]): string {
  const hash = createHash('sha256');
  const add = (path: string): void => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) add(join(path, name));
    else hash.update(path).update(readFileSync(path));
  };
  for (const path of paths) add(join(REPO, path));
  return hash.digest('hex');
}

/** Writes the corpus for each tool asked for, unless an earlier run wrote the same already. */
function prepare(writers: Record<string, (dir: string) => void>): void {
  mkdirSync(work, { recursive: true });
  for (const [tool, write] of Object.entries(writers)) {
    const stamp = join(work, `${tool}.json`);
    const wanted = JSON.stringify({ size, sources: hashSources(SOURCES[tool]!) });
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) continue;
    process.stderr.write(`Writing ${size} articles for ${tool} in ${work} ...\n`);
    write(join(work, tool));
    writeFileSync(stamp, wanted);
  }
}

const notes: string[] = [];
function skip(line: string): void {
  process.stderr.write(line + '\n');
  notes.push(line);
}

/** Cold builds: each run starts without the output and cache folders named. */
const cold = (name: string, clean: string[], job: Job): Row =>
  repeat(name, runs, () => clean.forEach((path) => rmSync(path, { recursive: true, force: true })), job);

async function main(): Promise<void> {
  const astro = only.has('astro') ? installAstro(ASTRO_PEER) : undefined;
  if (astro && 'skipped' in astro) skip(`Astro skipped: ${astro.skipped}.`);
  const hugo = only.has('hugo') && hugoAvailable();
  if (only.has('hugo') && !hugo) skip('Hugo skipped: `hugo` is not installed (Debian: apt-get install hugo).');
  const eleventy = only.has('eleventy') ? eleventyBin() : undefined;
  if (only.has('eleventy') && !eleventy) skip('Eleventy skipped: @11ty/eleventy is not installed (npm ci installs it).');

  const writers: Record<string, (dir: string) => void> = {};
  // The dev measurement runs on masthead's copy of the corpus.
  if (only.has('masthead') || only.has('dev')) writers.masthead = (dir) => writeMastheadSite(dir, articles(), join(REPO, 'templates'));
  if (hugo) writers.hugo = (dir) => writeHugoSite(dir, articles());
  if (eleventy) writers.eleventy = (dir) => writeEleventySite(dir, articles());
  if (astro && 'bin' in astro) writers.astro = (dir) => writeAstroSite(dir, articles(), astro.modules);
  prepare(writers);

  const floor = only.has('floor') ? measureFloor(articles()) : undefined;
  const rows: Row[] = [];
  const outputs: Record<string, string> = {};
  if (hugo) {
    outputs.Hugo = join(work, 'out-hugo');
    rows.push(
      cold('Hugo, cold', [outputs.Hugo], { command: 'hugo', args: ['--quiet', '-s', join(work, 'hugo'), '-d', outputs.Hugo], cwd: work }),
    );
  }
  if (eleventy) {
    outputs.Eleventy = join(work, 'out-eleventy');
    const job = { command: node, args: [eleventy, `--output=${outputs.Eleventy}`, '--quiet'], cwd: join(work, 'eleventy') };
    rows.push(cold('Eleventy 3, cold', [outputs.Eleventy], job));
  }
  if (astro && 'bin' in astro) {
    // Astro builds into the site's own dist/ (an outDir outside it gets its .astro/ files copied in).
    const site = join(work, 'astro');
    const clean = ['dist', '.astro', ASTRO_CACHE].map((name) => join(site, name));
    const job = { command: node, args: [astro.bin, 'build', '--silent'], cwd: site, env: { ASTRO_TELEMETRY_DISABLED: '1' } };
    try {
      rows.push(cold('Astro 5, cold', clean, job));
      outputs.Astro = join(site, 'dist');
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      skip(`Astro skipped: astro build failed: ${firstLine(error.output)}`);
    }
  }
  if (only.has('masthead')) rows.push(...buildMasthead());
  // The machine's speed drifts over a run, and Hugo's time with it far more than masthead's (2.8x
  // against 1.2x between two runs here): Hugo again after masthead, for ratios to both.
  if (hugo && only.has('masthead')) {
    const again = cold('Hugo, cold, after masthead', [outputs.Hugo!], {
      command: 'hugo',
      args: ['--quiet', '-s', join(work, 'hugo'), '-d', outputs.Hugo!],
      cwd: work,
    });
    rows.push(again);
    notes.push(hugoDrift(rows));
  }
  const masthead = join(REPO, 'bin', 'masthead.js');
  const site = join(work, 'masthead');
  const dev = only.has('dev') ? await measureDevEdits(masthead, site, devEditCases(site, EDITED_ARTICLE), Number(values.edits)) : [];

  notes.push(peerVersions(Object.keys(outputs), eleventy), compareOutputs(outputs));
  console.log(formatReport({ size, runs, rows, dev, floor, notes: notes.filter(Boolean) }));
}

const EDITED_ARTICLE = join('content', 'articles', '2019', 'story-000001.md');

/** masthead cold (with 1 worker and with the default pool), the sharded build, then a no-change
 * rebuild and one article edited. */
function buildMasthead(): Row[] {
  const site = join(work, 'masthead');
  const out = join(work, 'out-masthead');
  const anywhere = { command: node, args: [join(REPO, 'bin', 'masthead.js'), 'build', '--root', site, '--now', NOW, '--quiet'], cwd: REPO };
  const build = { ...anywhere, args: [...anywhere.args, '--out', out] };
  const rows: Row[] = [];
  // Cold: no output folder and an empty cache. (A build always stores its bodies; --no-cache
  // only puts them in a temporary folder.) The last cold run leaves the cache for the rebuilds.
  // What the worker pool gains is measured first; skipped for large archives, where it
  // would double the run.
  const clean = [out, join(site, 'node_modules')];
  if (size <= 20_000) rows.push(cold('masthead, cold, 1 worker', clean, { ...build, args: [...build.args, '--workers', '1'] }));
  const coldRow = cold('masthead, cold (empty cache)', clean, build);
  rows.push(coldRow);
  if (only.has('shards')) {
    // Before the rebuilds below change `out`: it holds the cold build's site to compare with.
    const sharded = measureShardedBuild(anywhere, work, 2, runs, out, median(coldRow.samples.map((s) => s.seconds)));
    rows.push(...sharded.rows);
    notes.push(sharded.note);
  }
  rows.push(repeat('masthead, no-change rebuild', runs, () => {}, build));
  const edited = join(site, EDITED_ARTICLE);
  const original = readFileSync(edited, 'utf8');
  const edit = (i: number) => writeFileSync(edited, original.replace(/\n$/, `\nEdited ${i}.\n`));
  rows.push(repeat('masthead, one article edited', runs, edit, build));
  writeFileSync(edited, original);
  return rows;
}

/** How far Hugo's two cold rows (before and after masthead's) are apart, said when it matters. */
function hugoDrift(rows: readonly Row[]): string {
  const [before, after] = rows.filter((row) => row.name.startsWith('Hugo')).map((row) => median(row.samples.map((s) => s.seconds)));
  if (before === undefined || after === undefined) return '';
  const apart = Math.max(before, after) / Math.min(before, after);
  const said = `Hugo's cold build: ${before.toFixed(2)} s before masthead's builds, ${after.toFixed(2)} s after; ratios to Hugo use the median of both rows' runs.`;
  return apart > 1.2 ? `${said} The machine's speed changed during the run (${apart.toFixed(2)}x): treat ratios to peers with care.` : said;
}

/** The versions of the peers that were built (`built`: their names in the table). */
function peerVersions(built: string[], eleventy: string | undefined): string {
  const versions = built.map((name) => {
    if (name === 'Hugo')
      return execFileSync('hugo', ['version'], { encoding: 'utf8' }).split(' ')[1]!.replace(/^v/, 'Hugo ').replace(/\+.*/, '');
    if (name === 'Eleventy') return `Eleventy ${JSON.parse(readFileSync(join(dirname(eleventy!), 'package.json'), 'utf8')).version}`;
    return `Astro ${ASTRO_VERSION} (in ${ASTRO_PEER.slice(REPO.length + 1)})`;
  });
  return versions.length ? `Peers: ${versions.join(', ')}.` : '';
}

await main();
