// A build session: what lives from one build to the next. `masthead build` makes one per
// process (read from the cache folder, saved back at the end); `masthead dev` keeps one for its
// lifetime, so a save re-reads one file, re-hashes the outputs that use it and re-checks the
// pages it rewrote, with nothing read back from disk. Writes of the cache's own files (the body
// index, the link records, the dependency state) can wait until the editor pauses: the preview
// is served from memory, and a cache that misses them only renders a little more next time.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkCheckState } from '../links/check.ts';
import { LinkStore } from '../links/store.ts';
import { BodyCache, BodyIndex, type BodySummary } from '../output/cache.ts';
import { listFiles } from '../content/load.ts';
import { Diagnostics } from '../diagnostics.ts';
import { engineHash } from '../output/fingerprint.ts';
import { TemplateEngine } from '../render/engine.ts';
import { adoptRelatedChoices, relatedChoices } from '../render/pages.ts';
import type { BuildState } from './dependencies.ts';
import { RecordStore } from './records.ts';
import { readRelated, relatedVersion, writeRelated } from './related-cache.ts';
import { readState, writeState } from './state-store.ts';
import { WatchedSources } from './watched-sources.ts';

export class BuildSession {
  /** Validated records, so a build re-reads only the files that changed. */
  readonly records = new RecordStore();
  /** What a file watcher reported changed between builds (the dev server's). */
  readonly watched = new WatchedSources();
  readonly cache: BodyCache;
  private bodyIndex: Promise<BodyIndex> | undefined;
  /** What the last build's outputs were made from. */
  dependencies: BuildState | undefined;
  /** The last build's link check. */
  links: LinkCheckState | undefined;
  /** The ids and links of every page, for pages kept without rendering. */
  readonly linkStore: LinkStore;
  private loaded: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param cacheDir the cache folder
   * @param options.deferWrites write the cache's own files once builds pause for `deferWrites`
   * milliseconds (the dev server), instead of at the end of every build
   */
  constructor(
    readonly cacheDir: string,
    private readonly options: { deferWrites?: number } = {},
  ) {
    this.cache = new BodyCache(cacheDir);
    this.linkStore = new LinkStore(join(cacheDir, 'links'));
  }

  private templates: { key: string; engine: TemplateEngine } | undefined;

  /** The template engine, kept while no template changed: it holds the parsed templates. */
  async engine(root: string, baseUrl: string): Promise<TemplateEngine> {
    const hash = createHash('sha256').update(root).update('\0').update(baseUrl);
    for (const path of await listFiles(root, 'templates', (name) => name.endsWith('.liquid'), new Diagnostics())) {
      const stat = statSync(join(root, path), { throwIfNoEntry: false });
      hash.update(`${path}\0${stat?.size}\0${stat?.mtimeMs}\0`);
    }
    const key = hash.digest('hex');
    if (this.templates?.key !== key) this.templates = { key, engine: new TemplateEngine(root, baseUrl) };
    return this.templates.engine;
  }

  /** The body index, read once per session. */
  index(): Promise<BodyIndex> {
    this.bodyIndex ??= BodyIndex.open(this.cacheDir);
    return this.bodyIndex;
  }

  /** The validated records of the last build in the cache, read once per session. */
  async prepare(root: string): Promise<void> {
    this.recordsRead ??= engineHash().then((engine) => {
      const related = readRelated(this.relatedFile);
      if (related) adoptRelatedChoices(related);
      this.relatedSaved = relatedVersion(relatedChoices());
      return this.records.restore(this.recordsFile, engine, root);
    });
    return this.recordsRead;
  }

  private recordsRead: Promise<void> | undefined;
  /** Which related choices are on disk (see related-cache.ts). */
  private relatedSaved = '';
  private get relatedFile(): string {
    return join(this.cacheDir, 'related.json');
  }
  private get recordsFile(): string {
    return join(this.cacheDir, 'records');
  }

  /** The dependency and link-check state of the last build, from disk for a new session. */
  async restore(): Promise<void> {
    this.loaded ??= Promise.resolve().then(() => {
      const read = readState(this.stateDir);
      this.dependencies ??= read?.state.dependencies;
      this.links ??= read?.state.links;
      // What is on disk, to write only what differs from it.
      this.stored = read;
    });
    return this.loaded;
  }

  private get stateDir(): string {
    return join(this.cacheDir, 'state');
  }

  /** Saves what changed: the body index (and, with `prune`, deletes the bodies no longer in
   * use) when the bodies in use changed, the state when the dependency index or the link check
   * did, and the link records and validated records of the files that changed. A build that
   * changed nothing writes nothing. */
  async save(live: ReadonlyMap<string, BodySummary>, prune: boolean): Promise<void> {
    const index = await this.index();
    const bodiesChanged = live.size !== index.entries.size || [...live.keys()].some((key) => !index.entries.has(key));
    // The next build of this session starts from what this one used.
    index.entries.clear();
    for (const [key, summary] of live) index.entries.set(key, summary);
    if (bodiesChanged) this.owed = { index: true, prune: this.owed.prune || prune };
    await this.schedule();
  }

  /** What the body cache owes the disk since the last write: its index, and a prune. */
  private owed = { index: false, prune: false };

  /** Writes what differs on disk from the session's newest state. It reads that state when it
   * runs, so a write that waits keeps nothing of the build that asked for it alive. */
  private async writeOwed(): Promise<void> {
    const owed = this.owed;
    this.owed = { index: false, prune: false };
    const index = await this.index();
    if (owed.index) await index.save(index.entries);
    const { dependencies, links } = this;
    if (dependencies !== this.stored?.state.dependencies || links !== this.stored?.state.links) {
      const state = { dependencies, links };
      this.stored = { state, head: await writeState(this.stateDir, state, this.stored) };
    }
    await this.linkStore.save();
    await this.records.persist(this.recordsFile, await engineHash());
    const related = relatedChoices();
    const version = relatedVersion(related);
    if (related && version !== this.relatedSaved) {
      await writeRelated(this.relatedFile, related);
      this.relatedSaved = version;
    }
    if (owed.prune) await this.cache.prune(new Set(index.entries.keys()));
  }

  /** The state as last read or written, with the head that names its files. */
  private stored: ReturnType<typeof readState>;

  /** Writes now, or once builds pause; writes run one at a time, in order. */
  private async schedule(): Promise<void> {
    if (this.options.deferWrites === undefined) {
      this.writes = this.writes.then(() => this.writeOwed());
      return this.writes;
    }
    // One write after the pause covers every build before it.
    this.owing = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.options.deferWrites);
    this.timer.unref();
  }

  /** Whether a deferred write is waiting for the pause. */
  private owing = false;

  /** Writes whatever is waiting (the dev server calls it when it stops). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    if (this.owing) {
      this.owing = false;
      this.writes = this.writes.then(() => this.writeOwed()).catch(() => undefined);
    }
    await this.writes;
  }
}
