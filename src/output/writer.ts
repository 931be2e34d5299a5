// Where built files go. DiskWriter stages a complete site beside the output folder and swaps it
// in only when everything succeeded, so a failed or killed build never leaves a half-written
// site; MemoryWriter keeps files in a map for tests; NullWriter discards them (`check`).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface Writer {
  /** Writes `path` (relative to the site root, forward slashes) with `data`. */
  write(path: string, data: string | Uint8Array): Promise<void>;
  /** Copies the file at the absolute path `from` to `path` in the output. */
  copy(from: string, path: string): Promise<void>;
  /** Makes everything written visible at once. */
  commit(): Promise<void>;
  /** Throws away everything written; the previous output stays as it was. */
  abort(): Promise<void>;
}

export class DiskWriter implements Writer {
  private readonly staging: string;
  private readonly folders = new Set<string>();

  private constructor(private readonly out: string) {
    this.staging = join(dirname(out), `.masthead-staging-${basename(out)}-${process.pid}`);
  }

  /** Recovers from a build killed half-way, then prepares an empty staging folder. */
  static async open(out: string): Promise<DiskWriter> {
    await recover(out);
    const writer = new DiskWriter(out);
    await rm(writer.staging, { recursive: true, force: true });
    await mkdir(writer.staging, { recursive: true });
    return writer;
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    const target = join(this.staging, path);
    await this.ensureFolder(dirname(target));
    await writeFile(target, data);
  }

  async copy(from: string, path: string): Promise<void> {
    const target = join(this.staging, path);
    await this.ensureFolder(dirname(target));
    await copyFile(from, target);
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (this.folders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    this.folders.add(folder);
  }

  async commit(): Promise<void> {
    const retired = join(dirname(this.out), `.masthead-retired-${basename(this.out)}-${process.pid}`);
    if (existsSync(this.out)) await rename(this.out, retired);
    // Between these two renames there is no output folder; recover() restores the retired one
    // if the process dies right here.
    await rename(this.staging, this.out);
    await rm(retired, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}

/** Removes what killed builds left behind, and puts back an output folder caught mid-swap. */
async function recover(out: string): Promise<void> {
  const parent = dirname(out);
  const name = basename(out);
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

export class MemoryWriter implements Writer {
  readonly files = new Map<string, string | Uint8Array>();
  private pending = new Map<string, string | Uint8Array | { from: string }>();
  committed = false;

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.pending.set(path, data);
  }

  async copy(from: string, path: string): Promise<void> {
    this.pending.set(path, { from });
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

export class NullWriter implements Writer {
  async write(): Promise<void> {}
  async copy(): Promise<void> {}
  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
}
