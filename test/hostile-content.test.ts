// Hostile but well-formed content: scripts, event handlers and javascript:/data: links in a
// body, HTML in every frontmatter field and in authors.yaml and site.yaml, JSON-LD and CDATA
// break-outs, control characters. Such a site is not an error: it must build, and come out
// neutralised. Every HTML output is parsed and walked (no script but the JSON-LD, no event
// handler, no script URL, no iframe from a host the site does not allow, no markup break-out),
// the hostile strings must come back as text, every XML output must be well-formed and carry
// the titles intact, and the Nu HTML Checker must find the pages valid.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { build } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { buildInMemory, makeSite, NOW, runCli } from './helpers.ts';
import { elementsOf, elementTexts, rawAngleBracketsInAttributes, xmlProblems, xmlVisible } from './markup.ts';

// ---------------------------------------------------------------------------------------------
// The hostile site.

const SITE_URL = 'https://hostile.example.com/';
const ALLOWED_EMBED = 'www.youtube-nocookie.com';

const IMG = '<img src=x onerror=alert(1)>';
const BREAK = '"><script>alert(1)</script>';
const LD_BREAK = '</script><script>alert(1)</script>';

const SITE_TITLE = `The <script>alert(1)</script> Herald`;
const SITE_DESCRIPTION = `News ${BREAK} ${IMG}`;
const SECTION_TITLE = `Politics ${IMG}`;
const SECTION_DESCRIPTION = `Power ${BREAK}`;

const EVE = {
  name: `Eve ${IMG}`,
  role: `Editor ${BREAK}`,
  bio: `<b onclick="x()">Bio</b> ${LD_BREAK}`,
  linkLabel: `Site ${IMG}`,
  linkUrl: `https://example.com/?q=${BREAK}`,
};
const MALLORY = { name: `Mallory ${BREAK}`, role: `Reporter ${IMG}` };

interface Quote {
  text: string;
  by: string;
  role?: string;
  source?: string;
}

interface HostileArticle {
  file: string;
  /** Site path of the article page. */
  url: string;
  title: string;
  summary?: string;
  authors: { slug: string; name: string }[];
  tags: string[];
  section?: string;
  image?: { src: string; alt: string; caption: string; credit: string };
  quotes?: Quote[];
  corrections?: { date: string; text: string }[];
  aliases?: string[];
  date: string;
  body: string;
}

const FIELDS: HostileArticle = {
  file: 'content/articles/2023-06-30-fields.md',
  url: '/2023/06/fields/',
  title: `Fields ${IMG} ${BREAK} & 'quoted'`,
  summary: `Summary ${BREAK} ${IMG}`,
  authors: [
    { slug: 'eve', name: EVE.name },
    { slug: 'mallory', name: MALLORY.name },
  ],
  tags: [IMG, BREAK, `Tag ${LD_BREAK}`],
  section: 'politics',
  image: {
    src: 'https://images.example.com/photo.jpg',
    alt: `Alt ${BREAK}`,
    caption: `Caption ${IMG}`,
    credit: `Credit ${LD_BREAK}`,
  },
  quotes: [
    {
      text: `Quote ${IMG}`,
      by: `By ${BREAK}`,
      role: `Role <b onmouseover=alert(1)>x</b>`,
      source: `Source </cite><script>alert(1)</script>`,
    },
    { text: `Second ${BREAK}`, by: `Someone <script>alert(1)</script>` },
  ],
  corrections: [{ date: '2023-07-01', text: `Corrected ${IMG} ${BREAK}` }],
  aliases: [`/2019/o'ld&"story/`],
  date: '2023-06-30T09:00:00Z',
  body: ['First paragraph.', '::pullquote{n=1}', 'Second paragraph.', 'Third paragraph.', 'Fourth paragraph.'].join('\n\n'),
};

const BREAKOUT: HostileArticle = {
  file: 'content/articles/2023-06-30-breakout.md',
  url: '/2023/06/breakout/',
  title: `${LD_BREAK} JSON-LD <!-- comment --> \u2028 break-out`,
  summary: `${LD_BREAK} in the summary <!--`,
  authors: [{ slug: 'eve', name: EVE.name }],
  tags: ['Breakout'],
  date: '2023-06-30T08:00:00Z',
  body: 'Nothing to see.',
};

const CDATA: HostileArticle = {
  file: 'content/articles/2023-06-30-cdata.md',
  url: '/2023/06/cdata/',
  title: 'CDATA ]]> and <![CDATA[ in the title ]]>',
  summary: 'Summary with ]]> and <![CDATA[ x',
  authors: [{ slug: 'mallory', name: MALLORY.name }],
  tags: ['Breakout'],
  date: '2023-06-30T07:00:00Z',
  body: ['Body with ]]> and <![CDATA[ <script>alert(1)</script> ]]> inside.', '```\n]]> <![CDATA[ x ]]>\n```'].join('\n\n'),
};

const CONTROL: HostileArticle = {
  file: 'content/articles/2023-06-30-control.md',
  url: '/2023/06/control/',
  title: 'Control \u0001 and \u000b characters',
  summary: 'A summary with a \u0001 control character',
  authors: [],
  tags: ['Control \u0001 tag'],
  date: '2023-06-30T06:00:00Z',
  body: 'Plain body.',
};

/** Text that looks like XML/HTML entities must stay text: "&amp;" is five characters here. */
const ENTITIES: HostileArticle = {
  file: 'content/articles/2023-06-30-entities.md',
  url: '/2023/06/entities/',
  title: 'Entities AT&amp;T &lt;script&gt;alert(1)&lt;/script&gt; &nosuch; &#60;',
  summary: '&lt;img src=x onerror=alert(1)&gt; &amp; more',
  authors: [],
  tags: ['AT&amp;T'],
  date: '2023-06-30T05:00:00Z',
  body: 'Plain.',
};

const MARKER_LINK_TEXT = 'marker in an attribute';
/** Sanitizers let this title through; written back with "<" raw, it is one re-parse from markup. */
const MXSS_TITLE = '</noscript><img src=x onerror=alert(1)>';
const MXSS_TEXT = 'Title with markup';
const STYLE_RULE = 'body { display: none }';
const SAFE_LINK_TEXT = 'a safe link';

const BODY: HostileArticle = {
  file: 'content/articles/2023-06-28-body.md',
  url: '/2023/06/body/',
  title: 'Body attacks <b>bold</b>',
  authors: [{ slug: 'eve', name: EVE.name }],
  tags: ['Breakout'],
  quotes: [{ text: 'Body quote', by: 'Someone' }],
  date: '2023-06-28T12:00:00Z',
  body: [
    '<script>alert(1)</script>',
    '<div onclick="x()">Clickable div</div>',
    // Links that resolve: a broken one would be an error of its own (test/links.test.ts).
    '<img src=/media/x.svg onerror=alert(1)>',
    '[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) <a href="JaVaScRiPt:alert(1)">c</a> ' +
      '<a href="&#106;avascript:alert(1)">d</a> <a href=" javascript:alert(1)">e</a> ' +
      '<a href="java&#x09;script:alert(1)">f</a> [g](vbscript:msgbox(1)) [h](<javascript&#58;alert(1)>)',
    '<iframe src="https://evil.example/"></iframe>',
    `<iframe src="https://${ALLOWED_EMBED}/embed/x" title="Allowed embed"></iframe>`,
    `<style>${STYLE_RULE}</style>`,
    `<p title="${MXSS_TITLE}">${MXSS_TEXT}</p>`,
    '<form action="https://evil.example/"><input name="q"><button>Go</button></form>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
    '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">svg</a></svg>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel="stylesheet" href="https://evil.example/x.css">',
    '![i](javascript:alert(1)) <img src="data:image/svg+xml;base64,PHN2Zz4=" alt="data image">',
    `<a href="/about/" title="<!--masthead:pullquote:1-->">${MARKER_LINK_TEXT}</a>`,
    '::pullquote{n=1}',
    'Text with ]]> and <![CDATA[ x ]]> in it.',
    `And [${SAFE_LINK_TEXT}](https://example.com/) stays.`,
  ].join('\n\n'),
};

const ARTICLES = [FIELDS, BREAKOUT, CDATA, CONTROL, ENTITIES, BODY];

const PAGE = {
  file: 'content/pages/about.md',
  url: '/about/',
  title: `About ${IMG}`,
  summary: BREAK,
  body: '<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x()">About</b> us.',
};

/** A YAML double-quoted scalar holding exactly `text` (JSON strings are valid YAML). */
const y = (text: string) => JSON.stringify(text);

function frontmatter(a: HostileArticle): string {
  const lines = [`title: ${y(a.title)}`, `date: ${a.date}`];
  if (a.authors.length > 0) lines.push(`author: [${a.authors.map((x) => x.slug).join(', ')}]`);
  if (a.summary !== undefined) lines.push(`summary: ${y(a.summary)}`);
  if (a.section) lines.push(`section: ${a.section}`);
  lines.push(`tags: [${a.tags.map(y).join(', ')}]`);
  if (a.image) {
    const { src, alt, caption, credit } = a.image;
    lines.push('image:', `  src: ${y(src)}`, `  alt: ${y(alt)}`, `  caption: ${y(caption)}`, `  credit: ${y(credit)}`);
  }
  if (a.quotes) {
    lines.push('quotes:');
    for (const q of a.quotes) {
      lines.push(`  - text: ${y(q.text)}`, `    by: ${y(q.by)}`);
      if (q.role) lines.push(`    role: ${y(q.role)}`);
      if (q.source) lines.push(`    source: ${y(q.source)}`);
    }
  }
  if (a.corrections) {
    lines.push('corrections:');
    for (const c of a.corrections) lines.push(`  - date: ${c.date}`, `    text: ${y(c.text)}`);
  }
  if (a.aliases) lines.push(`aliases: [${a.aliases.map(y).join(', ')}]`);
  return `---\n${lines.join('\n')}\n---\n\n${a.body}\n`;
}

function hostileFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'content/site.yaml': [
      `title: ${y(SITE_TITLE)}`,
      `url: ${SITE_URL}`,
      `description: ${y(SITE_DESCRIPTION)}`,
      `embeds: [${ALLOWED_EMBED}]`,
      'sections:',
      '  - slug: politics',
      `    title: ${y(SECTION_TITLE)}`,
      `    description: ${y(SECTION_DESCRIPTION)}`,
      '',
    ].join('\n'),
    'content/authors.yaml': [
      'eve:',
      `  name: ${y(EVE.name)}`,
      `  role: ${y(EVE.role)}`,
      `  bio: ${y(EVE.bio)}`,
      '  links:',
      `    - label: ${y(EVE.linkLabel)}`,
      `      url: ${y(EVE.linkUrl)}`,
      'mallory:',
      `  name: ${y(MALLORY.name)}`,
      `  role: ${y(MALLORY.role)}`,
      '',
    ].join('\n'),
    [PAGE.file]: `---\ntitle: ${y(PAGE.title)}\nsummary: ${y(PAGE.summary)}\n---\n\n${PAGE.body}\n`,
    'content/media/x.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  };
  for (const article of ARTICLES) files[article.file] = frontmatter(article);
  return files;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by every HTML document and fragment.

/** hast property names of attributes that hold a URL a browser may follow or load. */
const URL_PROPERTIES = [
  'href',
  'src',
  'srcSet',
  'action',
  'formAction',
  'data',
  'poster',
  'cite',
  'background',
  'xLinkHref',
  'ping',
  'longDesc',
  'codeBase',
  'manifest',
  'icon',
  'archive',
  'classId',
  'itemId',
];

/** Elements that must never appear in output, whatever the content says. */
const FORBIDDEN_ELEMENTS = ['style', 'form', 'object', 'embed', 'applet', 'base', 'frame', 'frameset', 'noscript', 'template'];

function attribute(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  if (value === undefined || value === null || value === false) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** How a browser reads a URL's scheme: tabs, newlines and spaces ignored, any case. */
function isScriptUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const normalized = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return /^(javascript|vbscript|data):/.test(normalized);
}

function describeElement(element: Element): string {
  const attributes = Object.entries(element.properties)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `<${element.tagName}${attributes ? ` ${attributes}` : ''}>`;
}

/**
 * Every problem in a parsed document or fragment: scripts (`allowedScripts` JSON-LD ones
 * allowed), event handlers, script URLs, iframes from hosts not allowed, forbidden elements and
 * attribute names that show markup broke out of an attribute value.
 */
function safetyProblems(where: string, tree: Root, allowedScripts: number): string[] {
  const problems: string[] = [];
  let scripts = 0;
  for (const element of elementsOf(tree)) {
    const tag = element.tagName.toLowerCase();
    if (tag === 'script') {
      scripts++;
      const type = attribute(element, 'type');
      if (type !== 'application/ld+json' || element.properties.src !== undefined)
        problems.push(`${where}: executable script ${describeElement(element)} ${JSON.stringify(toString(element).slice(0, 60))}`);
    }
    if (FORBIDDEN_ELEMENTS.includes(tag)) problems.push(`${where}: forbidden element ${describeElement(element)}`);
    if (tag === 'iframe') {
      const src = attribute(element, 'src') ?? '';
      let host: string | undefined;
      try {
        const url = new URL(src);
        host = url.protocol === 'https:' ? url.hostname : undefined;
      } catch {
        host = undefined;
      }
      if (host !== ALLOWED_EMBED) problems.push(`${where}: iframe from a host not allowed: ${describeElement(element)}`);
    }
    for (const name of Object.keys(element.properties)) {
      if (/^on/i.test(name)) problems.push(`${where}: event handler attribute "${name}" on ${describeElement(element)}`);
      if (!/^[A-Za-z][A-Za-z0-9:_.-]*$/.test(name))
        problems.push(
          `${where}: malformed attribute name ${JSON.stringify(name)} (markup broke out of an attribute) on ${describeElement(element)}`,
        );
    }
    for (const name of URL_PROPERTIES) {
      const value = element.properties[name];
      const urls = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
      for (const url of urls) {
        if (isScriptUrl(url)) problems.push(`${where}: script URL in ${name}: ${describeElement(element)}`);
      }
    }
    if (tag === 'meta' && /refresh/i.test(attribute(element, 'httpEquiv') ?? '')) {
      const target = (attribute(element, 'content') ?? '').replace(/^[^;]*;\s*(url\s*=\s*)?/i, '');
      if (isScriptUrl(target)) problems.push(`${where}: meta refresh to a script URL: ${describeElement(element)}`);
    }
  }
  if (scripts > allowedScripts) problems.push(`${where}: ${scripts} script elements, expected at most ${allowedScripts}`);
  return problems;
}

/** HTML cannot carry C0/C1 control characters (other than whitespace); compare without them. */
function withoutControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g, '');
}

/** The inside of each RSS item. */
function xmlItems(xml: string): string[] {
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => m[1]!);
}

function textOf(tree: Root | Element | undefined, what: string): string {
  if (!tree) throw new Error(`not found: ${what}`);
  return toString(tree);
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------

let writer: MemoryWriter;
let warnings: string[];
const trees = new Map<string, Root>();

function page(sitePath: string): Root {
  const path = sitePath.endsWith('/') ? `${sitePath.slice(1)}index.html` : sitePath.slice(1);
  const tree = trees.get(path);
  if (!tree) throw new Error(`no HTML output ${path}; outputs: ${[...trees.keys()].join(', ')}`);
  return tree;
}

const htmlPaths = () => [...writer.files.keys()].filter((p) => p.endsWith('.html'));
const xmlPaths = () => [...writer.files.keys()].filter((p) => p.endsWith('.xml'));
const rssPaths = () => xmlPaths().filter((p) => p.endsWith('feed.xml'));

let hostileRoot: string;

beforeAll(async () => {
  hostileRoot = makeSite(hostileFiles());
  const built = await buildInMemory(hostileRoot);
  writer = built.writer;
  warnings = built.result.diagnostics.messages().map(formatMessage);
  for (const path of htmlPaths()) trees.set(path, fromHtml(writer.text(path)));
});

afterAll(() => rmSync(hostileRoot, { recursive: true, force: true }));

describe('a site full of hostile content', () => {
  it('builds without errors (hostile content is neutralised, not refused)', () => {
    expect(warnings.filter((line) => / error: /.test(line))).toEqual([]);
    for (const article of ARTICLES) expect(writer.files.has(`${article.url.slice(1)}index.html`), article.url).toBe(true);
    expect(writer.files.has('about/index.html')).toBe(true);
  });

  it('warns about the iframe from a host the site does not allow', () => {
    expect(warnings.some((line) => line.startsWith(`${BODY.file}:`) && line.includes('evil.example'))).toBe(true);
  });

  it('has no script in any page but one JSON-LD block per article page', () => {
    const articlePaths = new Set(ARTICLES.map((a) => `${a.url.slice(1)}index.html`));
    const problems: string[] = [];
    for (const [path, tree] of trees) {
      const scripts = selectAll('script', tree);
      const expected = articlePaths.has(path) ? 1 : 0;
      if (scripts.length !== expected) problems.push(`${path}: ${scripts.length} script elements, expected ${expected}`);
      for (const script of scripts) {
        if (attribute(script, 'type') !== 'application/ld+json') problems.push(`${path}: script ${describeElement(script)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no event handler, script URL, forbidden element, foreign iframe or broken-out attribute in any page', () => {
    expect(htmlPaths().length).toBeGreaterThan(10);
    const problems = [...trees].flatMap(([path, tree]) => safetyProblems(path, tree, 1));
    expect(problems).toEqual([]);
  });

  it('keeps what is safe in the body: the allowed embed, a plain link, plain text', () => {
    const body = select('.article__body', page(BODY.url))!;
    const iframes = selectAll('iframe', body);
    expect(iframes.map((f) => attribute(f, 'src'))).toEqual([`https://${ALLOWED_EMBED}/embed/x`]);
    const safe = selectAll('a', body).find((a) => toString(a) === SAFE_LINK_TEXT);
    expect(safe && attribute(safe, 'href')).toBe('https://example.com/');
    // In HTML, "<![CDATA[ x ]]>" is a bogus comment, which the sanitizer drops; the rest is text.
    expect(squash(toString(body))).toMatch(/Text with \]\]> and (<!\[CDATA\[ x \]\]> )?in it\./);
    expect(squash(toString(body))).not.toContain('alert(1)</script>');
  });

  it('removes a <style> with its content, and says where it was', () => {
    expect(squash(toString(select('.article__body', page(BODY.url))!))).not.toContain(STYLE_RULE);
    const text = hostileFiles()[BODY.file]!;
    const line = text.slice(0, text.indexOf('<style>')).split('\n').length;
    expect(warnings).toContainEqual(
      expect.stringMatching(new RegExp(`^${BODY.file}:${line}:1: warning: <style> removed with its content: .* \\[removed\\]$`)),
    );
  });

  it('writes no "<" or ">" raw inside an attribute value, in pages or in feeds', () => {
    const problems: string[] = [];
    for (const path of htmlPaths()) problems.push(...rawAngleBracketsInAttributes(writer.text(path)).map((p) => `${path}: ${p}`));
    const feedBodies: [string, string][] = rssPaths().flatMap((path) =>
      xmlItems(writer.text(path)).map((item): [string, string] => [path, elementTexts(item, 'content:encoded')[0] ?? '']),
    );
    const json = JSON.parse(writer.text('feed.json')) as { items: { content_html: string }[] };
    feedBodies.push(...json.items.map((item): [string, string] => ['feed.json', item.content_html]));
    for (const [path, html] of feedBodies) problems.push(...rawAngleBracketsInAttributes(html, true).map((p) => `${path}: ${p}`));
    expect(problems).toEqual([]);
    // The check saw the hostile title, in every feed that has the article, and it kept its text.
    expect(feedBodies.filter(([, html]) => html.includes(MXSS_TEXT)).length).toBeGreaterThanOrEqual(2);
    const titled = selectAll('.article__body p[title]', page(BODY.url)).find((p) => toString(p) === MXSS_TEXT);
    expect(titled && attribute(titled, 'title')).toBe(MXSS_TITLE);
  });

  it('does not let an internal pull-quote marker in an attribute inject markup', () => {
    // `<a title="<!--masthead:pullquote:1-->">` is plain, well-formed HTML in a body: the link
    // must keep its href and the placed pull quote must appear once, where the body asked.
    const body = select('.article__body', page(BODY.url))!;
    const link = selectAll('a', body).find((a) => squash(toString(a)) === MARKER_LINK_TEXT);
    expect(link, 'the link carrying the marker in its title is intact').toBeDefined();
    expect(attribute(link!, 'href')).toBe('../../../about/');
    expect(attribute(link!, 'title') ?? '').not.toMatch(/<figure|pullquote"/);
    expect(selectAll('figure.pullquote', body)).toHaveLength(1);
  });

  it('shows each article title, summary, tags and authors as text', () => {
    for (const article of ARTICLES) {
      const tree = page(article.url);
      const where = article.url;
      expect(withoutControls(textOf(select('h1.article__title', tree), `${where} h1`)), where).toBe(withoutControls(article.title));
      expect(withoutControls(textOf(select('title', tree), `${where} title`)), where).toBe(
        withoutControls(`${article.title} | ${SITE_TITLE}`),
      );
      const ogTitle = select('meta[property="og:title"]', tree);
      expect(withoutControls(attribute(ogTitle!, 'content') ?? ''), where).toBe(withoutControls(`${article.title} | ${SITE_TITLE}`));
      if (article.summary !== undefined) {
        expect(withoutControls(textOf(select('p.dek', tree), `${where} dek`)), where).toBe(withoutControls(article.summary));
        const description = select('meta[name="description"]', tree);
        expect(withoutControls(attribute(description!, 'content') ?? ''), where).toBe(withoutControls(article.summary));
      }
      expect(
        selectAll('.article__tags .chip', tree).map((chip) => withoutControls(toString(chip))),
        where,
      ).toEqual(article.tags.map(withoutControls));
      expect(
        selectAll('meta[property="article:tag"]', tree).map((m) => withoutControls(attribute(m, 'content') ?? '')),
        where,
      ).toEqual(article.tags.map(withoutControls));
      expect(
        selectAll('.byline__authors a', tree).map((a) => toString(a)),
        where,
      ).toEqual(article.authors.map((a) => a.name));
    }
  });

  it('shows the image alt, caption and credit, the pull quotes and the corrections as text', () => {
    const tree = page(FIELDS.url);
    const image = FIELDS.image!;
    expect(attribute(select('figure.hero img', tree)!, 'alt')).toBe(image.alt);
    expect(textOf(select('.hero__caption', tree), 'caption')).toBe(image.caption);
    expect(textOf(select('.hero__credit', tree), 'credit')).toBe(image.credit);
    const quotes = selectAll('.article__body figure.pullquote', tree);
    expect(quotes.map((q) => squash(textOf(select('blockquote', q), 'quote text')))).toEqual(FIELDS.quotes!.map((q) => q.text));
    const [first, second] = quotes;
    expect(textOf(select('.role', first!), 'quote role')).toBe(FIELDS.quotes![0]!.role);
    expect(textOf(select('cite', first!), 'quote source')).toBe(FIELDS.quotes![0]!.source);
    expect(squash(textOf(select('figcaption', first!), 'quote caption'))).toBe(
      `${FIELDS.quotes![0]!.by}, ${FIELDS.quotes![0]!.role}, ${FIELDS.quotes![0]!.source}`,
    );
    expect(squash(textOf(select('figcaption', second!), 'second quote caption'))).toBe(FIELDS.quotes![1]!.by);
    const corrections = selectAll('.corrections li', tree).map((li) => squash(toString(li)));
    expect(corrections).toHaveLength(1);
    expect(corrections[0]!.endsWith(`: ${FIELDS.corrections![0]!.text}`), corrections[0]).toBe(true);
    expect(textOf(select('.kicker a', tree), 'section kicker')).toBe(SECTION_TITLE);
  });

  it('shows author names, roles, bios and links from authors.yaml as text', () => {
    const notes = selectAll('.author-note', page(FIELDS.url)).map((p) => squash(toString(p)));
    expect(notes).toEqual([`${EVE.name}, ${EVE.role}. ${EVE.bio}`]);
    const eve = page('/authors/eve/');
    expect(textOf(select('h1', eve), 'author h1')).toBe(EVE.name);
    expect(textOf(select('.profile__role', eve), 'role')).toBe(EVE.role);
    expect(textOf(select('.profile__bio', eve), 'bio')).toBe(EVE.bio);
    const link = select('.profile__links a', eve)!;
    expect(toString(link)).toBe(EVE.linkLabel);
    // The address is kept in its normalised form, so the quote and angle brackets are %-encoded.
    expect(attribute(link, 'href')).toBe(new URL(EVE.linkUrl).href);
    expect(attribute(link, 'href')).not.toMatch(/[<>"]/);
    const mallory = page('/authors/mallory/');
    expect(textOf(select('h1', mallory), 'author h1')).toBe(MALLORY.name);
    expect(textOf(select('.profile__role', mallory), 'role')).toBe(MALLORY.role);
    const listed = selectAll('h2 a, h3 a', page('/authors/')).map((a) => toString(a));
    expect(listed).toEqual(expect.arrayContaining([EVE.name, MALLORY.name]));
  });

  it('shows site, section, tag and page texts as text', () => {
    const home = page('/');
    expect(textOf(select('h1.masthead__title', home), 'home h1')).toBe(SITE_TITLE);
    expect(squash(textOf(select('.site-footer__about p:not(.site-footer__title)', home), 'footer description'))).toBe(SITE_DESCRIPTION);
    const cards = new Set(selectAll('.card__title a', home).map((a) => withoutControls(toString(a))));
    expect([...cards].sort()).toEqual(ARTICLES.map((a) => withoutControls(a.title)).sort());
    expect(textOf(select('h1', page('/politics/')), 'section h1')).toBe(SECTION_TITLE);
    expect(squash(textOf(select('.site-nav', home), 'nav'))).toContain(SECTION_TITLE);
    const topics = selectAll('.tag-index a', page('/tags/')).map((a) => withoutControls(toString(a)));
    const allTags = [...new Set(ARTICLES.flatMap((a) => a.tags))].map(withoutControls);
    expect([...topics].sort()).toEqual([...allTags].sort());
    const tagPages = [...trees.keys()].filter((p) => /^tags\/[^/]+\/index\.html$/.test(p));
    expect(tagPages.map((p) => withoutControls(textOf(select('h1', trees.get(p)!), p))).sort()).toEqual([...allTags].sort());
    const about = page(PAGE.url);
    expect(textOf(select('h1', about), 'page h1')).toBe(PAGE.title);
    expect(textOf(select('p.dek', about), 'page dek')).toBe(PAGE.summary);
  });

  it('escapes the redirect page of an alias whose path holds quotes and an ampersand', () => {
    const alias = trees.get(`${FIELDS.aliases![0]!.slice(1)}index.html`);
    expect(alias, 'the alias page exists').toBeDefined();
    const link = select('a', alias!)!;
    expect(new URL(attribute(link, 'href')!, `https://x.invalid${FIELDS.aliases![0]}`).pathname).toBe(FIELDS.url);
    expect(safetyProblems('alias', alias!, 0)).toEqual([]);
  });
});

describe('JSON-LD on hostile article pages', () => {
  interface NewsArticle {
    headline: string;
    description?: string;
    keywords: string[];
    author: { name: string }[];
    publisher: { name: string };
  }

  function jsonLd(url: string): { raw: string; data: NewsArticle } {
    const script = select('script[type="application/ld+json"]', page(url));
    if (!script) throw new Error(`no JSON-LD on ${url}`);
    const raw = toString(script);
    return { raw, data: JSON.parse(raw) as NewsArticle };
  }

  it('is one block per article that parses, with no "<" that could close the element', () => {
    for (const article of ARTICLES) {
      const { raw } = jsonLd(article.url);
      expect(raw, article.url).not.toContain('<');
    }
  });

  it('round-trips the title, summary, tags, authors and publisher exactly', () => {
    for (const article of ARTICLES) {
      const { data } = jsonLd(article.url);
      // Control characters are dropped from what is shown (HTML and XML cannot carry them).
      expect(data.headline, article.url).toBe(withoutControls(article.title));
      expect(data.description, article.url).toBe(article.summary === undefined ? undefined : withoutControls(article.summary));
      expect(data.keywords, article.url).toEqual(article.tags.map(withoutControls));
      expect(
        data.author.map((a) => a.name),
        article.url,
      ).toEqual(article.authors.map((a) => a.name));
      expect(data.publisher.name).toBe(SITE_TITLE);
    }
  });
});

describe('feeds and sitemaps of the hostile site', () => {
  const titleByUrl = () => new Map(ARTICLES.map((a) => [`${SITE_URL}${a.url.slice(1)}`, withoutControls(a.title)]));

  it('writes every XML output well-formed, with only characters XML 1.0 allows and no raw "<script"', () => {
    const paths = xmlPaths();
    expect(paths).toEqual(
      expect.arrayContaining(['feed.xml', 'sitemap.xml', 'news-sitemap.xml', 'politics/feed.xml', 'authors/eve/feed.xml']),
    );
    expect(paths.filter((p) => p.startsWith('tags/'))).toHaveLength(new Set(ARTICLES.flatMap((a) => a.tags)).size);
    const problems: string[] = [];
    for (const path of paths) {
      const xml = writer.text(path);
      try {
        create(xml);
      } catch (error) {
        problems.push(`${path}: not well-formed: ${String(error).split('\n')[0]}`);
      }
      problems.push(...xmlProblems(xml).map((problem) => `${path}: ${problem}`));
      if (/<script/i.test(xml)) problems.push(`${path}: raw "<script" in the XML`);
    }
    expect(problems).toEqual([]);
  });

  it('RSS feeds parse in a feed reader (@rowanmanning/feed-parser) with every item title intact', () => {
    // That parser decodes entities a second time (a title "&amp;" comes out as "&" from any
    // feed), so titles holding "&" are checked on the XML itself in the next test.
    const titles = titleByUrl();
    const problems: string[] = [];
    for (const path of rssPaths()) {
      const feed = parseFeed(writer.text(path));
      if (feed.items.length === 0) problems.push(`${path}: no items`);
      for (const item of feed.items) {
        const expected = titles.get(item.url ?? '');
        if (expected === undefined) problems.push(`${path}: item with unknown link ${item.url}`);
        else if (!expected.includes('&') && item.title !== xmlVisible(expected).trim())
          problems.push(`${path}: title ${JSON.stringify(item.title)}, expected ${JSON.stringify(xmlVisible(expected))}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('RSS item titles, descriptions, categories and creators come back exactly from the XML', () => {
    const problems: string[] = [];
    for (const path of rssPaths()) {
      for (const item of xmlItems(writer.text(path))) {
        const link = elementTexts(item, 'link')[0];
        const article = ARTICLES.find((a) => `${SITE_URL}${a.url.slice(1)}` === link);
        if (!article) {
          problems.push(`${path}: item with unknown link ${link}`);
          continue;
        }
        const compare = (what: string, got: string[], want: string[]) => {
          if (JSON.stringify(got.map(xmlVisible)) !== JSON.stringify(want.map(xmlVisible)))
            problems.push(`${path} ${article.url} ${what}: ${JSON.stringify(got)}, expected ${JSON.stringify(want.map(xmlVisible))}`);
        };
        compare('title', elementTexts(item, 'title'), [article.title]);
        // A description is HTML to a feed reader: the summary must come back as its text, no element.
        const descriptions = elementTexts(item, 'description').map((html) => fromHtml(html, { fragment: true }));
        compare('description', descriptions.map(toString), [article.summary ?? '']);
        if (descriptions.some((tree) => elementsOf(tree).length > 0)) problems.push(`${path} ${article.url} description makes elements`);
        compare('category', elementTexts(item, 'category'), article.tags);
        compare(
          'dc:creator',
          elementTexts(item, 'dc:creator'),
          article.authors.map((a) => a.name),
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('RSS content:encoded holds the sanitized body: no script, no event handler, no markup break-out', () => {
    const problems: string[] = [];
    for (const path of rssPaths()) {
      for (const item of xmlItems(writer.text(path))) {
        const where = `${path} ${elementTexts(item, 'link')[0]}`;
        const html = elementTexts(item, 'content:encoded')[0] ?? '';
        if (/<script/i.test(html)) problems.push(`${where}: "<script" in content:encoded`);
        problems.push(...safetyProblems(where, fromHtml(html, { fragment: true }), 0));
      }
    }
    expect(problems).toEqual([]);
  });

  it('the site feed channel carries the hostile site title as text', () => {
    expect(parseFeed(writer.text('feed.xml')).title).toBe(SITE_TITLE);
  });

  it('news-sitemap.xml carries the titles and publication name intact', () => {
    const xml = writer.text('news-sitemap.xml');
    const titles = elementTexts(xml, 'news:title');
    const recent = ARTICLES.filter((a) => a.date >= '2023-06-29T12:00');
    expect([...titles].sort()).toEqual(recent.map((a) => xmlVisible(a.title)).sort());
    const names = new Set(elementTexts(xml, 'news:name'));
    expect([...names]).toEqual([SITE_TITLE]);
  });

  it('sitemap.xml lists every article at its plain URL', () => {
    const locs = elementTexts(writer.text('sitemap.xml'), 'loc');
    expect(locs).toEqual(expect.arrayContaining(ARTICLES.map((a) => `${SITE_URL}${a.url.slice(1)}`)));
    for (const loc of locs) expect(loc.startsWith(SITE_URL), loc).toBe(true);
  });

  it('feed.json parses, carries every title exactly and has no active content', () => {
    const feed = JSON.parse(writer.text('feed.json')) as {
      title: string;
      items: { url: string; title: string; summary?: string; content_html: string; tags: string[] }[];
    };
    expect(feed.title).toBe(SITE_TITLE);
    const titles = titleByUrl();
    expect(feed.items).toHaveLength(ARTICLES.length);
    for (const item of feed.items) {
      expect(item.title, item.url).toBe(titles.get(item.url));
      expect(item.content_html.toLowerCase(), item.url).not.toContain('<script');
      expect(safetyProblems(`feed.json ${item.url}`, fromHtml(item.content_html, { fragment: true }), 0)).toEqual([]);
    }
  });
});

describe('URLs from authors.yaml that would run script', () => {
  // Not HTML, but content reaching an attribute: an avatar or link that is a script URL is
  // either refused with a positioned error or never printed as one.
  const cases: [string, string][] = [
    ['avatar', '  avatar: "javascript:alert(1)"'],
    ['avatar', '  avatar: " JaVaScRiPt:alert(1)"'],
    ['links', '  links:\n    - label: Home\n      url: "javascript:alert(1)"'],
  ];
  it.each(cases)('%s: %s', async (field, yaml) => {
    const root = makeSite({
      'content/site.yaml': `title: Herald\nurl: ${SITE_URL}\n`,
      'content/authors.yaml': `eve:\n  name: Eve\n${yaml}\n`,
      'content/articles/story.md': '---\ntitle: A story\ndate: 2023-06-30\nauthor: eve\n---\n\nText.\n',
    });
    const memory = new MemoryWriter();
    try {
      await build({ root, writer: memory, now: NOW });
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      const lines = error.diagnostics.messages().map(formatMessage);
      expect(
        lines.some((line) => line.startsWith('content/authors.yaml:') && line.includes(' error: ')),
        lines.join('\n'),
      ).toBe(true);
      return;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const problems = [...memory.files.keys()]
      .filter((p) => p.endsWith('.html'))
      .flatMap((p) => safetyProblems(`${field} ${p}`, fromHtml(memory.text(p)), 1));
    expect(problems).toEqual([]);
  });
});

describe('the hostile site is valid HTML (Nu HTML Checker)', () => {
  let root: string;
  let out: string;

  beforeAll(() => {
    root = makeSite(hostileFiles());
    out = mkdtempSync(join(tmpdir(), 'masthead-hostile-out-'));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('builds with the CLI and vnu --errors-only finds nothing', async () => {
    const target = join(out, 'public');
    const run = await runCli(['build', '--root', root, '--out', target, '--now', NOW.toUTC().toISO()!]);
    expect(run.code, run.stderr).toBe(0);
    const jar = String(createRequire(import.meta.url)('vnu-jar'));
    // C1-only JIT and the serial GC start the JVM fast for one short batch run.
    const args = [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-Xss8m',
      '-jar',
      jar,
      '--errors-only',
      '--format',
      'json',
      '--stdout',
      '--verbose',
      '--skip-non-html',
      target,
    ];
    const [stdout, stderr] = await new Promise<[string, string]>((done, fail) => {
      execFile('java', args, { maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
        // vnu exits 1 when it finds errors: that is a result, not a failure of the run.
        if (error && typeof error.code !== 'number') fail(new Error(`could not run java -jar vnu.jar: ${error.message}`));
        else if (!out.trim().startsWith('{')) fail(new Error(`vnu printed no JSON:\n${out}\n${err}`));
        else done([out, err]);
      });
    });
    // --verbose lists each document checked: a set-up that checks nothing must not pass.
    const checked = stderr.split('\n').filter((line) => line.trim().endsWith('.html'));
    expect(checked.length, stderr).toBeGreaterThanOrEqual(20);
    const messages = (
      JSON.parse(stdout) as { messages: { type: string; url?: string; lastLine?: number; message: string; extract?: string }[] }
    ).messages;
    // One line per kind of error, with how often it occurs and where first, so a failure reads.
    const byMessage = new Map<string, { count: number; first: string }>();
    for (const m of messages.filter((m) => m.type === 'error' || m.type === 'non-document-error')) {
      const file = decodeURIComponent((m.url ?? '').replace(/^file:/, '')).replace(target, '');
      const seen = byMessage.get(m.message) ?? {
        count: 0,
        first: `${file}:${m.lastLine ?? 0} ${JSON.stringify((m.extract ?? '').slice(0, 80))}`,
      };
      byMessage.set(m.message, { ...seen, count: seen.count + 1 });
    }
    const errors = [...byMessage].map(([message, { count, first }]) => `${count}x ${message} (first at ${first})`);
    expect(errors).toEqual([]);
  }, 180_000);
});
