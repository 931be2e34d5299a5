// Partials rendered once per distinct use. Listing pages and related coverage render the same
// card for the same article tens of thousands of times in an archive; `{% render %}` isolates a
// partial from the page (it sees its arguments and the globals, nothing else), so when a
// partial reads no global, its HTML follows from its arguments and from what the page-dependent
// filters (`href`, `srcset`, `absolute`) return for them. Each rendering is kept with the filter
// calls it made, and served again when the same arguments come with filter calls that give the
// same results on the page asking (a card's relative links are the same from every page at the
// same depth): the bytes are those a fresh rendering would write.
//
// Arguments are told apart by value (strings, numbers) or by identity (objects: the views of
// one build, never changed once made). The cache of one build is scoped to its site global,
// so an edited article, which makes new views in the next build, is never served an old card.
import { Drop, RenderTag, toValueSync, type Context, type Emitter, type Hash, type Liquid, type Template } from 'liquidjs';
import type { Globals } from './engine.ts';

/** A filter whose result depends on the page being rendered, not only on its input. */
export type ContextualFilter = (globals: Globals, input: unknown) => string;

interface FilterCall {
  filter: ContextualFilter;
  input: unknown;
  output: string;
}

interface Rendering {
  html: string;
  /** The page-dependent filter calls it made, in order, with what each returned. */
  calls: FilterCall[];
}

/** Tags whose output depends on nothing but the scope they read (no counters, no shared state). */
const PURE_TAGS = new Set([
  'assign',
  'capture',
  'case',
  'comment',
  '#',
  'for',
  'if',
  'unless',
  'raw',
  'render',
  'echo',
  'liquid',
  'break',
  'continue',
  'tablerow',
]);

/** Renderings kept per key: enough for the depths of listing pages a card is on and the
 * months and years of the article pages that show it as related coverage. */
const VARIANTS_PER_KEY = 12;

/** Characters kept per build before starting afresh: a bound that keeps a large archive's
 * memory flat (a few hundred thousand cards), at the cost of rendering some again. */
const MAX_CACHED_CHARS = 24_000_000;

interface Scope {
  renderings: Map<string, Rendering[]>;
  chars: number;
}

export class PartialCache {
  /** Filter calls made by the partials being rendered, innermost last. */
  private readonly recording: FilterCall[][] = [];
  private readonly scopes = new WeakMap<object, Scope>();
  /** The free variables of each partial, or null when it cannot be cached (an impure tag, a
   * partial named by a variable). */
  private readonly analyses = new Map<string, string[] | null>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  /** Partials served from the cache and rendered, for tests and profiles. */
  readonly stats = { served: 0, rendered: 0 };

  /** Liquid's literals (`nil`, `empty`, `blank`): objects, but one of each, never changed. */
  private readonly literals: ReadonlyMap<unknown, string>;

  constructor(private readonly liquid: Liquid) {
    this.literals = new Map(['nil', 'empty', 'blank'].map((name) => [liquid.evalValueSync(name, {}), name]));
  }

  /** Calls a page-dependent filter, noting the call for the partials being rendered. */
  call(filter: ContextualFilter, globals: Globals, input: unknown): string {
    const output = filter(globals, input);
    this.recording.at(-1)?.push({ filter, input, output });
    return output;
  }

  /** Whether the partial `name` (as referenced from `from`) can be cached when given `params`. */
  cacheable(name: string, from: string | undefined, params: readonly string[]): boolean {
    const key = `${from ?? ''}\0${name}`;
    let free = this.analyses.get(key);
    if (free === undefined) {
      const templates = toValueSync(this.liquid._parsePartialFile(name, true, from)) as Template[];
      free = pure(templates) ? this.liquid.globalVariablesSync(templates, { partials: true }) : null;
      this.analyses.set(key, free);
    }
    return free !== null && free.every((variable) => params.includes(variable));
  }

  /** The rendering of `name` with `args` on the page of `globals`, or undefined when the page
   * needs one of its own. */
  lookup(globals: Globals, name: string, args: Record<string, unknown>): { scope: Scope; key: string; html?: string } | undefined {
    const key = this.keyOf(name, args);
    if (key === undefined || typeof globals.site !== 'object' || globals.site === null) return undefined;
    let scope = this.scopes.get(globals.site);
    if (!scope) this.scopes.set(globals.site, (scope = { renderings: new Map(), chars: 0 }));
    for (const rendering of scope.renderings.get(key) ?? []) {
      if (!rendering.calls.every((c) => c.filter(globals, c.input) === c.output)) continue;
      this.recording.at(-1)?.push(...rendering.calls);
      this.stats.served++;
      return { scope, key, html: rendering.html };
    }
    return { scope, key };
  }

  /** Renders a partial with `render`, noting its filter calls, and keeps the result under `key`. */
  *record(scope: Scope, key: string, render: () => Generator<unknown, unknown, unknown>): Generator<unknown, string, unknown> {
    const calls: FilterCall[] = [];
    this.recording.push(calls);
    let html: string;
    try {
      html = String(yield* render());
    } finally {
      this.recording.pop();
    }
    this.recording.at(-1)?.push(...calls);
    this.stats.rendered++;
    if (scope.chars + html.length > MAX_CACHED_CHARS) {
      scope.renderings.clear();
      scope.chars = 0;
    }
    const variants = scope.renderings.get(key) ?? [];
    if (variants.length >= VARIANTS_PER_KEY) scope.chars -= variants.shift()!.html.length;
    variants.push({ html, calls });
    scope.renderings.set(key, variants);
    scope.chars += html.length;
    return html;
  }

  /** A key naming the partial and its arguments; undefined when an argument is a Liquid object
   * that changes as the page renders (a `forloop`), which identity cannot tell apart. */
  private keyOf(name: string, args: Record<string, unknown>): string | undefined {
    let key = `${name.length}:${name}`;
    for (const [param, value] of Object.entries(args)) {
      key += `|${param}=`;
      if (value === null || value === undefined) key += String(value);
      else if (typeof value === 'string') key += `s${value.length}:${value}`;
      else if (typeof value === 'number' || typeof value === 'boolean') key += `${typeof value}:${String(value)}`;
      else if (this.literals.has(value)) key += this.literals.get(value)!;
      else if (typeof value === 'object' && !(value instanceof Drop)) key += `o${this.idOf(value)}`;
      else return undefined;
    }
    return key;
  }

  private idOf(value: object): number {
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.nextId++));
    return id;
  }
}

/** Whether templates use only tags that read nothing but their scope, and name every partial
 * they render literally (so that its variables can be known before rendering). */
function pure(templates: readonly Template[]): boolean {
  for (const template of templates) {
    if (!('name' in template) || typeof template.name !== 'string') continue;
    if (!PURE_TAGS.has(template.name)) return false;
    if (template.name === 'render' && !template.partialScope?.()) return false;
    const children = template.children ? (toValueSync(template.children(true, true)) as Template[]) : [];
    if (!pure(children)) return false;
  }
  return true;
}

/** What RenderTag keeps of its arguments; private in its types, read here to evaluate them once. */
interface RenderTagFields {
  file: unknown;
  currentFile?: string;
  hash: Hash;
  with?: unknown;
  forBinding?: unknown;
}

/** `{% render %}` through the cache: a partial with a literal name and plain arguments that reads
 * no global is served from it; everything else renders as liquidjs always does. */
export function cachedRenderTag(cache: PartialCache) {
  return class CachedRenderTag extends RenderTag {
    private verdict: boolean | undefined;

    override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const fields = this as unknown as RenderTagFields;
      const name = typeof fields.file === 'string' && !fields.with && !fields.forBinding ? fields.file : undefined;
      this.verdict ??= name !== undefined && cache.cacheable(name, fields.currentFile, Object.keys(fields.hash.hash));
      if (!this.verdict) return yield* super.render(ctx, emitter);
      const args = (yield fields.hash.render(ctx)) as Record<string, unknown>;
      const found = cache.lookup(ctx.globals as Globals, name!, args);
      if (!found) return yield* super.render(ctx, emitter);
      if (found.html !== undefined) return emitter.write(found.html);
      const liquid = this.liquid;
      const html = yield* cache.record(found.scope, found.key, function* () {
        const child = ctx.spawn();
        Object.assign(child.bottom(), args);
        const templates = (yield liquid._parsePartialFile(name!, child.sync, fields.currentFile)) as Template[];
        return yield liquid.renderer.renderTemplates(templates, child);
      });
      emitter.write(html);
    }
  };
}
