// The site's input files as a build finds them before reading any: every file under content/
// and templates/ (site.yaml and authors.yaml are in content/), by size, modification and change
// time and inode, which any write changes (no tool can set the change time). A file modified
// just before the build began can be modified again within the same tick of the file system's
// clock without its size or times showing it (git calls such entries racy): its entry also has
// the hash of its bytes, and is compared by them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { FileStamp } from './records.ts';

/** How recently modified a file must be for its times alone not to vouch for its bytes: well
 * over a clock tick, and over the 1-second (or 2-second) times some file systems keep. */
const RACY_MS = 3000;

/** The folders of a site root the build reads (site.yaml and authors.yaml are in content/). */
const INPUT_FOLDERS = ['content', 'templates'];

/** One input file as a build saw it; `hash` only for files modified just before it began. */
export type InputEntry = [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, hash?: string];

/** The stats of the input files the snapshot saw, by path, for the records (incremental/records.ts). */
export function stampsOf(inputs: readonly InputEntry[]): Map<string, FileStamp> {
  return new Map(inputs.map(([path, size, mtimeMs, ctimeMs, ino]) => [path, { size, mtimeMs, ctimeMs, ino }]));
}

/** Every input file of the site at `root`, as it is now: taken before any is read, so that an
 * edit made while the build runs shows as a change to the next one. */
export function snapshotInputs(root: string): InputEntry[] {
  const started = Date.now();
  const entries: InputEntry[] = [];
  const visited = new Set<string>();
  const walk = (absolute: string, path: string) => {
    const real = realpathSync(absolute);
    if (visited.has(real)) return;
    visited.add(real);
    const names = readdirSync(absolute).sort();
    for (const name of names) {
      // As the build's own listing (content/load.ts): names starting with a dot are not read.
      if (name.startsWith('.')) continue;
      const child = join(absolute, name);
      const stat = statSync(child, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(child, `${path}/${name}`);
      else entries.push(entryOf(`${path}/${name}`, child, stat, started));
    }
  };
  for (const folder of INPUT_FOLDERS) {
    const absolute = join(root, folder);
    if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) walk(absolute, folder);
  }
  return entries;
}

function entryOf(path: string, absolute: string, stat: Stats, started: number): InputEntry {
  const entry: InputEntry = [path, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino];
  if (stat.mtimeMs >= started - RACY_MS) entry.push(hashFile(absolute));
  return entry;
}

const hashFile = (absolute: string) => createHash('sha256').update(readFileSync(absolute)).digest('hex');

/** Whether the files are those `stored` saw: the same paths, sizes, times and inodes, and the
 * same bytes for those it hashed. `current` is a snapshot taken now. */
export function sameInputs(stored: readonly InputEntry[], current: readonly InputEntry[], root: string): boolean {
  if (stored.length !== current.length) return false;
  for (let i = 0; i < stored.length; i++) {
    const [path, size, mtimeMs, ctimeMs, ino, hash] = stored[i]!;
    const now = current[i]!;
    if (now[0] !== path || now[1] !== size || now[2] !== mtimeMs || now[3] !== ctimeMs || now[4] !== ino) return false;
    if (hash !== undefined && (now[5] ?? hashFile(join(root, path))) !== hash) return false;
  }
  return true;
}
