// The article pages' HTML for the search index, without rendering any page twice: stands
// between the render stage and the writer, keeps the HTML of each article page it renders, and
// stores it in the cache (gzip'd, named by the page's inputs hash: equal inputs make equal
// bytes). A page the writer keeps from the last build is read back from there; one whose HTML
// is not stored is rendered again rather than kept, as the link check's records do.
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip, constants } from 'node:zlib';
import { eachBounded } from '../concurrency.ts';
import type { PageLinks } from '../links/page-links.ts';
import type { KeepRequest, Writer } from '../output/writer.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export class SearchPages implements Writer {
  /** The HTML rendered by this build, by output path, with its inputs when known. */
  private readonly rendered = new Map<string, { html: string; inputs: string | undefined }>();
  /** Pages kept from an earlier build: their inputs, which name their stored HTML. */
  private readonly kept = new Map<string, string>();
  /** Stored HTML, by inputs hash, as found when the build started. */
  private readonly stored: Set<string>;

  /** `paths`: the output paths of the pages to index; `store`: the cache folder for their
   * HTML, or undefined when nothing is kept between builds. */
  constructor(
    private readonly writer: Writer,
    private readonly paths: ReadonlySet<string>,
    private readonly store: string | undefined,
  ) {
    this.stored = new Set(store && paths.size > 0 ? storedNames(store) : []);
  }

  static folder(cacheDir: string): string {
    return join(cacheDir, 'search', 'pages');
  }

  get stats() {
    return this.writer.stats;
  }

  reuseSite(site: string): Promise<boolean> {
    return this.writer.reuseSite(site);
  }

  async keep(path: string, inputs: string): Promise<boolean> {
    if (!this.keepable(path, inputs) || !(await this.writer.keep(path, inputs))) return false;
    if (this.paths.has(path)) this.kept.set(path, inputs);
    return true;
  }

  async keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>> {
    const keepable = files.filter((file) => this.keepable(file.path, file.inputs));
    const refused = new Set(await this.writer.keepAll(keepable));
    for (const file of files) {
      if (refused.has(file.path)) continue;
      if (!this.keepable(file.path, file.inputs)) refused.add(file.path);
      else if (this.paths.has(file.path)) this.kept.set(file.path, file.inputs);
    }
    return refused;
  }

  /** A page to index can be kept only when its HTML is stored, to be read back for the index. */
  private keepable(path: string, inputs: string): boolean {
    return !this.paths.has(path) || this.stored.has(inputs);
  }

  async write(path: string, data: string | Uint8Array, inputs?: string, links?: PageLinks): Promise<void> {
    if (this.paths.has(path))
      this.rendered.set(path, { html: typeof data === 'string' ? data : Buffer.from(data).toString('utf8'), inputs });
    await this.writer.write(path, data, inputs, links);
  }

  copy(from: string, path: string): Promise<void> {
    return this.writer.copy(from, path);
  }

  commit(): Promise<void> {
    return this.writer.commit();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }

  /** The HTML of the page at `path`: rendered by this build, or stored by an earlier one;
   * undefined when neither (rendering failed, or the store lost it). */
  async html(path: string): Promise<string | undefined> {
    const rendered = this.rendered.get(path);
    if (rendered) return rendered.html;
    const inputs = this.kept.get(path);
    if (!inputs || !this.store) return undefined;
    try {
      return (await gunzipAsync(await readFile(join(this.store, `${inputs}.html.gz`)))).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Stores the HTML rendered by this build and forgets what no page of it uses, so the store
   * holds one version of each article page. Call after the render stage. */
  async save(): Promise<void> {
    const store = this.store;
    if (!store || this.paths.size === 0) return;
    await mkdir(store, { recursive: true });
    const used = new Set(this.kept.values());
    await eachBounded(this.rendered.values(), 16, async ({ html, inputs }) => {
      if (inputs === undefined) return;
      used.add(inputs);
      if (this.stored.has(inputs)) return;
      const path = join(store, `${inputs}.html.gz`);
      const temporary = `${path}.${process.pid}.tmp`;
      // The fastest level: the store is read back whole on every index, and a third of the size is enough.
      await writeFile(temporary, await gzipAsync(html, { level: constants.Z_BEST_SPEED }));
      await rename(temporary, path);
    });
    await eachBounded(
      [...this.stored].filter((inputs) => !used.has(inputs)),
      64,
      (inputs) => rm(join(store, `${inputs}.html.gz`), { force: true }),
    );
  }
}

/** The inputs hashes whose HTML `store` holds (none when it does not exist yet). */
function storedNames(store: string): string[] {
  try {
    return readdirSync(store).flatMap((name) => (name.endsWith('.html.gz') ? [name.slice(0, -'.html.gz'.length)] : []));
  } catch {
    return [];
  }
}
