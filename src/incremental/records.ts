// Validated records kept between builds (of one process, and on disk for the next one: see
// record-cache.ts): a source file whose size, times and inode are as last seen, under the
// same site settings, is neither read nor parsed again. Its record and the problems validation
// found in it come back as they were, the problems filed on this build's diagnostics.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import type { SiteConfig } from '../config.ts';
import { readArticle, readPage, type ReadSource } from '../content/articles.ts';
import { readText } from '../content/load.ts';
import type { Diagnostics } from '../diagnostics.ts';
import { readRecords, recordShard, writeRecords } from './record-cache.ts';

export interface LoadedSource {
  /** The record (none when the file had errors that leave none) and the fields that other
   * files and the site are checked against. */
  read: ReadSource;
  /** sha256 of the file's text: what the site-wide input hash is made from. */
  textHash: string;
}

interface Entry extends LoadedSource {
  path: string;
  kind: 'article' | 'page';
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  settings: string;
  messages: VFileMessage[];
}

/** What tells a file's version without reading it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export class RecordStore {
  private readonly entries = new Map<string, Entry>();
  private seen = new Set<string>();
  /** The record files (see record-cache.ts) holding a record that changed since the store
   * was read or written. */
  private changed = new Set<string>();

  /** Adds the clean records a build saved in `dir`. */
  async restore(dir: string, engine: string, root: string): Promise<void> {
    for (const record of readRecords(dir, engine, root)) {
      // Only clean records are kept on disk: a record read back has no messages.
      if (!this.entries.has(record.path)) this.entries.set(record.path, Object.assign(record, { messages: [] }));
    }
  }

  /** Saves the clean records of every record file that changed. */
  async persist(dir: string, engine: string): Promise<void> {
    if (this.changed.size === 0) return;
    const shards = this.changed;
    this.changed = new Set();
    const clean = new Map<string, Entry[]>([...shards].map((shard) => [shard, []]));
    for (const entry of this.entries.values()) {
      if (entry.messages.length === 0) clean.get(recordShard(entry.path))?.push(entry);
    }
    for (const [shard, entries] of clean) await writeRecords(dir, shard, engine, entries);
  }

  /** Reads and validates `path` (an article or a standalone page), or returns what it was
   * last time when the file and the settings are unchanged. Undefined for unreadable text.
   * `stamp`: the file's stats taken before it is read, when the build has them already, or
   * 'unchanged' when a file watcher vouches that it did not change since it was last loaded. */
  load(
    root: string,
    path: string,
    kind: 'article' | 'page',
    config: SiteConfig,
    diagnostics: Diagnostics,
    stamp?: FileStamp | 'unchanged',
  ): LoadedSource | undefined {
    this.seen.add(path);
    const settings = kind === 'page' ? 'page' : settingsKey(config);
    const known = this.entries.get(path);
    if (stamp === 'unchanged' && known?.settings === settings) return replay(known, path, diagnostics);
    const stat = (stamp !== 'unchanged' && stamp) || statSync(join(root, path), { throwIfNoEntry: false });
    if (known && stat && sameFile(known, stat) && known.settings === settings) return replay(known, path, diagnostics);

    this.changed.add(recordShard(path));
    const source = readText(root, path, diagnostics);
    if (!source) {
      this.entries.delete(path);
      return undefined;
    }
    const file = diagnostics.file(path);
    const before = file.messages.length;
    const read = kind === 'article' ? readArticle(source, config, diagnostics, root) : readPage(source, diagnostics, root);
    const textHash = createHash('sha256').update(source.text).digest('hex');
    if (stat) {
      this.entries.set(path, {
        path,
        kind,
        read,
        textHash,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        ctimeMs: stat.ctimeMs,
        ino: stat.ino,
        settings,
        messages: file.messages.slice(before),
      });
    }
    return { read, textHash };
  }

  /** Forgets the files not loaded since the last call (deleted or renamed ones). */
  sweep(): void {
    for (const path of this.entries.keys()) {
      if (this.seen.has(path)) continue;
      this.entries.delete(path);
      this.changed.add(recordShard(path));
    }
    this.seen = new Set();
  }
}

/** The file is as when its record was made: its size and modification time, and also its change
 * time and inode, since an edit can keep the size and have its modification time put back (tools
 * that preserve times do), but no tool can set the change time. */
function sameFile(known: Entry, stat: FileStamp): boolean {
  return known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.ino === stat.ino;
}

/** The same record, bound to this build's file for `path`, with its problems filed again. The
 * record's objects are rebound, not copied: a build reads the records of the build before it
 * only through its own, and copying every record on every build was most of a dev rebuild's
 * loading time. (Builds of one session run one at a time.) */
function replay(entry: Entry, path: string, diagnostics: Diagnostics): LoadedSource {
  const file = diagnostics.file(path);
  file.refile(entry.messages);
  const { body, references } = entry.read;
  if (body) body.owner.file = file;
  if (references) references.file = file;
  return entry;
}

/** What an article's record depends on besides its file (timezone, permalink, sections). */
let lastConfig: SiteConfig | undefined;
let lastKey = '';
function settingsKey(config: SiteConfig): string {
  if (config !== lastConfig) {
    lastConfig = config;
    lastKey = createHash('sha256').update(JSON.stringify(config)).digest('hex');
  }
  return lastKey;
}
