// The editor's loop, measured as an editor lives it: `masthead dev` runs as its own process on
// the bench site, a tab listens on its event stream, and each sample is the time from saving a
// file to fetching the page that shows the change (reload event received, new text served).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface DevEditCase {
  name: string;
  /** The file to edit, relative to the site. */
  file: string;
  /** The edited text for sample `i`, and the page and text that must then be served. */
  change: (text: string, i: number) => { text: string; page: string; expect: string };
}

export interface DevEditRow {
  name: string;
  milliseconds: number[];
}

/** Edits that the bench site supports: an article's title, a template, an author's role. */
export function devEditCases(site: string, article: string): DevEditCase[] {
  const source = readFileSync(join(site, article), 'utf8');
  const [, year, month] = /^date: '?(\d{4})-(\d{2})/m.exec(source) ?? [];
  const articlePage = `${year}/${month}/${basename(article, '.md')}/`;
  return [
    {
      name: "an article's title",
      file: article,
      change: (text, i) => ({
        text: text.replace(/^title: .*$/m, `title: Bench edit ${i}`),
        page: articlePage,
        expect: `Bench edit ${i}`,
      }),
    },
    {
      name: 'a template (the byline partial, on every article page)',
      file: 'templates/partials/byline.liquid',
      change: (text, i) => ({ text: `${text.trimEnd()}<!-- bench edit ${i} -->\n`, page: articlePage, expect: `bench edit ${i}` }),
    },
    {
      name: "authors.yaml (an author's role)",
      file: 'content/authors.yaml',
      change: (text, i) => ({
        text: text.replace(/^(\s+role: ).*$/m, `$1Bench role ${i}`),
        page: 'authors/author-01/',
        expect: `Bench role ${i}`,
      }),
    },
  ];
}

/** Starts `masthead dev` on `site` (with `args` added, e.g. a --cache of its own for A/B runs of
 * two versions), runs `edits` samples of each case, stops it. */
export async function measureDevEdits(
  masthead: string,
  site: string,
  cases: DevEditCase[],
  edits: number,
  args: string[] = [],
): Promise<DevEditRow[]> {
  const child = spawn(process.execPath, [masthead, 'dev', '--root', site, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /Previewing at (http:\/\/\S+\/)/.exec(log);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`masthead dev exited:\n${log}`)));
    });
    const stream = await openEvents(`${base}__masthead/events`);
    const rows: DevEditRow[] = [];
    for (const edit of cases) {
      const path = join(site, edit.file);
      const original = readFileSync(path, 'utf8');
      const row: DevEditRow = { name: edit.name, milliseconds: [] };
      try {
        for (let i = 0; i < edits; i++) {
          const change = edit.change(original, i);
          const reloaded = stream.next();
          const started = performance.now();
          writeFileSync(path, change.text);
          const event = await reloaded;
          if (event !== 'reload') throw new Error(`expected a reload after editing ${edit.file}, got "${event}":\n${log}`);
          const html = await (await fetch(`${base}${change.page}`)).text();
          if (!html.includes(change.expect)) throw new Error(`${change.page} does not show "${change.expect}" after the reload`);
          row.milliseconds.push(performance.now() - started);
          process.stderr.write(`  dev, ${edit.name}: edit ${i + 1} of ${edits}: ${row.milliseconds.at(-1)!.toFixed(0)} ms\n`);
        }
      } finally {
        writeFileSync(path, original);
        await stream.next();
      }
      rows.push(row);
    }
    stream.close();
    return rows;
  } finally {
    child.kill('SIGINT');
  }
}

/** The event stream, as the next reload/problems event's name. */
async function openEvents(url: string): Promise<{ next: () => Promise<string>; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const match = /^event: (reload|problems)$/m.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return match[1]!;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the dev server closed its event stream');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}
