// Renders one page from plain data on a worker thread. Each thread keeps one template engine,
// with liquidjs's parse cache, for as long as the site root, its address and its templates stay
// the same; a task naming another version of the templates (one was edited under `masthead
// dev`) gets a new engine, which reads the templates again. The page is scanned for the link
// check here too, so the main thread, which writes every page, does not also read each one.
import { scanPage } from '../links/html.ts';
import type { PageLinks } from '../links/page-links.ts';
import { TemplateEngine, type Globals, type TemplateProblem } from './engine.ts';

export interface PageTask {
  /** Which engine renders the page: the site root, its base URL and a version of its templates. */
  engine: { root: string; baseUrl: string; templates: string };
  template: string;
  /** The template's own data: views, already plain (structured-clonable) values. */
  data: object;
  globals: Globals;
}

export type PageResult = { html: string; links: PageLinks } | { problem: TemplateProblem };

/** Its strings are sent to the main thread as copies, which hold nothing of the page. */
const asSent = (value: string) => value;

let engine: TemplateEngine | undefined;
let engineKey = '';

export function renderPageTask(task: PageTask): PageResult {
  const key = JSON.stringify(task.engine);
  if (!engine || engineKey !== key) {
    engine = new TemplateEngine(task.engine.root, task.engine.baseUrl);
    engineKey = key;
  }
  const result = engine.tryRender(task.template, task.data, task.globals);
  return 'html' in result ? { html: result.html, links: scanPage(result.html, asSent) } : result;
}
