// Where built files go. DiskWriter writes new files beside the output folder and puts them in
// only when everything succeeded, so a failed build never touches the site. Files whose bytes
// did not change stay as they are, keeping their modification time (rsync and CDN uploads skip
// them). A build that changes many files stages a complete site (the kept files hard-linked)
// and swaps the folders; one that changes a few moves them in under a journal, so the work is
// proportional to the change, and a build killed half-way through the moves is completed by
// the next one.
// Its other versions, for tests and `check`, are in memory-writer.ts.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { eachBounded } from '../concurrency.ts';
import type { PageLinks } from '../links/page-links.ts';
import { applyJournal, movesAllowed, readJournal, completeJournal } from './journal.ts';
import { readManifest, sameManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest.ts';

export interface Writer {
  /** Keeps the previous build's file at `path` if it was made from the same `inputs` (a hash of
   * everything it depends on); returns false when the file must be produced again. */
  keep(path: string, inputs: string): Promise<boolean>;
  /** keep() for many files in one call (a build after one edit keeps thousands): resolves to
   * the paths of those not kept, which must be produced again. */
  keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>>;
  /** True when the previous build was made from the same `site` (a hash of every input) and
   * its files are all still as written: then nothing needs rendering or writing at all. */
  reuseSite(site: string): Promise<boolean>;
  /** Writes `path` (relative to the site root, forward slashes); `inputs` as for keep();
   * `links`: an HTML page's ids and links, when the thread that rendered it scanned it. */
  write(path: string, data: string | Uint8Array, inputs?: string, links?: PageLinks): Promise<void>;
  /** Copies the file at the absolute path `from` to `path` in the output. */
  copy(from: string, path: string): Promise<void>;
  /** Makes everything written visible at once. */
  commit(): Promise<void>;
  /** Throws away everything written; the previous output stays as it was. */
  abort(): Promise<void>;
  /** Files written with new bytes, and files kept from the previous build. */
  readonly stats: { written: number; unchanged: number };
}

/** A file to keep if the previous build made it from the same inputs. */
export interface KeepRequest {
  path: string;
  inputs: string;
}

/** keepAll() from a writer's synchronous keep: the paths of the files `keep` refused. */
export function refusedBy(files: readonly KeepRequest[], keep: (path: string, inputs: string) => boolean): Set<string> {
  return new Set(files.filter((file) => !keep(file.path, file.inputs)).map((file) => file.path));
}

export class DiskWriter implements Writer {
  private readonly staging: string;
  private readonly folders = new Map<string, Promise<void>>();
  private readonly next: Manifest = {};
  /** Paths written with new bytes into the staging folder. */
  private readonly fresh = new Set<string>();
  /** Set once the staging folder exists; everything written waits for it. */
  private staging_: Promise<void> | undefined;
  readonly stats = { written: 0, unchanged: 0 };

  private constructor(
    private readonly out: string,
    private readonly manifestPath: string | undefined,
    private readonly previous: Manifest,
    private readonly previousSite: string | undefined,
  ) {
    this.staging = join(dirname(out), `.masthead-staging-${basename(out)}-${process.pid}`);
  }

  /** Recovers from a build killed half-way. `manifest` is where the record of what each build
   * wrote is kept (in the cache, never in the published site); without one, unchanged files
   * are found by comparing bytes. */
  static async open(out: string, manifest?: string): Promise<DiskWriter> {
    await recover(out);
    const previous = manifest && existsSync(out) ? await readManifest(manifest) : { files: {} };
    return new DiskWriter(out, manifest, previous.files, previous.site);
  }

  private site: string | undefined;

  async reuseSite(site: string): Promise<boolean> {
    this.site = site;
    if (site !== this.previousSite || !existsSync(this.out)) return false;
    for (const [path, old] of Object.entries(this.previous)) {
      const current = statSync(join(this.out, path), { throwIfNoEntry: false });
      if (!current || current.size !== old.size || current.mtimeMs !== old.mtimeMs) return false;
    }
    Object.assign(this.next, this.previous);
    this.stats.unchanged = Object.keys(this.previous).length;
    return true;
  }

  async keep(path: string, inputs: string): Promise<boolean> {
    return this.keepNow(path, inputs);
  }

  async keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>> {
    return refusedBy(files, (path, inputs) => this.keepNow(path, inputs));
  }

  private keepNow(path: string, inputs: string): boolean {
    const old = this.previous[path];
    if (!old || old.inputs !== inputs || !this.keepPrevious(path, old)) return false;
    this.next[path] = old;
    return true;
  }

  async write(path: string, data: string | Uint8Array, inputs?: string): Promise<void> {
    const content = createHash('sha256').update(data).digest('hex');
    const old = this.previous[path] ?? (await this.describePrevious(path, data));
    if (old && old.content === content && this.keepPrevious(path, old)) {
      this.next[path] = { ...old, inputs };
      return;
    }
    await this.stage();
    const target = await this.target(path);
    this.fresh.add(path);
    await writeFile(target, data);
    const written = await stat(target);
    this.next[path] = { inputs, content, size: written.size, mtimeMs: written.mtimeMs };
    this.stats.written++;
  }

  async copy(from: string, path: string): Promise<void> {
    const source = await stat(from);
    // A copied file is identified by its source's size and time, as rsync does.
    const inputs = `file:${source.size}:${source.mtimeMs}`;
    if (await this.keep(path, inputs)) return;
    // Unknown to the manifest (or none): compare the bytes, as write() does.
    if (!this.previous[path] && (await stat(join(this.out, path)).catch(() => undefined))?.size === source.size) {
      const bytes = await readFile(from);
      const old = await this.describePrevious(path, bytes);
      if (old && old.content === createHash('sha256').update(bytes).digest('hex') && this.keepPrevious(path, old)) {
        this.next[path] = { ...old, inputs };
        return;
      }
    }
    await this.stage();
    const target = await this.target(path);
    this.fresh.add(path);
    await copyFile(from, target);
    await utimes(target, source.atime, source.mtime);
    this.next[path] = { inputs, content: inputs, size: source.size, mtimeMs: (await stat(target)).mtimeMs };
    this.stats.written++;
  }

  /** When the manifest does not know it: the previous build's file, described by its bytes, if it is the same size. */
  private async describePrevious(path: string, data: string | Uint8Array): Promise<ManifestEntry | undefined> {
    const previous = join(this.out, path);
    // Synchronous, as in keepPrevious: in a new output folder every file is missing, and a failed
    // stat through the promise API costs an exception each.
    const current = statSync(previous, { throwIfNoEntry: false });
    if (!current || current.size !== Buffer.byteLength(data)) return undefined;
    const content = createHash('sha256')
      .update(await readFile(previous))
      .digest('hex');
    return { content, size: current.size, mtimeMs: current.mtimeMs };
  }

  /** Keeps the previous build's file, if it is still as recorded: at once when staging, else later. */
  private keepPrevious(path: string, old: ManifestEntry): boolean {
    // Synchronous on purpose: a stat is a few microseconds, far less than a trip through the
    // thread pool, and a no-change build makes one per output.
    const current = statSync(join(this.out, path), { throwIfNoEntry: false });
    if (!current || current.size !== old.size || current.mtimeMs !== old.mtimeMs) return false;
    this.stats.unchanged++;
    return true;
  }

  /** Makes the staging folder, once. */
  private stage(): Promise<void> {
    this.staging_ ??= rm(this.staging, { recursive: true, force: true }).then(() =>
      mkdir(this.staging, { recursive: true }).then(() => undefined),
    );
    return this.staging_;
  }

  /** Hard-links the previous build's file into the staging folder, keeping its inode and time. */
  private async linkPrevious(path: string): Promise<void> {
    const previous = join(this.out, path);
    const target = await this.target(path);
    try {
      await link(previous, target);
    } catch {
      // No hard links here (another file system, say): copy, keeping the time.
      const current = await stat(previous);
      await copyFile(previous, target);
      await utimes(target, current.atime, current.mtime);
      this.next[path] = { ...this.next[path]!, mtimeMs: (await stat(target)).mtimeMs };
    }
  }

  private async target(path: string): Promise<string> {
    const target = join(this.staging, path);
    // By the folder's path in the site, a slice of the output's own path (which the manifest
    // keeps anyway), and once it is made, by one shared settled promise: an archive has a
    // folder for every article, and a pending mkdir and the staging folder's absolute path kept
    // for each cost about 430 bytes an article to the end of the build.
    const folder = dirname(path);
    // Shared by every file of the folder, so none is written before the folder exists.
    let made = this.folders.get(folder);
    if (!made) {
      made = mkdir(dirname(target), { recursive: true }).then(() => void this.folders.set(folder, MADE));
      this.folders.set(folder, made);
    }
    await made;
    return target;
  }

  async commit(): Promise<void> {
    const removed = Object.keys(this.previous).filter((path) => !(path in this.next));
    const exists = existsSync(this.out);
    const small = exists && this.fresh.size + removed.length <= movesAllowed(Object.keys(this.next).length);
    // Nothing new, nothing gone, every file recorded as before: not even the manifest changes.
    if (
      exists &&
      this.fresh.size === 0 &&
      removed.length === 0 &&
      this.site === this.previousSite &&
      sameManifest(this.next, this.previous)
    )
      return;
    // The manifest goes first: if the process dies before the files are in, its entries
    // describe files that are not there yet, and the size and time checks make the next build
    // ignore them. (A swap writes it once the kept files are linked: a copy, where links are
    // not to be had, changes their times.)
    if (small && this.manifestPath) await writeManifest(this.manifestPath, this.site, this.next);
    // Nothing new and nothing gone: the site on disk is already the new site.
    if (exists && this.fresh.size === 0 && removed.length === 0) return;
    await this.stage();
    if (small)
      await applyJournal(this.out, { pid: process.pid, staging: this.staging, moves: [...this.fresh].sort(), removals: removed.sort() });
    else await this.swap();
  }

  /** Links every kept file into the staging folder, then swaps it for the output folder. */
  private async swap(): Promise<void> {
    const kept = Object.keys(this.next).filter((path) => !this.fresh.has(path));
    // Many at once: the links are independent, and the file system works on several in parallel.
    await eachBounded(kept, 64, (path) => this.linkPrevious(path));
    if (this.manifestPath) await writeManifest(this.manifestPath, this.site, this.next);
    const retired = join(dirname(this.out), `.masthead-retired-${basename(this.out)}-${process.pid}`);
    if (existsSync(this.out)) await rename(this.out, retired);
    // Between these two renames there is no output folder; recover() restores the retired one
    // if the process dies right here.
    await rename(this.staging, this.out);
    await rm(retired, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    await this.staging_?.catch(() => undefined);
    await rm(this.staging, { recursive: true, force: true });
  }
}

/** A folder already made. */
const MADE: Promise<void> = Promise.resolve();

/** Completes moves a killed build began, removes what killed builds left behind, and puts back
 * an output folder caught mid-swap. */
async function recover(out: string): Promise<void> {
  const parent = dirname(out);
  const name = basename(out);
  const journal = await readJournal(out);
  if (journal && (journal.pid === process.pid || !isAlive(journal.pid)) && existsSync(out)) await completeJournal(out, journal);
  const leftovers = await readdir(parent).catch(() => [] as string[]);
  for (const entry of leftovers.sort()) {
    const retired = entry.startsWith(`.masthead-retired-${name}-`);
    const staging = entry.startsWith(`.masthead-staging-${name}-`);
    if (!retired && !staging) continue;
    const pid = Number(entry.slice(entry.lastIndexOf('-') + 1));
    if (pid !== process.pid && isAlive(pid)) continue;
    if (retired && !existsSync(out)) await rename(join(parent, entry), out);
    else await rm(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
