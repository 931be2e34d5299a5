// remark plugin: reports template syntax from other site generators, which masthead does not
// run and would publish as written: Hugo shortcodes ({{< x >}}, {{% x %}}), Liquid and Nunjucks
// tags ({% x %}) and expressions ({{ x }}) from Jekyll and Eleventy archives. Each is a warning
// at its position, naming what it looks like and what to write instead. Text in code spans,
// code blocks and raw <code>/<pre> is exempt (there the editor shows the syntax on purpose), and
// so are HTML comments, which are never published.
import type { Parent, Root } from 'mdast';
import type { Point } from 'unist';
import { walk } from '../walk.ts';
import type { VFile } from 'vfile';

const SYNTAX = /\{\{[<%][\s\S]{0,400}?[>%]\}\}|\{%[\s\S]{0,400}?%\}|\{\{[\s\S]{0,400}?\}\}/g;
/** Raw HTML whose text is not read as template syntax: code shown on purpose, and comments,
 * which are never published. */
const EXEMPT_HTML = /<(code|pre|kbd|samp)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;

const EMBED = "embed it with an <iframe> from a host listed in site.yaml's embeds";
const ADVICE: [RegExp, (argument: string | undefined) => string][] = [
  [
    /^(youtube|youtube_?nocookie)$/,
    (id) =>
      `${EMBED}, e.g. <iframe src="https://www.youtube-nocookie.com/embed/${id ?? 'VIDEO-ID'}" title="What the video shows"></iframe>`,
  ],
  [/^(vimeo|video|tweet|twitter|instagram|gist|embed|iframe|soundcloud|spotify|codepen|audio)$/, () => EMBED],
  [
    /^(image|img|images|figure|picture|photo|gallery|resize|responsive_?image|srcset|asset)$/,
    () => 'write a markdown image: ![What it shows](/media/photo.jpg "Caption")',
  ],
  [
    /^(quote|pullquote|blockquote)$/,
    () => 'add the quote to the frontmatter quotes and place it with ::pullquote{n=1}, or write > a blockquote',
  ],
  [/^(highlight|code|codeblock|raw|verbatim|prism)$/, () => 'write a fenced code block (```)'],
  [
    /^(link|post_url|link_to|ref|relref|url|relative_url|absolute_url|baseurl|site_url|permalink)$/,
    () => 'write the path itself, as in [the text](/2023/05/the-article/) or ![What it shows](/media/photo.jpg)',
  ],
  [/^(include|partial|render|import|extends|snippet)$/, () => 'masthead has no includes: write the text itself'],
];
const DEFAULT_ADVICE = 'write the text itself (in backticks if the syntax is meant to be shown)';

export function remarkReportShortcodes() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    walk(tree, (node) => {
      if ('url' in node && typeof node.url === 'string' && node.position) {
        const written = [{ value: node.url, start: node.position.start, end: node.position.end }];
        for (const match of node.url.matchAll(SYNTAX)) report(file, match[0], placeOf(source, written, match.index));
      }
      if (!('children' in node)) return;
      for (const run of textRuns(node as Parent)) {
        const text = run.map((part) => part.value).join('');
        const scanned = text.replace(EXEMPT_HTML, (code) => ' '.repeat(code.length));
        for (const match of scanned.matchAll(SYNTAX)) report(file, match[0], placeOf(source, run, match.index));
      }
    });
  };
}

interface RunPart {
  value: string;
  start?: Point;
  end?: Point;
}

/** Neighbouring text and raw HTML children, read as one string: `{{<youtube x>}}` parses as
 * text, an HTML tag and text again. */
function textRuns(parent: Parent): RunPart[][] {
  const runs: RunPart[][] = [];
  let run: RunPart[] = [];
  for (const child of parent.children) {
    if (child.type === 'text' || child.type === 'html')
      run.push({ value: child.value, start: child.position?.start, end: child.position?.end });
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Where the character at `index` of a run was written: exact when the node's text is its source
 * (escapes and blockquote markers make them differ; then the match is looked up in the source). */
function placeOf(source: string, run: RunPart[], index: number): Point | undefined {
  let offset = index;
  for (const part of run) {
    if (offset >= part.value.length) {
      offset -= part.value.length;
      continue;
    }
    const { start, end } = part;
    if (start?.offset === undefined || end?.offset === undefined) return start;
    const written = source.slice(start.offset, end.offset);
    const at = written === part.value ? offset : written.indexOf(part.value.slice(offset, offset + 2));
    return at < 0 ? start : advance(start, written.slice(0, at));
  }
  return run[0]?.start;
}

function advance(start: Point, text: string): Point {
  const lines = text.split('\n');
  const last = lines[lines.length - 1]!;
  return lines.length === 1
    ? { line: start.line, column: start.column + last.length }
    : { line: start.line + lines.length - 1, column: last.length + 1 };
}

function report(file: VFile, written: string, place: Point | undefined): void {
  const { looksLike, words } = classify(written);
  const advice = adviceFor(words);
  const shown = written.replace(/\s+/g, ' ');
  const quoted = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  file.message(`"${quoted}" looks like ${looksLike}, which masthead does not run (it is published as written): ${advice}`, {
    place,
    ruleId: 'shortcode',
  });
}

function classify(written: string): { looksLike: string; words: string[] } {
  const inner = written.slice(2, -2).replace(/^[<%-]?\s*\/?/, '');
  const words = inner.match(/[\w-]+/g) ?? [];
  if (/^\{\{[<%]/.test(written)) return { looksLike: 'a Hugo shortcode', words };
  if (written.startsWith('{%')) return { looksLike: 'a Liquid or Nunjucks tag (Jekyll, Eleventy)', words };
  return { looksLike: 'a Liquid or Nunjucks expression (Jekyll, Eleventy)', words };
}

function adviceFor(words: string[]): string {
  for (const [i, word] of words.entries()) {
    const name = word.toLowerCase().replace(/^end(?=\w)/, '');
    const found = ADVICE.find(([pattern]) => pattern.test(name));
    if (found) return found[1](i === 0 ? words.slice(1).find((w) => w !== 'id') : undefined);
  }
  return DEFAULT_ADVICE;
}
