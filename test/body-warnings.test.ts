// What an editor is told about a body that would not come out as written: template syntax from
// other site generators (Hugo, Jekyll, Eleventy), which masthead publishes literally, and HTML
// elements that the sanitizer removes with their content. Each is a warning at the line and
// column where it was written, saying what it looks like and what to write instead; code is
// exempt; and a warm build (bodies from the cache) reports exactly what the cold one did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.ts';
import { formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { makeSite, NOW } from './helpers.ts';

const FILE = 'content/articles/2023-06-01-migrated.md';
const FRONTMATTER = ['---', 'title: A migrated article', 'date: 2023-06-01', '---', ''];
/** The body, line by line; the comments name what each line expects. */
const BODY = [
  'A card: {% image "x.jpg" "A card" %} and a path {{ image | url }}.', // Liquid tag at 9, expression at 49
  '{{< youtube abc >}}', // Hugo shortcode at 1
  '> Quoted {{% notice %}} text.', // Hugo shortcode at 10
  'Shown as code: `{{ not reported }}` and', // exempt
  '',
  '```liquid',
  '{% for post in site.posts %}', // exempt
  '```',
  '',
  '    {{ indented code }}', // exempt
  '',
  // (On another host, so the link check leaves the image alone: a site path would be broken.)
  '<p>Raw <code>{% also exempt %}</code> but <img src="https://cdn.example.org/{{ site.baseurl }}/a.png" alt="A"></p>', // expression at 77
  '',
  'Before <style>table { color: red }</style> after.', // removed at 8
  '',
  '<template><p>Never shown</p></template>', // removed at 1
  '',
  '<svg><text>Label</text></svg> and <math><mi>x</mi></math>', // svg removed at 1, math at 35
  '',
  '<noscript>Fallback prose stays.</noscript>',
  '',
  '<!-- {% comment %} never published {% endcomment %} -->', // exempt
];
const lineOf = (n: number) => FRONTMATTER.length + 1 + n;

const EXPECTED: [line: number, column: number, starts: string][] = [
  [lineOf(0), 9, '"{% image "x.jpg" "A card" %}" looks like a Liquid or Nunjucks tag (Jekyll, Eleventy)'],
  [lineOf(0), 49, '"{{ image | url }}" looks like a Liquid or Nunjucks expression (Jekyll, Eleventy)'],
  [lineOf(1), 1, '"{{< youtube abc >}}" looks like a Hugo shortcode'],
  [lineOf(2), 10, '"{{% notice %}}" looks like a Hugo shortcode'],
  [lineOf(11), 77, '"{{ site.baseurl }}" looks like a Liquid or Nunjucks expression'],
  [lineOf(13), 8, '<style> removed with its content'],
  [lineOf(15), 1, '<template> removed with its content'],
  [lineOf(17), 1, '<svg> removed with its content'],
  [lineOf(17), 35, '<math> removed with its content'],
];

let root: string;
let cache: string;

async function buildOnce(): Promise<{ result: BuildResult; writer: MemoryWriter; warnings: string[] }> {
  const writer = new MemoryWriter();
  const result = await build({ root, writer, now: NOW, cacheDir: cache });
  const warnings = result.diagnostics
    .messages()
    .map(formatMessage)
    .filter((line) => line.startsWith(`${FILE}:`));
  return { result, writer, warnings };
}

let cold: Awaited<ReturnType<typeof buildOnce>>;

beforeAll(async () => {
  root = makeSite({
    'content/site.yaml': 'title: Migrated\nurl: https://migrated.example.org/\n',
    [FILE]: [...FRONTMATTER, ...BODY, ''].join('\n'),
  });
  cache = mkdtempSync(join(tmpdir(), 'masthead-warnings-cache-'));
  cold = await buildOnce().catch((error) => {
    throw new Error(error.diagnostics?.messages().map(formatMessage).join('\n') ?? error);
  });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe('warnings about bodies that would not come out as written', () => {
  it('reports each shortcode and each removed element at its line and column, and nothing in code', () => {
    const found = cold.warnings.map((line) => {
      const match = /^[^:]+:(\d+):(\d+): warning: (.*) \[(\w+)\]$/.exec(line);
      if (!match) throw new Error(`not a positioned warning: ${line}`);
      return [Number(match[1]), Number(match[2]), match[3]!, match[4]!] as const;
    });
    expect(found.map(([line, column]) => [line, column])).toEqual(EXPECTED.map(([line, column]) => [line, column]));
    found.forEach(([, , reason, rule], i) => {
      expect(reason.startsWith(EXPECTED[i]![2]), reason).toBe(true);
      expect(rule).toBe(reason.startsWith('<') ? 'removed' : 'shortcode');
    });
  });

  it('says what to write instead', () => {
    const text = cold.warnings.join('\n');
    expect(text).toContain('write a markdown image: ![What it shows](/media/photo.jpg "Caption")');
    expect(text).toContain('https://www.youtube-nocookie.com/embed/abc');
    expect(text).toContain("site.yaml's embeds");
    expect(text).toContain('styles belong in the site stylesheet under templates/assets/');
  });

  it('publishes neither the removed elements nor their content, and keeps prose fallbacks', () => {
    const body = select('.article__body', fromHtml(cold.writer.text('2023/06/migrated/index.html')))!;
    const text = toString(body);
    for (const gone of ['color: red', 'Never shown', 'Label']) expect(text).not.toContain(gone);
    expect(text).toContain('Before  after.');
    expect(text).toContain('Fallback prose stays.');
  });

  it('reports the same warnings on a warm build, whose bodies come from the cache', async () => {
    const warm = await buildOnce();
    expect(warm.result.stats.bodiesRendered).toBe(0);
    expect(warm.result.stats.bodiesReused).toBeGreaterThan(0);
    expect(warm.warnings).toEqual(cold.warnings);
  });
});
