// The dev server's site: every file of the last good build, held in memory, and the writer
// that rebuilds into it. Outputs whose inputs did not change since the last build are kept
// without rendering (as the disk writer does with the previous public/), and a failed build
// leaves the last good site in place, so the preview never shows half a site.
import { readFile, stat } from 'node:fs/promises';
import { refusedBy, type KeepRequest, type Writer } from '../output/writer.ts';

interface LiveFile {
  data: string | Uint8Array;
  /** Hash of what the file was made from, when the build said; for a copied file, its source's
   * path, size and time, so an unchanged image is not read into memory again. */
  inputs?: string;
}

export class LiveSite {
  private files = new Map<string, LiveFile>();
  private siteHash: string | undefined;

  get(path: string): string | Uint8Array | undefined {
    return this.files.get(path)?.data;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /** A writer for the next build; its commit() replaces this site's files at once. */
  writer(): Writer & { changed: string[] } {
    return new LiveWriter(this, this.files, this.siteHash);
  }

  /** Puts `files` in place of every file under `folder` (a search index made after the build
   * that planned it), recorded with `inputs` as that build's writer would have. */
  replaceFolder(folder: string, files: readonly { path: string; content: Uint8Array }[], inputs: string | undefined): void {
    const next = new Map([...this.files].filter(([path]) => !path.startsWith(folder)));
    for (const file of files) next.set(file.path, { data: file.content, inputs });
    this.files = new Map([...next].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Called by the writer's commit. */
  replace(files: Map<string, LiveFile>, siteHash: string | undefined): string[] {
    const changed = [...files.keys()].filter((path) => !sameBytes(this.files.get(path)?.data, files.get(path)!.data));
    for (const path of this.files.keys()) if (!files.has(path)) changed.push(path);
    this.files = files;
    this.siteHash = siteHash;
    return changed.sort();
  }
}

class LiveWriter implements Writer {
  private readonly next = new Map<string, LiveFile | { from: string; inputs: string }>();
  private siteHash: string | undefined;
  readonly stats = { written: 0, unchanged: 0 };
  /** Output paths whose bytes differ from the previous build, set by commit(). */
  changed: string[] = [];

  constructor(
    private readonly site: LiveSite,
    private previous: ReadonlyMap<string, LiveFile>,
    private readonly previousSiteHash: string | undefined,
  ) {}

  async reuseSite(site: string): Promise<boolean> {
    this.siteHash = site;
    if (site !== this.previousSiteHash) return false;
    for (const [path, file] of this.previous) this.next.set(path, file);
    this.stats.unchanged = this.previous.size;
    return true;
  }

  async keep(path: string, inputs: string): Promise<boolean> {
    return this.keepNow(path, inputs);
  }

  async keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>> {
    return refusedBy(files, (path, inputs) => this.keepNow(path, inputs));
  }

  private keepNow(path: string, inputs: string): boolean {
    const old = this.previous.get(path);
    if (!old || old.inputs !== inputs) return false;
    this.next.set(path, old);
    this.stats.unchanged++;
    return true;
  }

  async write(path: string, data: string | Uint8Array, inputs?: string): Promise<void> {
    this.next.set(path, { data, inputs });
    this.stats.written++;
  }

  async copy(from: string, path: string): Promise<void> {
    const { size, mtimeMs } = await stat(from);
    const inputs = `${from}:${size}:${mtimeMs}`;
    if (await this.keep(path, inputs)) return;
    this.next.set(path, { from, inputs });
    this.stats.written++;
  }

  async commit(): Promise<void> {
    const files = new Map<string, LiveFile>();
    for (const path of [...this.next.keys()].sort()) {
      const entry = this.next.get(path)!;
      files.set(path, 'from' in entry ? { data: await readFile(entry.from), inputs: entry.inputs } : entry);
    }
    this.changed = this.site.replace(files, this.siteHash);
    this.release();
  }

  async abort(): Promise<void> {
    this.release();
  }

  /** Lets go of both sites once the build is over: anything still holding the writer (a
   * closure of the build's, a compile job of the JIT's) then pins neither build's pages. */
  private release(): void {
    this.next.clear();
    this.previous = new Map();
  }
}

function sameBytes(a: string | Uint8Array | undefined, b: string | Uint8Array): boolean {
  if (a === b) return true; // a kept file: the very same bytes
  if (a === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') return false;
  return bytesOf(a).equals(bytesOf(b));
}

/** The bytes, without copying a Uint8Array (a Buffer over its memory). */
function bytesOf(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
