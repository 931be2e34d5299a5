// The journal of a build that moves its few new files into the site in place: what it is about
// to move and delete, written down before it starts, so a build killed half-way through the
// moves is completed by the next one (see writer.ts, recover()).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { writeJson } from './json-file.ts';
import { basename, dirname, join } from 'node:path';

/** Up to how many files a build moves into the site in place rather than swapping folders:
 * beyond it, linking every kept file costs less than the moves' window of a mixed site. */
export function movesAllowed(files: number): number {
  return Math.max(64, Math.floor(files / 10));
}

export interface Journal {
  pid: number;
  staging: string;
  /** Paths to move from the staging folder into the site. */
  moves: string[];
  /** Paths to delete from the site. */
  removals: string[];
}

const journalPath = (out: string) => join(dirname(out), `.masthead-journal-${basename(out)}.json`);

/** Moves the new files into the site and deletes the gone ones, after writing down what it is
 * about to do, so that a build killed half-way through is completed by the next one. */
export async function applyJournal(out: string, journal: Journal): Promise<void> {
  await writeJson(journalPath(out), journal);
  await completeJournal(out, journal);
}

export async function completeJournal(out: string, journal: Journal): Promise<void> {
  // Deletions first: a page whose path becomes a folder's (x, then x/index.html) makes room.
  for (const path of journal.removals) {
    await rm(join(out, path), { force: true });
    await removeEmptyFolders(out, dirname(path));
  }
  for (const path of journal.moves) {
    const from = join(journal.staging, path);
    if (!existsSync(from)) continue; // moved before the process died
    await mkdir(dirname(join(out, path)), { recursive: true });
    await rename(from, join(out, path));
  }
  await rm(journal.staging, { recursive: true, force: true });
  await rm(journalPath(out), { force: true });
}

/** A deleted article's folder goes with its last file, as it would from a site built afresh. */
async function removeEmptyFolders(out: string, folder: string): Promise<void> {
  for (let dir = folder; dir !== '.' && dir !== ''; dir = dirname(dir)) {
    const entries = await readdir(join(out, dir)).catch(() => undefined);
    if (!entries || entries.length > 0) return;
    await rm(join(out, dir), { recursive: true, force: true });
  }
}

export async function readJournal(out: string): Promise<Journal | undefined> {
  try {
    const journal = JSON.parse(await readFile(journalPath(out), 'utf8')) as Journal;
    const paths = (list: unknown) => Array.isArray(list) && list.every((p) => typeof p === 'string' && !p.split('/').includes('..'));
    return typeof journal.staging === 'string' && paths(journal.moves) && paths(journal.removals) ? journal : undefined;
  } catch {
    return undefined;
  }
}
