// The Liquid engine: templates from templates/, output escaped by default, strict variables
// and filters, and the `href`/`absolute` filters. Template errors become positioned messages
// on the template file.
import { relative, sep } from 'node:path';
import { Liquid, LiquidError } from 'liquidjs';
import { report, type Diagnostics } from '../diagnostics.ts';
import { srcsetText, type Srcset } from '../images/views.ts';
import { absoluteUrl, relativeHref } from '../urls.ts';

/** What every template sees besides its own data; partials rendered with `render` see it too. */
export interface Globals {
  site: { url: string } & Record<string, unknown>;
  meta: { url: string; kind: string } & Record<string, unknown>;
  assets: Record<string, string>;
}

export class TemplateEngine {
  private readonly liquid: Liquid;
  /** The base path of the site ("/" or "/news/"), for pages whose own URL is unknown (404). */
  private readonly basePath: string;

  constructor(
    private readonly root: string,
    baseUrl: string,
  ) {
    const templates = `${root}/templates`;
    this.basePath = new URL(baseUrl).pathname;
    this.liquid = new Liquid({
      root: templates,
      partials: `${templates}/partials`,
      layouts: `${templates}/layouts`,
      extname: '.liquid',
      outputEscape: 'escape',
      strictVariables: true,
      strictFilters: true,
      lenientIf: true,
      ownPropertyOnly: true,
      cache: true,
    });
    const basePath = this.basePath;
    this.liquid.registerFilter('href', function (this: { context: { globals: unknown } }, target: unknown) {
      const { meta } = this.context.globals as Globals;
      const path = String(target ?? '');
      // The 404 page is served at any URL, so its links cannot be relative.
      if (meta.kind === '404') return path.startsWith('/') && !path.startsWith('//') ? basePath + path.slice(1) : path;
      return relativeHref(meta.url, path);
    });
    // A srcset from a list of {url, width}: each candidate linked as `href` links a path.
    this.liquid.registerFilter('srcset', function (this: { context: { globals: unknown } }, candidates: unknown) {
      const { meta } = this.context.globals as Globals;
      const list = Array.isArray(candidates) ? (candidates as Srcset) : [];
      return meta.kind === '404'
        ? srcsetText(
            list.map((c) => ({ ...c, url: basePath + c.url.slice(1) })),
            null,
          )
        : srcsetText(list, meta.url);
    });
    this.liquid.registerFilter('absolute', function (this: { context: { globals: unknown } }, target: unknown) {
      const { site } = this.context.globals as Globals;
      return absoluteUrl(site.url, String(target ?? ''));
    });
  }

  /** Renders `templates/<name>.liquid`; on failure reports on the template and returns undefined. */
  render(name: string, data: object, globals: Globals, diagnostics: Diagnostics): string | undefined {
    const result = this.tryRender(name, data, globals);
    if ('html' in result) return result.html;
    reportTemplateProblem(result.problem, diagnostics);
    return undefined;
  }

  /** Renders `templates/<name>.liquid`, or says what went wrong as plain data: the form a
   * worker thread sends back, for the main thread to report. */
  tryRender(name: string, data: object, globals: Globals): RenderResult {
    try {
      return { html: this.liquid.renderFileSync(name, data, { globals }) };
    } catch (error) {
      return { problem: this.describeError(error, name) };
    }
  }

  private describeError(error: unknown, name: string): TemplateProblem {
    const inner = LiquidError.is(error) && 'errors' in error ? (error as { errors: unknown[] }).errors[0] : error;
    if (LiquidError.is(inner)) {
      const token = inner.token;
      const path = token?.file ? relative(this.root, token.file).split(sep).join('/') : `templates/${name}.liquid`;
      const [line, column] = token ? token.getPosition() : [1, 1];
      const reason = inner.message
        .replace(/(, file:.*)?, line:\d+, col:\d+$/, '')
        .replace(/, file:.*$/, '')
        .replace(/^undefined variable: /, 'unknown variable: ');
      const hint = /unknown variable/.test(reason) ? ' (check the spelling; templates/README.md lists what each template sees)' : '';
      return { path, line: line ?? 1, column: column ?? 1, reason, hint, positioned: true };
    }
    const message = inner instanceof Error ? inner.message : String(inner);
    const path = /ENOENT/.test(message) ? `templates/${name}.liquid` : 'templates';
    const reason = /ENOENT/.test(message) ? `template "${name}.liquid" is missing: create it in templates/` : message;
    return { path, line: 1, column: 1, reason, hint: '', positioned: false };
  }
}

/** A failed render, as plain data (it crosses from worker threads). */
export interface TemplateProblem {
  /** The template file, relative to the site root. */
  path: string;
  line: number;
  column: number;
  reason: string;
  /** What to do, added after the reason. */
  hint: string;
  /** Whether the problem is at a place in the template, rather than about the template as a whole. */
  positioned: boolean;
}

export type RenderResult = { html: string } | { problem: TemplateProblem };

/** Reports a template problem on its file, once: one broken template fails every page that
 * uses it. */
export function reportTemplateProblem(problem: TemplateProblem, diagnostics: Diagnostics): void {
  const { path, line, column, reason, hint } = problem;
  const file = diagnostics.file(path);
  const duplicate = problem.positioned
    ? file.messages.some((m) => m.line === line && m.column === column && m.reason.startsWith(reason))
    : file.messages.some((m) => m.reason === reason);
  if (!duplicate) report(file, 'error', `${reason}${hint}`, { line, column }, 'template');
}
