// Where pages and feeds are rendered: on the pool's worker threads when the pool takes pages and
// there are enough of them to pay for the threads (or the threads are already running),
// otherwise in-process. Either way
// a template problem is reported on the main thread, by the same code, so a build's diagnostics
// do not depend on where its pages were rendered.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../content/load.ts';
import { Diagnostics } from '../diagnostics.ts';
import { renderFeedTask, type FeedTask } from '../feeds/worker.ts';
import type { PageLinks } from '../links/page-links.ts';
import type { WorkerPool } from '../workers/pool.ts';
import { reportTemplateProblem, TemplateEngine, type Globals } from './engine.ts';
import type { PageTask } from './worker.ts';

/** Below this many pages and feeds to render, starting worker threads costs more than it saves. */
const POOL_THRESHOLD = 100;

/** A page's HTML and, when the thread that rendered it scanned it, its ids and links. */
export interface RenderedPage {
  html: string;
  links?: PageLinks;
}

/** The text of what an output produced. */
export function producedText(content: string | RenderedPage): string {
  return typeof content === 'string' ? content : content.html;
}

export class Renderer {
  /** Pages and feeds asked for so far: once past the threshold, the rest go to the threads. */
  private asked = 0;
  /** Bodies and images sent to the pool's threads before this build's renderer was made. */
  private readonly threadWorkBefore: number;

  private constructor(
    /** The main thread's engine, for pages rendered in-process and for pull quotes. */
    readonly engine: TemplateEngine,
    private readonly pool: WorkerPool,
    private readonly diagnostics: Diagnostics,
    private readonly key: PageTask['engine'],
  ) {
    this.threadWorkBefore = pool.contentSent;
  }

  /** `engine`: one kept from an earlier build of the same templates (a session's), else a new one. */
  static async open(root: string, baseUrl: string, pool: WorkerPool, diagnostics: Diagnostics, engine?: TemplateEngine): Promise<Renderer> {
    const key = { root, baseUrl, templates: await templatesVersion(root) };
    return new Renderer(engine ?? new TemplateEngine(root, baseUrl), pool, diagnostics, key);
  }

  /** How many pages to have under way at once: enough to keep every thread busy while the
   * main thread reads bodies and writes files, few enough that the site never sits in memory. */
  get window(): number {
    return this.pool.pages ? Math.max(16, this.pool.threads * 8) : 16;
  }

  /** Whether the next page or feed goes to a thread: always, once that pays, when the pool takes
   * pages. Otherwise (two cores) the main thread renders them while the threads render bodies
   * (render/early.ts), and they go to the threads once the threads have no bodies or images left
   * to finish: a cold build's pages that wait for the last bodies (4,000 of 6,900 in the bench)
   * were rendered on this thread alone for 20 s while the other core sat idle. A build that gives
   * the threads no bodies or images (its bodies all cached, a template edited in the dev server)
   * sends its pages to them once there are enough to pay for starting them. */
  private offload(): boolean {
    if (!this.pool.pays(++this.asked, POOL_THRESHOLD)) return false;
    if (this.pool.pages) return true;
    const threadsHadContent = this.pool.contentSent !== this.threadWorkBefore;
    return threadsHadContent ? !this.pool.busyWithContent : this.asked >= POOL_THRESHOLD;
  }

  /** Renders `templates/<name>.liquid`; on failure reports on the template and resolves to undefined. */
  async render(template: string, data: object, globals: Globals): Promise<RenderedPage | undefined> {
    if (!this.offload()) {
      const html = this.engine.render(template, data, globals, this.diagnostics);
      return html === undefined ? undefined : { html };
    }
    const result = await this.pool.run('pages', { engine: this.key, template, data, globals });
    if ('html' in result) return result;
    reportTemplateProblem(result.problem, this.diagnostics);
    return undefined;
  }

  /** The XML or JSON of a feed. */
  async feed(task: FeedTask): Promise<string> {
    if (!this.offload()) return renderFeedTask(task);
    return this.pool.run('feeds', task);
  }
}

/**
 * Names this version of the site's templates, for worker threads to know when to read them
 * again: the contents, and the modification times too, so that a template saved during one
 * build and saved back before the next never matches an engine that read it in between.
 */
async function templatesVersion(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await listFiles(root, 'templates', (name) => name.endsWith('.liquid'), new Diagnostics())) {
    // Synchronous: a few dozen small files, read on every build (every save in the dev server),
    // where each trip through the thread pool is a wait with nothing else to do.
    const file = join(root, path);
    hash.update(`${path}\0${statSync(file).mtimeMs}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}
