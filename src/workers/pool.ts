// The process's one pool of worker threads, shared by every stage that has work worth moving off
// the main thread (markdown bodies, images, pages, feeds). Threads start on the first task, not when
// the pool is made, so a build with little to do never pays for them; a long-lived process (the
// dev server) keeps them warm from build to build and destroys them when it ends.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { BUNDLED } from '../paths.ts';
import type { Handlers, TaskKind } from './worker.ts';

export interface PoolOptions {
  /** Worker threads; 0 does all work in-process. @default the machine's cores */
  threads?: number;
  /** Send work to the threads however little there is (tests, to exercise the threads on small
   * sites); by default small amounts are done in-process, where no thread has to start. @default false */
  eager?: boolean;
  /** Render pages and feeds on the threads too, not only bodies and images. @default true when
   * the machine has more than two cores (or with `eager`): on two, the main thread's own share of
   * rendering (reading bodies, writing and scanning files) and the threads' compete for the
   * cores, and measured there it was slower than rendering on the main thread while the threads
   * render bodies. Without it, pages still go to the threads whenever these have no bodies or
   * images to render (see Renderer). */
  pages?: boolean;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export class WorkerPool {
  readonly threads: number;
  /** Whether pages and feeds go to the threads (see PoolOptions). */
  readonly pages: boolean;
  private readonly eager: boolean;
  private piscina: Piscina | undefined;
  private destroyed = false;
  /** How many times threads were started: 1 for a pool that was used, whatever the number of builds. */
  starts = 0;
  /** Tasks the threads have finished, by kind. */
  readonly completed: Record<TaskKind, number> = { bodies: 0, images: 0, pages: 0, feeds: 0 };
  /** Tasks sent to the threads, finished or not, by kind. */
  readonly sent: Record<TaskKind, number> = { bodies: 0, images: 0, pages: 0, feeds: 0 };

  constructor(options: PoolOptions = {}) {
    this.threads = options.threads ?? defaultWorkers();
    this.eager = options.eager ?? false;
    this.pages = options.pages ?? (this.eager || availableParallelism() > 2);
  }

  /** Whether `items` pieces of work should go to the threads: always once they are running (a
   * warm thread costs only the message), otherwise when there are at least `threshold` of them,
   * enough to pay for starting the threads. */
  pays(items: number, threshold: number): boolean {
    if (this.threads === 0 || this.destroyed || items === 0) return false;
    return this.eager || this.running || items >= threshold;
  }

  /** Runs one task of `kind` on a worker thread. */
  run<K extends TaskKind>(kind: K, task: Parameters<Handlers[K]>[0]): Promise<Awaited<ReturnType<Handlers[K]>>> {
    const result = this.start().run({ kind, task }) as Promise<Awaited<ReturnType<Handlers[K]>>>;
    this.sent[kind]++;
    return result.finally(() => this.completed[kind]++);
  }

  /** Bodies and images given to the threads so far, finished or not. */
  get contentSent(): number {
    return this.sent.bodies + this.sent.images;
  }

  /** Whether the threads have bodies or images still to finish. */
  get busyWithContent(): boolean {
    return this.contentSent > this.completed.bodies + this.completed.images;
  }

  /** Whether threads are running now. */
  get running(): boolean {
    return this.piscina !== undefined;
  }

  /** Ends the threads; the pool does all later work in-process. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    const piscina = this.piscina;
    this.piscina = undefined;
    await piscina?.destroy();
  }

  private start(): Piscina {
    if (this.destroyed) throw new Error('the worker pool was used after it was destroyed');
    if (!this.piscina) {
      this.starts++;
      this.piscina = new Piscina({
        // From the bundle, the worker is bundled beside it, and threads inherit the process's
        // flags (Node keeps those a thread can take), so `node --cpu-prof` profiles them too; from
        // source, it runs through tsx, resolved from masthead rather than from the site being built.
        filename: new URL(BUNDLED ? './worker.mjs' : './worker.ts', import.meta.url).href,
        execArgv: BUNDLED ? undefined : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
        minThreads: this.threads,
        maxThreads: this.threads,
      });
    }
    return this.piscina;
  }
}
