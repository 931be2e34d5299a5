// Shared by the suites: build a fixture site in memory or on disk, run the CLI, and make
// throwaway sites from a map of files.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { build, type BuildResult } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import type { Inclusion } from '../src/site/schedule.ts';

export const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
export const FIXTURES = join(REPO, 'test', 'fixtures');
/** The moment every test build happens at, unless a test says otherwise. */
export const NOW = DateTime.fromISO('2023-07-01T12:00:00Z');

/** A fresh copy of a fixture site in a temporary folder; the repository's templates are used
 * unless the fixture has its own. */
export function copyFixture(name: string): string {
  const root = mkdtempSync(join(tmpdir(), `masthead-${name.replace(/\W/g, '-')}-`));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  if (!existsSync(join(root, 'templates'))) cpSync(join(REPO, 'templates'), join(root, 'templates'), { recursive: true });
  return root;
}

/** A site made of `files` (path -> text) plus the repository's templates unless given. */
export function makeSite(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'masthead-site-'));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  if (!Object.keys(files).some((p) => p.startsWith('templates/')))
    cpSync(join(REPO, 'templates'), join(root, 'templates'), { recursive: true });
  return root;
}

export interface MemoryBuild {
  writer: MemoryWriter;
  result: BuildResult;
}

/** Builds `root` into memory; throws the diagnostics as text if the build fails. */
export async function buildInMemory(
  root: string,
  options: { drafts?: boolean; future?: boolean; baseUrl?: string; now?: DateTime } = {},
): Promise<MemoryBuild> {
  const writer = new MemoryWriter();
  const include = { drafts: options.drafts ?? false, future: options.future ?? false };
  try {
    const result = await build({ root, writer, now: options.now ?? NOW, include, baseUrl: options.baseUrl });
    return { writer, result };
  } catch (error) {
    if (error instanceof ContentError) throw new Error(`build failed:\n${diagnosticLines(error).join('\n')}`);
    throw error;
  }
}

/** The diagnostics of a build expected to fail, one formatted line each. */
export async function buildErrors(root: string): Promise<string[]> {
  try {
    await build({ root, writer: new MemoryWriter(), now: NOW });
  } catch (error) {
    if (error instanceof ContentError) return diagnosticLines(error);
    throw error;
  }
  throw new Error('expected the build to fail, and it succeeded');
}

function diagnosticLines(error: ContentError): string[] {
  return error.diagnostics.messages().map(formatMessage);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `masthead` as a user would: a separate node process. Outside GitHub Actions, even when
 * the suite itself runs there (annotations would add lines to what tests compare), unless `env`
 * says otherwise. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, 'bin', 'masthead.js'), ...args],
      { env: { ...process.env, GITHUB_ACTIONS: '', ...env }, cwd: REPO },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A real image file, `width` by `height`: a gradient with a band across it, so resizing and
 * cropping have something to show. */
export async function picture(width: number, height: number, format: 'jpeg' | 'png', hue = 0): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="hsl(${hue},60%,40%)"/><stop offset="1" stop-color="#eee"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><rect y="40%" width="100%" height="20%" fill="#246"/></svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'jpeg' ? image.jpeg().toBuffer() : image.png().toBuffer();
}

/** Every file under `dir` (none when it is missing), by its path, as `describe` tells its
 * stat: a way to see which files a run left as they were. */
export function fileStates(dir: string, describe: (stat: Stats) => string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), describe(statSync(path))] as const;
      }),
  );
}

/** Every file under `dir`, by its site path (forward slashes), as base64 of its bytes: to compare
 * a site written to disk with freshBuildFiles. */
export function siteFilesOn(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files.set(relative(dir, absolute).split(sep).join('/'), readFileSync(absolute).toString('base64'));
  }
  return files;
}

/** The site a from-scratch build of `root` makes (no cache, one thread), as siteFilesOn gives one. */
export async function freshBuildFiles(
  root: string,
  options: { now?: DateTime; include?: Inclusion; baseUrl?: string } = {},
): Promise<Map<string, string>> {
  const writer = new MemoryWriter();
  const { now = NOW, include, baseUrl } = options;
  await build({ root, writer, now, include, baseUrl, cacheDir: false, workers: 1 });
  return new Map([...writer.files].map(([path, data]) => [path, Buffer.from(data).toString('base64')]));
}
