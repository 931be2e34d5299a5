// Shared by the suites: build a fixture site in memory or on disk, run the CLI, and make
// throwaway sites from a map of files.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { build, type BuildResult } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';

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
  options: { drafts?: boolean; baseUrl?: string; now?: DateTime } = {},
): Promise<MemoryBuild> {
  const writer = new MemoryWriter();
  try {
    const result = await build({ root, writer, now: options.now ?? NOW, drafts: options.drafts, baseUrl: options.baseUrl });
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
