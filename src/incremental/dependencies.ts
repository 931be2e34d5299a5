// The dependency index: what each output was made from at the last build, so that an edit
// works out the inputs of only the outputs it can change instead of all of them.
//
// An output's inputs are made of two kinds of things: site-wide ones (templates, settings,
// masthead itself, the views of every tag, section and author, the images, and the site's
// shape: which articles and pages exist, in what order, filed where, under which addresses),
// and the records of the articles and pages it `uses`. When the site-wide key is the last
// build's, an output none of whose records changed has the inputs it had then: the writer is
// asked to keep it under those, without building its views or hashing them again.
import { createHash } from 'node:crypto';
import type { Article, Page } from '../content/articles.ts';
import { recentArticles } from '../feeds/sitemap.ts';
import type { StaticFile } from '../output/assets.ts';
import type { RenderContext } from '../render/context.ts';
import type { Output } from '../render/pages.ts';
import { uniqueTagSlugs } from '../render/views.ts';
import { isScheduled } from '../site/schedule.ts';

export interface BuildState {
  /** Everything site-wide the outputs depend on. */
  siteKey: string;
  /** Each article's and page's record version, by source path. */
  versions: ReadonlyMap<string, string>;
  /** Each output's inputs hash, by output path. */
  inputs: ReadonlyMap<string, string>;
}

/** One build's view of the last: which outputs may be kept under their old inputs. */
export class DependencyIndex {
  private readonly inputs = new Map<string, string>();
  /** Whether the last build's per-output inputs can stand for this one's at all. */
  readonly sameSite: boolean;
  /** The sources whose record changed since the last build: compared once here, not once for
   * every output that uses them (the sitemap alone uses every article). */
  private readonly changed = new Set<string>();

  constructor(
    private readonly last: BuildState | undefined,
    readonly siteKey: string,
    private readonly versions: ReadonlyMap<string, string>,
  ) {
    this.sameSite = last?.siteKey === siteKey;
    if (!this.sameSite) return;
    for (const [source, version] of versions) if (last!.versions.get(source) !== version) this.changed.add(source);
  }

  /** The inputs hash `output` had at the last build when nothing it uses has changed since;
   * undefined when they must be worked out again. */
  unchanged(output: Output): string | undefined {
    if (!this.sameSite) return undefined;
    const previous = this.last!.inputs.get(output.path);
    if (previous === undefined) return undefined;
    if (this.changed.size === 0) return previous;
    for (const owner of output.uses()) if (this.changed.has(owner.source)) return undefined;
    return previous;
  }

  /** Notes what `path` was made from in this build. */
  record(path: string, inputs: string): void {
    this.inputs.set(path, inputs);
  }

  /** The state to compare the next build with: the last one itself when nothing changed. */
  state(): BuildState {
    const last = this.last;
    const same = <T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>) =>
      a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
    const sameVersions = this.changed.size === 0 && this.versions.size === last?.versions.size;
    if (last && this.sameSite && sameVersions && same(this.inputs, last.inputs)) return last;
    return { siteKey: this.siteKey, versions: this.versions, inputs: this.inputs };
  }
}

/** A record's version: its file's text, its rendered body (which covers its images and
 * quotes) and its date of last change in git. */
export function recordVersions(
  owners: readonly (Article | Page)[],
  textHash: (owner: Article | Page) => string | undefined,
  bodyKey: (owner: Article | Page) => string,
): Map<string, string> {
  const versions = new Map<string, string>();
  for (const owner of owners) {
    const git = owner.kind === 'article' ? owner.gitUpdated?.toMillis() : undefined;
    versions.set(owner.source, `${textHash(owner) ?? ''}|${bodyKey(owner)}|${git ?? ''}`);
  }
  return versions;
}

/**
 * The site-wide key: what every output may depend on besides the records it uses. `fingerprint`
 * covers masthead, the templates, the settings and the values every template sees; then the
 * site's shape (every article's and page's address, place in the order, section, tags,
 * authors, aliases and status, and the news sitemap's share), the views of every tag, section
 * and author, and the path of every file of the site, images and static files among them.
 */
export function siteKey(ctx: RenderContext, fingerprint: string, outputs: readonly Output[], files: readonly StaticFile[]): string {
  const { site, views } = ctx;
  const hash = createHash('sha256');
  const part = (value: unknown) => hash.update(JSON.stringify(value) ?? 'undefined').update('\0');
  part(fingerprint);
  const now = site.now;
  for (const article of site.articles) hash.update(shapeOf(article)).update(isScheduled(article, now) ? '+\0' : '-\0');
  part(site.pages.map((p) => [p.source, p.url, p.aliases]));
  part(recentArticles(site).map((a) => a.source));
  part(site.tags.map((t) => views.tag(t.slug)));
  part(site.sections.map((s) => views.section(s.config.slug)));
  part(site.authors.map((a) => views.author(a.slug)));
  for (const output of outputs) hash.update(output.path).update('\0');
  part(files.map((f) => f.path));
  return hash.digest('hex');
}

/** An article's part of the site's shape, kept with its record: a preview rebuild works it out
 * again only for the files that changed (a changed record is a new object). */
const shapes = new WeakMap<Article, string>();

function shapeOf(a: Article): string {
  let shape = shapes.get(a);
  if (shape === undefined) {
    shape = JSON.stringify([a.source, a.url, a.section, uniqueTagSlugs(a), a.authors, a.aliases, a.draft]);
    shapes.set(a, shape);
  }
  return shape;
}

/** This build's dependency index against the last build's state. */
export function indexAgainst(
  last: BuildState | undefined,
  ctx: RenderContext,
  parts: {
    fingerprint: string;
    outputs: readonly Output[];
    files: readonly StaticFile[];
    textHash: (owner: Article | Page) => string | undefined;
  },
): DependencyIndex {
  const owners = [...ctx.site.articles, ...ctx.site.pages];
  const versions = recordVersions(owners, parts.textHash, (owner) => ctx.bodyKey(owner));
  return new DependencyIndex(last, siteKey(ctx, parts.fingerprint, parts.outputs, parts.files), versions);
}
