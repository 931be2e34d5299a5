// Articles' modified dates from git (site.yaml `gitDates: true`): an article without `updated`
// is taken as updated when the last commit that changed its file was made. One `git log` over
// content/articles reads every article's date at once, and its result is kept in the cache by
// the commit it was read at, so a build at an unchanged HEAD runs only two quick git commands.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { VFile } from 'vfile';
import type { Article } from './articles.ts';
import { report, START, type Diagnostics } from '../diagnostics.ts';
import { parseYaml } from './yaml.ts';

const run = promisify(execFile);
const ARTICLES = 'content/articles';

export interface GitDates {
  /** Site-relative path of every committed file -> the committer date of the last commit that
   * changed it, or null when no commit has changed it since the one that added it. */
  modified: Map<string, DateTime | null>;
  /** Why no article has a git date (no repository, a shallow clone), or null. */
  unavailable: string | null;
  /** Paths with changes not committed yet (edited, new or untracked), which have no git date. */
  uncommitted: Set<string>;
}

/**
 * Gives every article without `updated` whose file was last changed after its `date` that
 * change's date as `gitUpdated` (so the page, its JSON-LD, the sitemap and the feeds show it), and
 * reports one notice for the articles that keep their publication date. Returns a text that
 * changes whenever any of these dates does, for the inputs of the build.
 */
export async function applyGitDates(root: string, articles: readonly Article[], cacheDir: string, diagnostics: Diagnostics): Promise<string> {
  const git = await readGitDates(root, cacheDir);
  const fallbacks: string[] = [];
  for (const article of articles) {
    article.gitUpdated = undefined;
    if (article.updated) continue;
    const modified = git.uncommitted.has(article.source) ? undefined : git.modified.get(article.source);
    if (modified === undefined) fallbacks.push(article.source);
    // A commit before the article's date (a scheduled story, a backdated one) is no update.
    else if (modified && modified > article.date) article.gitUpdated = modified.setZone(article.date.zone);
  }
  const reason = git.unavailable ?? (fallbacks.length > 0 ? uncommittedReason(fallbacks.sort()) : null);
  if (reason) report(diagnostics.file(CONFIG), 'notice', reason, gitDatesPlace(root), 'git-dates');
  return JSON.stringify(articles.map((a) => a.gitUpdated?.toISO() ?? null));
}

const CONFIG = 'content/site.yaml';

function uncommittedReason(paths: readonly string[]): string {
  const named = paths.length === 1 ? paths[0] : `${paths[0]} and ${paths.length - 1} more`;
  const count = paths.length === 1 ? '1 article has' : `${paths.length} articles have`;
  return `gitDates: ${count} changes not committed yet (${named}): they show their publication date as their modified date until committed`;
}

/** Where `gitDates` is set in site.yaml, for the notice; parsed again only when there is one. */
function gitDatesPlace(root: string) {
  try {
    return parseYaml(new VFile(), readFileSync(join(root, CONFIG), 'utf8')).locate(['gitDates'], 'key');
  } catch {
    return START;
  }
}

const none = (unavailable: string): GitDates => ({ modified: new Map(), unavailable, uncommitted: new Set() });

/** Every article file's last change, from git (or from the cache, at the same HEAD). */
export async function readGitDates(root: string, cacheDir: string): Promise<GitDates> {
  try {
    return await readRepository(root, cacheDir);
  } catch (error) {
    // No git, no repository, or a git that fails: the build goes on with publication dates.
    return none(`gitDates: ${gitProblem(error)}, so articles show their publication date as their modified date`);
  }
}

async function readRepository(root: string, cacheDir: string): Promise<GitDates> {
  const repository = await describeRepository(root);
  if (repository.shallow) {
    return none(
      'gitDates: this is a shallow clone, whose history would give wrong dates, so articles show their publication date as their modified date (clone the whole history; in GitHub Actions, checkout with fetch-depth: 0)',
    );
  }
  const uncommitted = await uncommittedPaths(root, repository.prefix);
  if (!repository.head) return { modified: new Map(), unavailable: null, uncommitted };
  const cacheFile = join(cacheDir, 'git-dates.json');
  const key = `${repository.head} ${repository.prefix}`;
  let entries = await readCache(cacheFile, key);
  if (!entries) {
    entries = await lastChanges(root);
    await mkdir(dirname(cacheFile), { recursive: true });
    await writeFile(cacheFile, JSON.stringify({ key, entries }));
  }
  const modified = new Map(entries.map(([path, iso]) => [path, iso === null ? null : DateTime.fromISO(iso, { setZone: true })]));
  return { modified, unavailable: null, uncommitted };
}

function git(root: string, args: string[]) {
  // Settings of the user's that would change the output we parse are turned off.
  return run('git', ['-c', 'log.showSignature=false', '-c', 'core.quotePath=false', ...args], {
    cwd: root,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
}

/** The site's folder inside its repository, whether the clone is shallow, and HEAD (null before the first commit). */
async function describeRepository(root: string) {
  let stdout: string;
  try {
    ({ stdout } = await git(root, ['rev-parse', '--show-prefix', '--is-shallow-repository', '--verify', '-q', 'HEAD']));
  } catch (error) {
    // Exit status 1 with the first two answers: a repository without commits yet.
    const partial = error as { code?: unknown; stdout?: string };
    if (partial.code !== 1 || partial.stdout?.split('\n').length !== 3) throw error;
    stdout = partial.stdout;
  }
  const [prefix = '', shallow, head = ''] = stdout.split('\n');
  return { prefix, shallow: shallow === 'true', head: head === '' ? null : head };
}

function gitProblem(error: unknown): string {
  const failure = error as { code?: unknown; stderr?: string };
  if (failure.code === 'ENOENT') return 'git is not installed';
  const said = failure.stderr?.split('\n')[0]?.replace(/^fatal: /, '');
  if (said) return `git says "${said}"`;
  return `the dates could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
}

/** Site-relative paths under content/articles with changes git has not committed. */
async function uncommittedPaths(root: string, prefix: string): Promise<Set<string>> {
  const { stdout } = await git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ARTICLES]);
  const paths = new Set<string>();
  const fields = stdout.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.length < 4) continue;
    // "XY path"; a rename or copy is followed by its original path, which is not a change of its own.
    paths.add(field.slice(3).slice(prefix.length));
    if (/[RC]/.test(field.slice(0, 2))) i++;
  }
  return paths;
}

/**
 * Every file's last change, newest commit first. The commit that added a file is its
 * publication, not an update (an archive imported in one commit must not show every story as
 * updated that day), so a file never changed since has null. Renames are followed: a file moved
 * without edits (git's R100) has the date of its last change under the old name, so
 * reorganising folders updates nothing. Merges count as the change they brought to the branch
 * (first parent), dated by the committer: when it landed, not when it was written.
 */
async function lastChanges(root: string): Promise<[string, string | null][]> {
  const { stdout } = await git(root, [
    'log',
    '--first-parent',
    '-m',
    '-M',
    '--relative',
    '--name-status',
    '-z',
    '--format=%x01%cI',
    '--',
    ARTICLES,
  ]);
  const dates = new Map<string, string | null>();
  // A path older commits know a file by -> the path it has now.
  const renamedTo = new Map<string, string>();
  for (const commit of stdout.split('\x01').slice(1)) {
    const [date = '', ...changes] = commit.split('\0');
    // The list of changes starts on the line after the date.
    if (changes[0]?.startsWith('\n')) changes[0] = changes[0].slice(1);
    for (let i = 0; i < changes.length; i++) {
      const status = changes[i]!;
      if (status === '') continue;
      // Renames and copies name the old path, then the new one; the rest name one path.
      const pair = status.startsWith('R') || status.startsWith('C');
      const from = changes[i + 1]!;
      const path = pair ? changes[i + 2]! : from;
      i += pair ? 2 : 1;
      const current = renamedTo.get(path) ?? path;
      if (dates.has(current)) continue; // a newer commit decided
      if (status === 'R100') renamedTo.set(from, current);
      else if (status === 'A' || status.startsWith('C')) dates.set(current, null);
      else if (status !== 'D') dates.set(current, date); // M, T, or a rename with edits
    }
  }
  return [...dates.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

async function readCache(file: string, key: string): Promise<[string, string | null][] | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown; entries?: unknown };
    if (data.key !== key || !Array.isArray(data.entries)) return undefined;
    const valid = data.entries.every(
      (e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (typeof e[1] === 'string' || e[1] === null),
    );
    return valid ? (data.entries as [string, string | null][]) : undefined;
  } catch {
    return undefined;
  }
}
