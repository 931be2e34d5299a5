// Validated records on disk, for a new process: `masthead build` after an edit reads and
// validates only the files whose size, times or inode changed, instead of parsing the frontmatter of the
// whole archive (YAML, schema, dates: most of a warm build's time before this cache). They are
// split into 256 files by the source's path, so an edit rewrites one small file and no single
// file grows with the archive beyond what a process can write at once. Only
// clean records are kept, those of files validation found nothing wrong in; a file with a
// problem is read again on every build, so its messages are always its own. Dates keep their
// zone; a field's place in the file (for a problem another file's check finds later) is worked
// out again from the file when one is asked for.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { VFile } from 'vfile';
import { revivedDate } from '../content/dates.ts';
import { locateLater, shapedRecord, type Article, type Page, type ReadSource } from '../content/articles.ts';
import type { ReferenceSubject } from '../content/references.ts';

export interface CachedRecord {
  path: string;
  kind: 'article' | 'page';
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  settings: string;
  textHash: string;
  read: ReadSource;
}

interface StoredRecord extends Omit<CachedRecord, 'read'> {
  owner: Record<string, unknown>;
  bodyHash: string;
  bodyLine: number;
  urlField: ReferenceSubject['urlField'];
}

/** Fields a record has that are not data: the build's file, the locator, the git date. */
const NOT_STORED = new Set(['file', 'locate', 'gitUpdated']);

/** The file of the 256 a source's record is kept in: a quick hash (FNV-1a) of its path. */
export function recordShard(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) & 0xff).toString(16).padStart(2, '0');
}

/** Every record kept in `dir` by a process running the same masthead (`engine`). The files are
 * read synchronously: 256 small reads queued through the thread pool cost several times more. */
export function readRecords(dir: string, engine: string, root: string): CachedRecord[] {
  const records: CachedRecord[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No records yet: every file is read and validated.
  }
  for (const name of names) {
    if (!/^[0-9a-f]{2}\.json$/.test(name)) continue;
    try {
      // Parsed plain, then the dates revived in the records' owners, the only place they are:
      // a reviver is called for every value of the file, which tripled the time to read them.
      const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { engine?: string; tz?: string; records?: StoredRecord[] };
      if (data.engine !== engine || !Array.isArray(data.records)) continue;
      // Offsets kept under other time zone rules than this process's are worked out again.
      const sameRules = data.tz === process.versions.tz;
      for (const stored of data.records) {
        reviveDates(stored.owner, sameRules);
        records.push(restore(stored, root));
      }
    } catch {
      // Unreadable: its files are read and validated again.
    }
  }
  return records;
}

/** Writes the records of one shard. */
export async function writeRecords(dir: string, shard: string, engine: string, records: readonly CachedRecord[]): Promise<void> {
  const path = join(dir, `${shard}.json`);
  const stored: StoredRecord[] = [];
  for (const record of records) {
    const { body, references } = record.read;
    if (!body || !references) continue;
    const owner = Object.fromEntries(Object.entries(body.owner).filter(([key]) => !NOT_STORED.has(key)));
    const { read: _read, ...rest } = record;
    stored.push({ ...rest, owner, bodyHash: body.bodyHash, bodyLine: body.bodyLine, urlField: references.urlField });
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ engine, tz: process.versions.tz, records: stored }, replace));
  await rename(temporary, path);
}

const PLACEHOLDER = new VFile();

function restore(stored: StoredRecord, root: string): CachedRecord {
  const { owner: fields, bodyHash, bodyLine, urlField } = stored;
  // Stands in until the build binds the record to its own file (see records.ts, replay).
  const file = PLACEHOLDER;
  const locate = locateLater(root, stored.path);
  // In the one order and shape of a record read from its file (see shapedRecord).
  const owner = shapedRecord<Article | Page>(stored.kind, fields, { file, locate });
  const article = stored.kind === 'article' ? (owner as Article) : undefined;
  const references: ReferenceSubject = {
    kind: stored.kind,
    source: owner.source,
    file,
    locate,
    url: owner.url,
    urlField,
    authors: article?.authors ?? [],
    section: article?.section,
    imageSrc: article?.image?.src,
    aliases: owner.aliases ?? [],
  };
  const { path, kind, size, mtimeMs, ctimeMs, ino, settings, textHash } = stored;
  return { path, kind, size, mtimeMs, ctimeMs, ino, settings, textHash, read: { body: { owner, bodyHash, bodyLine }, references } };
}

/** Dates as instant, zone and offset there, so a record read back equals the one written. */
function replace(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof DateTime ? { $date: original.toMillis(), zone: original.zoneName, offset: original.offset } : value;
}

/** Puts back in place, throughout `value`, each date that `replace` stored. */
function reviveDates(value: unknown, sameRules: boolean): void {
  if (typeof value !== 'object' || value === null) return;
  const entries = value as Record<string, unknown>;
  for (const key in entries) {
    const field = entries[key];
    if (typeof field !== 'object' || field === null) continue;
    if ('$date' in field) {
      const { $date, zone, offset } = field as { $date: number; zone: string | null; offset?: number };
      entries[key] = revivedDate($date, zone ?? 'system', sameRules ? offset : undefined);
    } else reviveDates(field, sameRules);
  }
}
