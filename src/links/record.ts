// Records, for the link check, every file a build puts in the site and the ids and links of
// each HTML page, by standing between the build and its writer. A page the writer keeps from
// the last build is not rendered, so its record comes from the last build's records (kept in
// the cache beside the bodies, keyed by the page's inputs: equal inputs make equal bytes); a
// page without one is rendered again rather than left unchecked.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writer } from '../output/writer.ts';
import { scanPage, type PageLinks } from './html.ts';

interface StoredPage extends PageLinks {
  inputs: string;
}

const STORE_VERSION = 1;

export class LinkRecorder implements Writer {
  /** Every output path of this build. */
  readonly outputs = new Set<string>();
  /** Each HTML output's ids and links. */
  readonly pages = new Map<string, PageLinks>();
  private readonly next: Record<string, StoredPage> = {};

  private constructor(
    private readonly writer: Writer,
    private readonly storePath: string | undefined,
    private readonly previous: Record<string, StoredPage>,
  ) {}

  /** `cacheDir` keeps the records between builds; without it, every page is recorded afresh. */
  static async open(writer: Writer, cacheDir: string | undefined): Promise<LinkRecorder> {
    const storePath = cacheDir && join(cacheDir, 'links.json');
    return new LinkRecorder(writer, storePath, storePath ? await readStore(storePath) : {});
  }

  get stats() {
    return this.writer.stats;
  }

  async reuseSite(site: string): Promise<boolean> {
    const reused = await this.writer.reuseSite(site);
    // Nothing is rendered, so nothing is recorded: the last build's records stay for the next.
    if (reused) Object.assign(this.next, this.previous);
    return reused;
  }

  async keep(path: string, inputs: string): Promise<boolean> {
    const stored = isPage(path) ? this.previous[path] : undefined;
    if (isPage(path) && stored?.inputs !== inputs) return false;
    if (!(await this.writer.keep(path, inputs))) return false;
    this.outputs.add(path);
    if (stored) this.record(path, stored, inputs);
    return true;
  }

  async write(path: string, data: string | Uint8Array, inputs?: string): Promise<void> {
    this.outputs.add(path);
    if (isPage(path)) this.record(path, scanPage(typeof data === 'string' ? data : Buffer.from(data).toString('utf8')), inputs);
    await this.writer.write(path, data, inputs);
  }

  async copy(from: string, path: string): Promise<void> {
    this.outputs.add(path);
    await this.writer.copy(from, path);
  }

  async commit(): Promise<void> {
    await this.writer.commit();
    if (this.storePath) await writeStore(this.storePath, this.next);
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }

  private record(path: string, page: PageLinks, inputs: string | undefined): void {
    this.pages.set(path, { ids: page.ids, links: page.links });
    if (inputs !== undefined) this.next[path] = { inputs, ids: page.ids, links: page.links };
  }
}

function isPage(path: string): boolean {
  return path.endsWith('.html');
}

async function readStore(path: string): Promise<Record<string, StoredPage>> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { version?: number; pages?: Record<string, StoredPage> };
    if (data.version !== STORE_VERSION || typeof data.pages !== 'object' || data.pages === null) return {};
    // A record of the wrong shape is dropped: its page is rendered again.
    const valid = Object.entries(data.pages).filter(
      ([, page]) =>
        typeof page?.inputs === 'string' &&
        Array.isArray(page.ids) &&
        page.ids.every((id) => typeof id === 'string') &&
        typeof page.links === 'object' &&
        page.links !== null &&
        Object.values(page.links).every((count) => Number.isInteger(count)),
    );
    return Object.fromEntries(valid);
  } catch {
    // A missing or unreadable store only means every page is rendered.
    return {};
  }
}

async function writeStore(path: string, pages: Record<string, StoredPage>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ version: STORE_VERSION, pages }));
  await rename(temporary, path);
}
