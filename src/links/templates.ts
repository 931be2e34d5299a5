// Finds the template line a broken link of a rendered page came from. Liquid keeps no map from
// output back to template lines, so this looks for the link as the template would write it:
// the site path in a literal ('/about/' | href, or href="/about/"), or the "#fragment" itself.
// A link made from data (an article's field, say) has no literal; then the caller reports it on
// the page's template with the page it broke on.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../content/load.ts';
import { Diagnostics, type Place } from '../diagnostics.ts';

interface Template {
  path: string;
  text: string;
}

export interface TemplatePlace extends Place {
  path: string;
  /** The needle found there. */
  found: string;
}

export class TemplateSources {
  private templates: Promise<Template[]> | undefined;
  /** A layout's broken link breaks every page: look for it once. */
  private readonly found = new Map<string, Promise<TemplatePlace | undefined>>();

  constructor(private readonly root: string) {}

  /** The first place, in template path order, where one of `needles` (most precise first)
   * stands as a whole quoted or attribute value. */
  locate(needles: readonly string[]): Promise<TemplatePlace | undefined> {
    const key = JSON.stringify(needles);
    let place = this.found.get(key);
    if (!place) {
      place = this.search(needles);
      this.found.set(key, place);
    }
    return place;
  }

  private async search(needles: readonly string[]): Promise<TemplatePlace | undefined> {
    const templates = await this.load();
    for (const needle of needles) {
      const pattern = new RegExp(`(?<=["'=}\\s])${escapeRegExp(needle)}(?=["'\\s{]|$)`, 'm');
      for (const template of templates) {
        const match = pattern.exec(template.text);
        if (match) return { path: template.path, found: needle, ...placeAt(template.text, match.index) };
      }
    }
    return undefined;
  }

  private load(): Promise<Template[]> {
    this.templates ??= (async () => {
      const paths = await listFiles(this.root, 'templates', (name) => name.endsWith('.liquid'), new Diagnostics());
      return Promise.all(paths.map(async (path) => ({ path, text: await readFile(join(this.root, path), 'utf8') })));
    })();
    return this.templates;
  }
}

function placeAt(text: string, index: number): Place {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
