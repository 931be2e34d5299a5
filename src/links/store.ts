// The link records of every page between builds, in the cache: each page's ids and links under
// the inputs it was made from (equal inputs make equal bytes, so equal links). Split into 256
// files by a hash of the page's path, so a build that rewrites a few pages reads and rewrites a
// few small files, not a record of the whole site; a full link check reads them all.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PageLinks } from './page-links.ts';

export interface StoredPage extends PageLinks {
  inputs: string;
}

const STORE_VERSION = 3;

export class LinkStore {
  private readonly shards = new Map<string, Promise<Map<string, StoredPage>>>();
  private readonly dirty = new Set<string>();

  /** `dir` holds the files; without one, nothing is kept between builds. */
  constructor(private readonly dir: string | undefined) {}

  /** The page's record, if one was made from `inputs`. */
  async get(path: string, inputs: string): Promise<StoredPage | undefined> {
    const stored = (await this.shard(shardOf(path))).get(path);
    return stored?.inputs === inputs ? stored : undefined;
  }

  async set(path: string, page: StoredPage): Promise<void> {
    const shard = shardOf(path);
    (await this.shard(shard)).set(path, page);
    this.dirty.add(shard);
  }

  /** Writes the files of the records changed since the last save. */
  async save(): Promise<void> {
    if (!this.dir) return;
    const dir = this.dir;
    await mkdir(dir, { recursive: true });
    for (const shard of [...this.dirty].sort()) {
      this.dirty.delete(shard);
      const pages = Object.fromEntries(await this.shard(shard));
      const path = join(dir, `${shard}.json`);
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ version: STORE_VERSION, pages }));
      await rename(temporary, path);
    }
  }

  private shard(name: string): Promise<Map<string, StoredPage>> {
    let shard = this.shards.get(name);
    if (!shard) {
      shard = this.dir ? readShard(join(this.dir, `${name}.json`)) : Promise.resolve(new Map());
      this.shards.set(name, shard);
    }
    return shard;
  }
}

function shardOf(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 2);
}

/** Synchronous: a build reads many of these small files, and each trip through the thread pool
 * costs more than the read. */
async function readShard(path: string): Promise<Map<string, StoredPage>> {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { version?: number; pages?: Record<string, StoredPage> };
    if (data.version !== STORE_VERSION || typeof data.pages !== 'object' || data.pages === null) return new Map();
    // A record of the wrong shape is dropped: its page is rendered again.
    return new Map(Object.entries(data.pages).filter(([, page]) => isStoredPage(page)));
  } catch {
    // A missing or unreadable file only means its pages are rendered.
    return new Map();
  }
}

function isStoredPage(page: StoredPage | undefined): boolean {
  return (
    typeof page?.inputs === 'string' &&
    Array.isArray(page.ids) &&
    page.ids.every((id) => typeof id === 'string') &&
    Array.isArray(page.links) &&
    page.links.every((href) => typeof href === 'string')
  );
}
