// Partials rendered once per distinct use. Listing pages and related coverage render the same
// card for the same article tens of thousands of times in an archive, each time from a page at
// another depth. `{% render %}` isolates a partial from the page (it sees its arguments and the
// globals, nothing else), so a partial that reads no global makes the same HTML for the same
// arguments on every page, but for what the page-dependent filters (`href`, `srcset`,
// `absolute`) return. Such a partial is rendered once with a marker in place of each of those
// filter calls, and every page fills the markers in with the calls' results for itself: the
// bytes a fresh rendering would write.
//
// That holds only where a filter's result goes straight into the output (a page's own result
// cannot be seen by a condition, a later filter or a `capture`), which the templates are checked
// for before a partial is cached; a result that escaping would change is never filled in, the
// partial is rendered afresh. Arguments are told apart by value (strings, numbers, Liquid's
// literals) or by identity (objects: the views of one build, never changed once made). The
// cache of one build is scoped to its site global, so an edited article, which makes new views
// in the next build, is never shown with an old card.
import { Drop, RenderTag, toValueSync, type Context, type Emitter, type Hash, type Liquid, type Template } from 'liquidjs';
import type { Globals } from './engine.ts';

/** A filter whose result depends on the page being rendered, not only on its input. */
export type ContextualFilter = (globals: Globals, input: unknown) => string;

interface FilterCall {
  filter: ContextualFilter;
  input: unknown;
}

/** A partial's HTML cut at its filter calls: parts[i], then call i's result, then parts[i + 1]. */
interface Rendering {
  parts: string[];
  calls: FilterCall[];
  /** Characters of the HTML, for the cache's bound. */
  length: number;
}

/** Tags whose output depends on nothing but the scope they read (no counters, no shared state,
 * no `capture`, which could hand a marker to a later filter). */
const PURE_TAGS = new Set([
  'assign',
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
]);

/** The marker of call i is OPEN + i + CLOSE: private-use characters, which escaping leaves be. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** What a filled-in result must not hold: characters escaping would change. */
const ESCAPED = /[&<>"']/;

/** Characters kept per build, the least recently used dropped beyond: a constant, so memory stays
 * flat in the archive (test/render-memory.test.ts holds a build to a few kilobytes an article).
 * It keeps a few hundred cards, about one served in eight on the 4,000-article bench; a bound
 * of 24 million served two in three and took the main thread's CPU 20.6 s to 15.5 s there, but
 * kept 4-6 KB an article. */
const MAX_CACHED_CHARS = 250_000;

interface Scope {
  renderings: Map<string, Rendering>;
  chars: number;
}

export class PartialCache {
  /** The filter calls of the partial being rendered for the cache; partials it renders in turn
   * are part of it. */
  private recording: FilterCall[] | undefined;
  private readonly scopes = new WeakMap<object, Scope>();
  /** The free variables of each partial, or null when it cannot be cached. */
  private readonly analyses = new Map<string, string[] | null>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  /** Liquid's literals (`nil`, `empty`, `blank`): objects, but one of each, never changed. */
  private readonly literals: ReadonlyMap<unknown, string>;
  /** Names of the filters that may follow a page-dependent one in an output: `raw`, and the
   * escaping liquidjs adds at the end. */
  private readonly trailing: ReadonlySet<string>;
  /** Partials served from the cache and rendered for it, for tests and profiles. */
  readonly stats = { served: 0, rendered: 0 };

  constructor(
    private readonly liquid: Liquid,
    /** The names the page-dependent filters are registered under. */
    private readonly contextual: ReadonlySet<string>,
  ) {
    this.literals = new Map(['nil', 'empty', 'blank'].map((name) => [liquid.evalValueSync(name, {}), name]));
    const probe = liquid.parse('{{ x }}')[0] as unknown as { value: { filters: { name: string }[] } };
    this.trailing = new Set(['raw', ...probe.value.filters.map((f) => f.name)]);
  }

  /** Calls a page-dependent filter; while a partial is rendered for the cache, the result is a
   * marker, filled in for each page. */
  call(filter: ContextualFilter, globals: Globals, input: unknown): string {
    if (!this.recording) return filter(globals, input);
    return `${OPEN}${this.recording.push({ filter, input }) - 1}${CLOSE}`;
  }

  /** Whether a partial is being rendered for the cache (its own partials render inside it). */
  get busy(): boolean {
    return this.recording !== undefined;
  }

  /** Whether the partial `name` (as referenced from `from`) can be cached when given `params`. */
  cacheable(name: string, from: string | undefined, params: readonly string[]): boolean {
    const key = `${from ?? ''}\0${name}`;
    let free = this.analyses.get(key);
    if (free === undefined) {
      const templates = toValueSync(this.liquid._parsePartialFile(name, true, from)) as Template[];
      free = this.pure(templates) ? this.liquid.globalVariablesSync(templates, { partials: true }) : null;
      this.analyses.set(key, free);
    }
    return free !== null && free.every((variable) => params.includes(variable));
  }

  /** Where the rendering of `name` with `args` is kept, with it if it is; undefined when the
   * arguments cannot be told apart. */
  find(globals: Globals, name: string, args: Record<string, unknown>): { scope: Scope; key: string; rendering?: Rendering } | undefined {
    const key = this.keyOf(name, args);
    if (key === undefined || typeof globals.site !== 'object' || globals.site === null) return undefined;
    let scope = this.scopes.get(globals.site);
    if (!scope) this.scopes.set(globals.site, (scope = { renderings: new Map(), chars: 0 }));
    const rendering = scope.renderings.get(key);
    if (rendering) {
      // The most recently used last: the first are dropped when the cache is full.
      scope.renderings.delete(key);
      scope.renderings.set(key, rendering);
    }
    return { scope, key, rendering };
  }

  /** A kept rendering as the page of `globals` shows it; undefined when a result would need
   * escaping (rendered afresh then). */
  fill(rendering: Rendering, globals: Globals): string | undefined {
    const { parts, calls } = rendering;
    let html = parts[0]!;
    for (let i = 0; i < calls.length; i++) {
      const result = calls[i]!.filter(globals, calls[i]!.input);
      if (ESCAPED.test(result)) return undefined;
      html += result + parts[i + 1]!;
    }
    return html;
  }

  /** Renders a partial with `render` for the cache and keeps it under `key`; undefined when its
   * HTML already held something like a marker, which could not then be told from one. */
  *record(
    scope: Scope,
    key: string,
    render: () => Generator<unknown, unknown, unknown>,
  ): Generator<unknown, Rendering | undefined, unknown> {
    const calls: FilterCall[] = [];
    this.recording = calls;
    let html: string;
    try {
      html = String(yield* render());
    } finally {
      this.recording = undefined;
    }
    const rendering = cut(html, calls);
    if (!rendering) return undefined;
    this.stats.rendered++;
    scope.renderings.set(key, rendering);
    scope.chars += html.length;
    for (const [oldest, kept] of scope.renderings) {
      if (scope.chars <= MAX_CACHED_CHARS) break;
      scope.renderings.delete(oldest);
      scope.chars -= kept.length;
    }
    return rendering;
  }

  /** Counts a rendering served from the cache. */
  served(): void {
    this.stats.served++;
  }

  /** Whether templates use only pure tags, name every partial they render literally (so that
   * its variables can be known before rendering), and send every page-dependent filter's
   * result straight to the output. */
  private pure(templates: readonly Template[]): boolean {
    for (const template of templates) {
      const name = 'name' in template && typeof template.name === 'string' ? template.name : undefined;
      if (name !== undefined && !PURE_TAGS.has(name)) return false;
      if (name === 'render' && !template.partialScope?.()) return false;
      for (const argument of template.arguments?.() ?? []) {
        const filters = (argument as { filters?: { name: string }[] }).filters ?? [];
        const at = filters.findIndex((f) => this.contextual.has(f.name));
        // In a tag (a condition, an assignment) or before another filter, a marker would be seen.
        if (at >= 0 && (name !== undefined || !filters.slice(at + 1).every((f) => this.trailing.has(f.name)))) return false;
      }
      const children = template.children ? (toValueSync(template.children(true, true)) as Template[]) : [];
      if (!this.pure(children)) return false;
    }
    return true;
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

/** HTML with markers cut into a rendering: exactly one marker per call, in order, or undefined. */
function cut(html: string, calls: FilterCall[]): Rendering | undefined {
  const pieces = html.split(OPEN);
  if (pieces.length !== calls.length + 1) return undefined;
  const parts = [pieces[0]!];
  for (let i = 1; i < pieces.length; i++) {
    const marker = `${i - 1}${CLOSE}`;
    if (!pieces[i]!.startsWith(marker)) return undefined;
    parts.push(pieces[i]!.slice(marker.length));
  }
  return { parts, calls, length: html.length };
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
      // Inside a partial rendered for the cache, partials are part of its rendering.
      if (!this.verdict || cache.busy) return yield* super.render(ctx, emitter);
      const globals = ctx.globals as Globals;
      const args = (yield fields.hash.render(ctx)) as Record<string, unknown>;
      const found = cache.find(globals, name!, args);
      if (!found) return yield* super.render(ctx, emitter);
      let rendering = found.rendering;
      if (rendering) cache.served();
      else {
        const liquid = this.liquid;
        rendering = yield* cache.record(found.scope, found.key, function* () {
          const child = ctx.spawn();
          Object.assign(child.bottom(), args);
          const templates = (yield liquid._parsePartialFile(name!, child.sync, fields.currentFile)) as Template[];
          return yield liquid.renderer.renderTemplates(templates, child);
        });
      }
      const html = rendering && cache.fill(rendering, globals);
      if (html === undefined) return yield* super.render(ctx, emitter);
      emitter.write(html);
    }
  };
}
