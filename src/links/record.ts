// Records, for the link check, every file a build puts in the site and the ids and links of
// each HTML page, by standing between the build and its writer. A page the writer keeps from
// the last build is not rendered, so its record comes from the link store (records kept in
// the cache, keyed by the page's inputs: equal inputs make equal bytes); a kept page without
// one is rendered again, only if the check needs it.
import type { KeepRequest, Writer } from '../output/writer.ts';
import type { Output } from '../render/pages.ts';
import { producedText } from '../render/renderer.ts';
import { interner, type Interner, type PageLinks } from './page-links.ts';
import type { LinkStore } from './store.ts';

/** The page scanner (and its HTML tokenizer) is loaded with the first page to scan: a build that
 * keeps every page never needs it. */
let html: Promise<typeof import('./html.ts')> | undefined;
const scanner = () => (html ??= import('./html.ts'));

export class LinkRecorder implements Writer {
  /** Every output path of this build. */
  readonly outputs = new Set<string>();
  /** The pages rendered by this build: their ids and links. */
  private readonly scanned = new Map<string, PageLinks>();
  /** Each page's inputs, kept or written. */
  private readonly inputs = new Map<string, string>();
  /** One copy of each URL and id across this build's records, once there is a page to scan. */
  private intern: Interner | undefined;

  constructor(
    private readonly writer: Writer,
    private readonly store: LinkStore,
    private readonly plan: ReadonlyMap<string, Output>,
  ) {}

  get stats() {
    return this.writer.stats;
  }

  reuseSite(site: string): Promise<boolean> {
    return this.writer.reuseSite(site);
  }

  async keep(path: string, inputs: string): Promise<boolean> {
    if (!(await this.writer.keep(path, inputs))) return false;
    this.kept(path, inputs);
    return true;
  }

  async keepAll(files: readonly KeepRequest[]): Promise<ReadonlySet<string>> {
    const refused = await this.writer.keepAll(files);
    for (const { path, inputs } of files) if (!refused.has(path)) this.kept(path, inputs);
    return refused;
  }

  private kept(path: string, inputs: string): void {
    this.outputs.add(path);
    if (isPage(path)) this.inputs.set(path, inputs);
  }

  async write(path: string, data: string | Uint8Array, inputs?: string, links?: PageLinks): Promise<void> {
    this.outputs.add(path);
    if (isPage(path)) {
      const page = links ? this.interned(links) : await this.scan(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
      this.scanned.set(path, page);
      if (inputs !== undefined) {
        this.inputs.set(path, inputs);
        await this.store.set(path, { inputs, ...page });
      }
    }
    await this.writer.write(path, data, inputs);
  }

  async copy(from: string, path: string): Promise<void> {
    this.outputs.add(path);
    await this.writer.copy(from, path);
  }

  commit(): Promise<void> {
    return this.writer.commit();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }

  /** What a page of this build was made from; undefined for one written without inputs. */
  inputsOf(path: string): string | undefined {
    return this.inputs.get(path);
  }

  /** A page's ids and links: as rendered by this build, or stored for a kept page, or (a kept
   * page the store does not know) rendered again now. */
  async page(path: string): Promise<PageLinks | undefined> {
    const scanned = this.scanned.get(path);
    if (scanned) return scanned;
    const inputs = this.inputs.get(path);
    const stored = inputs === undefined ? undefined : await this.store.get(path, inputs);
    if (stored) return { ids: stored.ids, links: stored.links };
    const content = await this.plan.get(path)?.produce();
    if (content === undefined) return undefined;
    const page = typeof content !== 'string' && content.links ? this.interned(content.links) : await this.scan(producedText(content));
    if (inputs !== undefined) await this.store.set(path, { inputs, ...page });
    return page;
  }

  private async scan(page: string): Promise<PageLinks> {
    const { scanPage } = await scanner();
    this.intern ??= interner();
    return scanPage(page, this.intern);
  }

  /** A page scanned on the thread that rendered it, its strings made this build's one copy. */
  private interned(page: PageLinks): PageLinks {
    const intern = (this.intern ??= interner());
    return { ids: page.ids.map(intern), links: page.links.map(intern) };
  }
}

function isPage(path: string): boolean {
  return path.endsWith('.html');
}
