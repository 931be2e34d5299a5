// `masthead build` and `masthead check`: run the pipeline, then print its problems and a one-line
// summary (and, with --verbose, the time of each stage).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DateTime } from 'luxon';
import { annotation, inGitHubActions } from '../annotations.ts';
import { defaultCacheDir, type BuildOptions, type BuildResult } from '../build-options.ts';
import { ContentError, formatMessage, messageJson, UsageError, type Diagnostics } from '../diagnostics.ts';
import { checkOutFolder } from '../output/out-folder.ts';
import { CheckWriter } from '../output/memory-writer.ts';
import { readManifest } from '../output/manifest.ts';
import { DiskWriter } from '../output/writer.ts';
import { reuseProvenSite, startProof } from '../incremental/unchanged.ts';
import { Progress } from '../progress.ts';
import type { Inclusion, Schedule } from '../site/schedule.ts';

export interface BuildCommandOptions {
  root: string;
  out?: string;
  now: DateTime;
  /** --drafts and --future. */
  include: Inclusion;
  baseUrl?: string;
  cache: boolean;
  /** --cache: the cache folder. @default ROOT/node_modules/.cache/masthead */
  cacheDir?: string;
  workers?: number;
  quiet: boolean;
  verbose: boolean;
  /** `check`: validate and render everything, write nothing. */
  dryRun: boolean;
  /** How problems are printed: compiler-style lines, or one JSON array on stdout. */
  format: DiagnosticFormat;
}

export type DiagnosticFormat = 'text' | 'json';

export async function runBuild(options: BuildCommandOptions): Promise<number> {
  checkBaseUrl(options.baseUrl);
  const started = performance.now();
  const out = resolve(options.out ?? `${options.root}/public`);
  if (!options.dryRun) checkOutFolder(out, resolve(options.root));
  const cacheDir = options.cache ? (options.cacheDir ?? defaultCacheDir(options.root)) : undefined;
  const manifest = cacheDir && join(cacheDir, 'outputs', `${createHash('sha256').update(out).digest('hex').slice(0, 16)}.json`);
  // `check` works from the same caches as a build into ROOT/public, and renders what it would.
  const writer = options.dryRun
    ? new CheckWriter(manifest && existsSync(out) ? await readManifest(manifest) : undefined)
    : await DiskWriter.open(out, manifest);
  const progress = new Progress();
  let result: BuildResult;
  try {
    const buildOptions: BuildOptions = {
      root: options.root,
      writer,
      now: options.now,
      include: options.include,
      baseUrl: options.baseUrl,
      cacheDir: cacheDir ?? false,
      workers: options.workers,
      searchIndex: options.dryRun ? 'skip' : 'build',
      onProgress: options.quiet ? undefined : progress.update,
    };
    // A build that proves nothing changed never loads the engine (../build.ts and its stages).
    const proof = cacheDir === undefined ? undefined : await startProof(buildOptions, cacheDir);
    // Not proven (or the site is not as its writer left it): the build keeps this proof once it succeeds.
    result =
      (await reuseProvenSite(proof, writer)) ??
      (await (await import('../build.ts')).build({ ...buildOptions, proof: proof && { ...proof, proven: undefined } }));
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    progress.clear();
    printDiagnostics(
      error.diagnostics,
      options.dryRun ? '' : ': nothing was written; the previous site is untouched',
      options.format,
      options.root,
    );
    return 1;
  } finally {
    progress.clear();
  }
  printDiagnostics(result.diagnostics, '', options.format, options.root);
  const say = sayer(options.format);
  if (options.verbose) printTimings(say, result.timings);
  // Not under --quiet, which prints only problems: what is left out is the build working as asked.
  if (!options.quiet) {
    say(summary(result, options.dryRun, (performance.now() - started) / 1000));
    for (const line of scheduleLines(result.schedule)) say(line);
  }
  return 0;
}

/** Where what is for people goes: stdout, or stderr when stdout carries the JSON problems. */
export function sayer(format: DiagnosticFormat): (line: string) => void {
  return format === 'json' ? console.error : console.log;
}

/** The time each stage took, one line each (--verbose). */
export function printTimings(say: (line: string) => void, timings: readonly [string, number][]): void {
  for (const [stage, ms] of timings) say(`  ${stage.padEnd(18)} ${(ms / 1000).toFixed(2)} s`);
}

/** A UsageError unless `baseUrl` (--base-url) is absent or an absolute http(s) address. */
export function checkBaseUrl(baseUrl: string | undefined): void {
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new UsageError(`--base-url must be an absolute http(s) address, got "${baseUrl}"`);
  }
}

/** What the build left out for not being out yet, and when the next scheduled article goes live:
 * a scheduled CI job reads the time from the line that starts "next scheduled:". */
function scheduleLines({ draftsLeftOut, scheduledLeftOut, next }: Schedule): string[] {
  const leftOut = [
    draftsLeftOut > 0 && `${draftsLeftOut} draft${draftsLeftOut === 1 ? '' : 's'} (--drafts shows ${draftsLeftOut === 1 ? 'it' : 'them'})`,
    scheduledLeftOut > 0 &&
      `${scheduledLeftOut} scheduled article${scheduledLeftOut === 1 ? '' : 's'} (--future shows ${scheduledLeftOut === 1 ? 'it' : 'them'})`,
  ].filter((part) => part !== false);
  const lines = leftOut.length > 0 ? [`left out: ${leftOut.join(', ')}`] : [];
  if (next) {
    const early = next.shownEarly ? ' (included now by --future)' : '';
    lines.push(`next scheduled: '${next.title.replace(/\s+/g, ' ')}' at ${next.date.toFormat('yyyy-LL-dd HH:mm ZZ')}${early}`);
  }
  return lines;
}

function summary(result: BuildResult, dryRun: boolean, seconds: number): string {
  const { stats, diagnostics } = result;
  const count = diagnostics.warningCount();
  const warnings = count === 0 ? '' : `, ${count} warning${count === 1 ? '' : 's'}`;
  if (dryRun) {
    const reused = stats.unchanged > 0 ? `, ${stats.unchanged} as the last build made them` : '';
    return `No errors in ${stats.outputs} files${warnings} (${stats.written} made${reused}; ${seconds.toFixed(2)} s).`;
  }
  const bodies =
    stats.bodiesReused > 0 ? `; ${stats.bodiesReused} of ${stats.bodiesRendered + stats.bodiesReused} articles from cache` : '';
  return `Built ${stats.outputs} files (${stats.written} written, ${stats.unchanged} unchanged) in ${seconds.toFixed(2)} s${bodies}${warnings}.`;
}

/** Every message, one per line on stderr (or all as one JSON array on stdout, empty when there
 * are none), then a count of the errors and what they mean for the output. Under GitHub Actions
 * each message is also printed as its workflow command: the command becomes an annotation, but
 * GitHub shows only the first few of a step, so the plain lines (every one of them, greppable in
 * the log) stay. `root` is the site root the messages' paths are relative to. */
export function printDiagnostics(diagnostics: Diagnostics, consequence = '', format: DiagnosticFormat = 'text', root = '.'): void {
  const annotate = inGitHubActions();
  if (format === 'json') console.log(JSON.stringify(diagnostics.messages().map(messageJson), null, 2));
  for (const message of diagnostics.messages()) {
    if (format !== 'json') console.error(formatMessage(message));
    if (annotate) console.error(annotation(message, root));
  }
  const errors = diagnostics.errorCount();
  if (errors > 0) console.error(`\n${errors} error${errors === 1 ? '' : 's'}${consequence}.`);
}
