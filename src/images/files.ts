// The hash of each image file's bytes, read again only when its size or modification time is
// not what the last build saw (as rsync and git decide what changed): a build that changes no
// image reads none. A time too close to when the file was read is not trusted, since a second
// write within the file system's time resolution would leave it as it was ("racily clean", in
// git's words): such a file is hashed again by the next build.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

export interface FileHash {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the bytes, hex. */
  hash: string;
}

/** How much older than the moment it was read a file's time must be to be trusted. */
const RACY_MS = 2000;

export class FileHashes {
  /** Files read and hashed so far, for the build's statistics and the tests. */
  hashed = 0;
  private readonly current = new Map<string, FileHash>();

  constructor(private readonly known: ReadonlyMap<string, FileHash>) {}

  /** The hash of the file at `path` (absolute), known as `name` in the record; undefined when
   * it cannot be read. */
  async hash(name: string, path: string): Promise<string | undefined> {
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) return undefined;
    const known = this.known.get(name);
    if (known && known.size === found.size && known.mtimeMs === found.mtimeMs) {
      this.current.set(name, known);
      return known.hash;
    }
    const readAt = Date.now();
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) return undefined;
    this.hashed++;
    const hash = createHash('sha256').update(bytes).digest('hex');
    // The time from before the read, so a write during it is caught too.
    const trusted = found.mtimeMs < readAt - RACY_MS && bytes.length === found.size;
    if (trusted) this.current.set(name, { size: found.size, mtimeMs: found.mtimeMs, hash });
    return hash;
  }

  /** The records of the files asked for by this build, to keep for the next one. */
  used(): Record<string, FileHash> {
    return Object.fromEntries([...this.current].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** The records as saved by used(), dropping any of the wrong shape. */
  static parse(data: unknown): Map<string, FileHash> {
    if (typeof data !== 'object' || data === null) return new Map();
    const valid = Object.entries(data as Record<string, Partial<FileHash>>).filter(
      ([, entry]) =>
        typeof entry === 'object' &&
        entry !== null &&
        Number.isInteger(entry.size) &&
        typeof entry.mtimeMs === 'number' &&
        typeof entry.hash === 'string' &&
        /^[0-9a-f]{64}$/.test(entry.hash),
    );
    return new Map(valid as [string, FileHash][]);
  }
}
