// Pages rendered while the markdown stage still runs. A cold build renders its bodies on the
// worker threads, and the main thread, which renders pages, would only wait for them: instead
// each output is rendered as soon as every body it uses is known (a body's HTML on its own
// page, its word count on cards), so the two overlap. An output's `uses` names exactly the
// records its bytes are made from (the dependency index relies on the same), so an output
// rendered early has the bytes it would have had after the stage.
//
// Images come after the markdown stage (the bodies say which they show), so only a site that
// shows no local image in frontmatter, on authors or as its sharing card has pages rendered
// early, and of those only the ones whose bodies show none: their views and bytes cannot
// depend on the image stage. PendingImages makes that a guard rather than a hope.
import type { Article, Page } from '../content/articles.ts';
import { mediaPath } from '../images/formats.ts';
import type { ImageSet } from '../images/stage.ts';
import type { BodyInfo } from '../markdown/bodies.ts';
import type { Writer } from '../output/writer.ts';
import type { RenderContext } from './context.ts';
import type { Output } from './pages.ts';
import { writeOutput } from './write.ts';

/** The image set before the image stage: no image is known yet, and asking for a local one is a
 * fault of the caller (a page that should have waited for the stage), not an image to leave out. */
export class PendingImages implements ImageSet {
  private images: ImageSet | undefined;

  /** The image stage's result, for every later question. */
  resolve(images: ImageSet): void {
    this.images = images;
  }

  get(src: string) {
    if (this.images) return this.images.get(src);
    if (mediaPath(src)) throw new Error(`the image ${src} was asked for before the image stage`);
    return undefined;
  }

  private get resolved(): ImageSet {
    if (!this.images) throw new Error('the image set was used before the image stage');
    return this.images;
  }

  get files() {
    return this.resolved.files;
  }

  get encoded() {
    return this.resolved.encoded;
  }

  get hashed() {
    return this.resolved.hashed;
  }
}

/** What early pages are rendered from and written to: a plan made before the image stage,
 * possible only for a site with no local image outside bodies (see build.ts). */
export interface EarlyTarget {
  ctx: RenderContext;
  outputs: readonly Output[];
  writer: Writer;
  fingerprint: string | undefined;
}

export class EarlyPages {
  /** Outputs waiting, by each body they still need. */
  private readonly waiting = new Map<Article | Page, Output[]>();
  /** How many bodies each waiting output still needs. */
  private readonly missing = new Map<Output, number>();
  private readonly ready: Output[] = [];
  private next = 0;
  private running = 0;
  private active = false;
  private stopped = false;
  private failure: { error: unknown } | undefined;
  private settled: (() => void) | undefined;
  /** The outputs already written or kept, and the inputs hash of each that has one. */
  readonly done = new Map<Output, string | undefined>();
  hashed = 0;

  /** `target` undefined: the site could not be planned (its content has errors), nothing is rendered. */
  constructor(private readonly target: EarlyTarget | undefined) {}

  /** Starts when the markdown stage renders its bodies on the threads: the main thread then has
   * time to spare (a warm build renders few bodies, and its dependency index, made after the
   * image stage, spares it most pages). Answers with the order to render the bodies in. */
  plan(pooled: boolean): ((owner: Article | Page) => number) | undefined {
    if (!this.target || !pooled) return undefined;
    this.active = true;
    const usesOf = new Map(this.target.outputs.map((output) => [output, new Set(output.uses())]));
    for (const [output, uses] of usesOf) {
      this.missing.set(output, uses.size);
      for (const owner of uses) this.waiting.set(owner, [...(this.waiting.get(owner) ?? []), output]);
      if (uses.size === 0) this.ready.push(output);
    }
    // Once the bodies are on their way to the threads.
    setImmediate(() => this.pump());
    return rankBodies(usesOf);
  }

  /** A body is known: the outputs that needed only it more are ready. One that shows images
   * waits for the image stage, and with it every output that uses it. */
  known(owner: Article | Page, info: BodyInfo): void {
    if (!this.active || info.images.length > 0) return;
    for (const output of this.waiting.get(owner) ?? []) {
      const left = this.missing.get(output)! - 1;
      this.missing.set(output, left);
      if (left === 0) this.ready.push(output);
    }
    this.waiting.delete(owner);
    this.pump();
  }

  /** `work`'s result (the markdown stage's), once no output is being written any more: after
   * it, nothing more starts. The first failure is thrown, `work`'s before a write's; either
   * way no write is still under way when the build's error path throws the output away. */
  async settledAfter<T>(work: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work;
    } catch (error) {
      await this.stop();
      throw error;
    }
    await this.stop();
    if (this.failure) throw this.failure.error;
    return result;
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    if (this.running > 0) await new Promise<void>((resolve) => (this.settled = resolve));
  }

  private pump(): void {
    const window = this.target?.ctx.renderer.window ?? 0;
    while (!this.stopped && !this.failure && this.running < window && this.next < this.ready.length) {
      const output = this.ready[this.next++]!;
      this.running++;
      void this.write(output).finally(() => {
        this.running--;
        if (this.running === 0) this.settled?.();
        this.pump();
      });
    }
  }

  private async write(output: Output): Promise<void> {
    let inputs: string | undefined;
    // No dependency index yet: each output's inputs are worked out, and kept for the index.
    const dependencies = { unchanged: () => undefined, record: (_: string, hash: string) => void (inputs = hash) };
    try {
      const { ctx, writer, fingerprint } = this.target!;
      if (await writeOutput(ctx, output, writer, { fingerprint, dependencies })) this.hashed++;
      this.done.set(output, inputs);
    } catch (error) {
      this.failure ??= { error };
    }
  }
}

/**
 * The order to render bodies in, for outputs to be ready early and one after another: outputs
 * that use fewest bodies first (an article page: its own and its related articles'), in plan
 * order among equals, each body ranked by the first output that needs it. Listings of many
 * articles come last; in the order of the bodies, they would all wait for the last of them.
 */
function rankBodies(usesOf: ReadonlyMap<Output, ReadonlySet<Article | Page>>): (owner: Article | Page) => number {
  const outputs = [...usesOf.keys()].map((output, i) => ({ output, i, size: usesOf.get(output)!.size }));
  outputs.sort((a, b) => a.size - b.size || a.i - b.i);
  const rank = new Map<Article | Page, number>();
  for (const { output } of outputs) for (const owner of usesOf.get(output)!) if (!rank.has(owner)) rank.set(owner, rank.size);
  return (owner) => rank.get(owner) ?? rank.size;
}
