// The writers that touch no disk: MemoryWriter keeps a build's files in a map (tests, and
// anything that wants a site without a folder); CheckWriter discards them (`masthead check`),
// keeping what the last build made from the same inputs, so a check renders only what a build
// would render.
import { readFile } from 'node:fs/promises';
import type { Manifest } from './manifest.ts';
import { refusedBy, type KeepRequest, type Writer } from './writer.ts';

export class MemoryWriter implements Writer {
  readonly files = new Map<string, string | Uint8Array>();
  private pending = new Map<string, string | Uint8Array | { from: string }>();
  readonly stats = { written: 0, unchanged: 0 };
  committed = false;

  async reuseSite(): Promise<boolean> {
    return false;
  }

  async keep(): Promise<boolean> {
    return false;
  }

  async keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>> {
    return new Set(files.map((file) => file.path));
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.pending.set(path, data);
    this.stats.written++;
  }

  async copy(from: string, path: string): Promise<void> {
    this.pending.set(path, { from });
    this.stats.written++;
  }

  async commit(): Promise<void> {
    this.files.clear();
    for (const [path, data] of [...this.pending.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.files.set(path, typeof data === 'object' && 'from' in data ? await readFile(data.from) : data);
    }
    this.pending = new Map();
    this.committed = true;
  }

  async abort(): Promise<void> {
    this.pending = new Map();
  }

  /** A text file's content, for assertions. */
  text(path: string): string {
    const data = this.files.get(path);
    if (data === undefined) throw new Error(`no output file ${path}`);
    return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  }
}

export class CheckWriter implements Writer {
  readonly stats = { written: 0, unchanged: 0 };

  /** `previous`: the last build's manifest (none: every output is produced). */
  constructor(private readonly previous: { site?: string; files: Manifest } = { files: {} }) {}

  async reuseSite(site: string): Promise<boolean> {
    if (site !== this.previous.site) return false;
    this.stats.unchanged = Object.keys(this.previous.files).length;
    return true;
  }

  /** The last build made this output from the same inputs: the same bytes, no need to make them. */
  async keep(path: string, inputs: string): Promise<boolean> {
    return this.keepNow(path, inputs);
  }

  async keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>> {
    return refusedBy(files, (path, inputs) => this.keepNow(path, inputs));
  }

  private keepNow(path: string, inputs: string): boolean {
    if (this.previous.files[path]?.inputs !== inputs) return false;
    this.stats.unchanged++;
    return true;
  }

  async write(): Promise<void> {
    this.stats.written++;
  }

  async copy(): Promise<void> {
    this.stats.written++;
  }

  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
}
