// Property tests (fast-check, pinned seeds): any text as a title, tag or author name builds or
// fails with diagnostics, lands in safe paths and slugs and round-trips into the page and the
// feeds; any order and folder layout of the same files gives byte-identical output; any
// markdown-ish body builds without an internal error and never yields active content.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { withoutControlCharacters } from '../src/content/schema.ts';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { parse as parseYaml } from 'yaml';
import { build } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { slugFor } from '../src/site/slugs.ts';
import { authorUrl, tagUrl } from '../src/site/routes.ts';
import slugify from '@sindresorhus/slugify';
import { makeSite, NOW } from './helpers.ts';
import { elementsOf, elementTexts, xmlProblems, xmlVisible } from './markup.ts';

const SITE_URL = 'https://props.example.org/';
const SITE_YAML = `title: Property Post\nurl: ${SITE_URL}\nperPage: 2\nfeed:\n  items: 3\n`;
const SLUG = /^[a-z0-9-]+$/;

// ---------------------------------------------------------------------------------------------
// Helpers.

/**
 * A YAML double-quoted scalar holding exactly `text`: everything but printable ASCII escaped, so
 * the file is plain ASCII and YAML's own rules on line breaks and special characters never apply.
 */
function yamlString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

type Outcome = { ok: true; writer: MemoryWriter } | { ok: false; diagnostics: string[] };

/** Builds `root` in memory; a ContentError is an outcome, anything else thrown is a failure. */
async function tryBuild(root: string): Promise<Outcome> {
  const writer = new MemoryWriter();
  try {
    await build({ root, writer, now: NOW });
    return { ok: true, writer };
  } catch (error) {
    if (error instanceof ContentError) return { ok: false, diagnostics: error.diagnostics.messages().map(formatMessage) };
    throw error;
  }
}

/** Runs `body` on a throwaway site, removed afterwards. */
async function withSite<T>(files: Record<string, string>, body: (root: string) => Promise<T>): Promise<T> {
  const root = makeSite(files);
  try {
    return await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Why an output path is unsafe to write under the output folder, or undefined. */
function pathProblem(path: string): string | undefined {
  if (path === '') return 'empty';
  if (path.startsWith('/')) return 'leading "/"';
  if (path.includes('\\')) return 'backslash';
  if (path.includes('\0')) return 'NUL';
  const segments = path.split('/');
  if (segments.some((s) => s === '')) return 'empty segment';
  if (segments.some((s) => s === '.' || s === '..')) return '"." or ".." segment';
  return undefined;
}

const URL_PROPERTIES = ['href', 'src', 'srcSet', 'action', 'formAction', 'data', 'poster', 'cite', 'background', 'xLinkHref', 'ping'];

/** Script elements, event handlers, script URLs, iframes (no embeds are allowed) and broken-out attributes. */
function activeContent(tree: Root | Element): string[] {
  const problems: string[] = [];
  for (const element of elementsOf(tree)) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'style', 'form', 'base'].includes(tag)) problems.push(`<${tag}> element`);
    for (const [name, value] of Object.entries(element.properties)) {
      if (/^on/i.test(name)) problems.push(`event handler ${name} on <${tag}>`);
      if (!/^[A-Za-z][A-Za-z0-9:_.-]*$/.test(name)) problems.push(`malformed attribute name ${JSON.stringify(name)} on <${tag}>`);
      if (!URL_PROPERTIES.includes(name)) continue;
      for (const url of Array.isArray(value) ? value.map(String) : [String(value)]) {
        // eslint-disable-next-line no-control-regex
        if (/^(javascript|vbscript|data):/.test(url.replace(/[\u0000-\u0020]/g, '').toLowerCase()))
          problems.push(`${name}=${JSON.stringify(url)} on <${tag}>`);
      }
    }
  }
  return problems;
}

/** Text as the HTML parser gives it back: line breaks normalised, NUL dropped, and C0/C1
 * controls (which HTML forbids) ignored, so both keeping and dropping them pass. */
function htmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g, '');
}

/**
 * The text of each `name` element, decoded as a conforming XML parser does. The document must
 * also parse with xmlbuilder2, but its parser decodes "&amp;#60;" to "<" (one level too far),
 * so it cannot be trusted with escaped HTML; the elements read here hold text only.
 */
function xmlTexts(xml: string, name: string): string[] {
  expect(() => create(xml)).not.toThrow();
  return elementTexts(xml, name);
}

// ---------------------------------------------------------------------------------------------
// Arbitrary text.

/** Texts that have broken slug and path code elsewhere. */
const TRICKY = [
  '',
  ' ',
  '\t\n',
  '\u00a0',
  '\ufeff',
  '\u200b',
  '-',
  '---',
  '.',
  '..',
  '/',
  '../../etc/passwd',
  '\\',
  'a\\b',
  '\u0000',
  '\u0001\u000b',
  'a\rb',
  'x\u2028y',
  '\u0085',
  '\ufffe',
  '\ud83d',
  'Россия',
  '日本語',
  'عربي',
  '🇦🇲',
  '👩‍👩‍👧',
  'ÅÄÖ åäö',
  'İstanbul',
  'ß',
  'ﬁ',
  'e\u0301',
  'constructor',
  '__proto__',
  'toString',
  'index.html',
  'CON',
  '%2e%2e',
  '..%2f',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '{{ site.title }}',
  '{% raw %}',
  '&amp;',
  '&lt;b&gt;',
  '&nosuch;',
  ']]>',
  '<![CDATA[',
  'C++ & C#',
  '3:1',
  '2023',
];

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.constantFrom(...TRICKY),
  fc
    .tuple(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom(...TRICKY))
    .map((parts) => parts.join('')),
);

// ---------------------------------------------------------------------------------------------

describe('slugFor', () => {
  it('always gives a non-empty slug of lowercase letters, digits and hyphens, the same every time', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const slug = slugFor(text);
        expect(slug.length).toBeGreaterThan(0);
        expect(slug).toMatch(SLUG);
        expect(slugFor(text)).toBe(slug);
        expect(slugFor(slug), 'a slug is its own slug').toBe(slug);
      }),
      { seed: 20230701, numRuns: 2000 },
    );
  });

  it('gives, for text of any length, URLs whose every folder name fits a file system (255 bytes), apart when the texts slug apart', () => {
    // Long text of every kind: words, whole scripts, characters that transliterate to several
    // letters ("♥" is "love", "щ" is "sch"), and a shared long start with different ends.
    const expanding = fc.constantFrom('♥', 'щ', '&', 'ß', 'Æ', '🦄', 'Ω', ' ');
    const longText = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 100, maxLength: 1500 }),
      fc.string({ unit: expanding, minLength: 50, maxLength: 600 }),
      fc
        .tuple(fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 40 }))
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(longText, longText, (a, b) => {
        for (const text of [a, b]) {
          const slug = slugFor(text);
          expect(slug).toMatch(SLUG);
          expect(slugFor(slug), 'a slug is its own slug').toBe(slug);
          for (const url of [tagUrl(slug), `${tagUrl(slug)}page/2/index.html`, `${authorUrl(slug)}feed.xml`]) {
            expect(url.split('/').filter((part) => Buffer.byteLength(part) > 255)).toEqual([]);
          }
        }
        if (slugify(a) !== slugify(b)) expect(slugFor(a)).not.toBe(slugFor(b));
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });
});

describe('any text as a title, tag or author name', () => {
  it('builds (or fails with diagnostics when blank), into safe paths and slugs, and round-trips into the page and feeds', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, anyText, async (title, tag, author) => {
        // The test's own encoding must hold the text exactly.
        expect(parseYaml(`t: ${yamlString(title)}`)).toEqual({ t: title });
        const article = [
          '---',
          `title: ${yamlString(title)}`,
          'date: 2023-06-30T10:00:00Z',
          `author: ${yamlString(author)}`,
          `tags: [${yamlString(tag)}]`,
          '---',
          '',
          'Body text.',
          '',
        ].join('\n');
        await withSite({ 'content/site.yaml': SITE_YAML, 'content/articles/story.md': article }, async (root) => {
          const outcome = await tryBuild(root);
          const blank = [title, tag, author].some((text) => shown(text) === '');
          if (!outcome.ok) {
            expect(blank, `build failed for non-blank input:\n${outcome.diagnostics.join('\n')}`).toBe(true);
            expect(outcome.diagnostics.some((line) => line.startsWith('content/articles/story.md:'))).toBe(true);
            return;
          }
          const { writer } = outcome;
          const paths = [...writer.files.keys()];
          expect(paths.flatMap((p) => (pathProblem(p) ? [`${JSON.stringify(p)}: ${pathProblem(p)}`] : []))).toEqual([]);

          // Tag and author pages: one each, at a slug URL.
          const tagDirs = paths.flatMap((p) => /^tags\/([^/]+)\/index\.html$/.exec(p)?.slice(1) ?? []);
          const authorDirs = paths.flatMap((p) => /^authors\/([^/]+)\/index\.html$/.exec(p)?.slice(1) ?? []);
          expect(tagDirs).toEqual([slugFor(shown(tag))]);
          expect(authorDirs).toEqual([slugFor(shown(author))]);
          for (const segment of [...tagDirs, ...authorDirs]) expect(segment).toMatch(SLUG);

          // The article page shows the title, tag and author as text.
          const html = fromHtml(writer.text('2023/06/story/index.html'));
          expect(htmlText(toString(select('h1.article__title', html)!))).toBe(htmlText(shown(title)));
          expect(selectAll('.article__tags .chip', html).map((e) => htmlText(toString(e)))).toEqual([htmlText(shown(tag))]);
          expect(selectAll('.byline__authors a', html).map((e) => htmlText(toString(e)))).toEqual([htmlText(shown(author))]);
          const jsonLd = JSON.parse(toString(select('script[type="application/ld+json"]', html)!)) as { headline: string };
          expect(jsonLd.headline).toBe(shown(title));

          // feed.xml: well-formed, and the title, tag and author intact (minus what XML cannot hold).
          const xml = writer.text('feed.xml');
          expect(xmlProblems(xml)).toEqual([]);
          expect(xmlTexts(xml, 'title').slice(1).map(xmlVisible)).toEqual([xmlVisible(shown(title))]);
          expect(xmlTexts(xml, 'category').map(xmlVisible)).toEqual([xmlVisible(shown(tag))]);
          expect(xmlTexts(xml, 'dc:creator').map(xmlVisible)).toEqual([xmlVisible(shown(author))]);
          const feed = parseFeed(xml);
          expect(feed.items).toHaveLength(1);
          // The feed reader trims and decodes entities a second time; compare where that is moot.
          if (!title.includes('&')) expect(feed.items[0]!.title ?? '').toBe(xmlVisible(shown(title)).trim());

          // feed.json carries everything exactly.
          const json = JSON.parse(writer.text('feed.json')) as { items: { title: string; tags: string[]; authors: { name: string }[] }[] };
          expect(json.items[0]!.title).toBe(shown(title));
          expect(json.items[0]!.tags).toEqual([shown(tag)]);
          expect(json.items[0]!.authors.map((a) => a.name)).toEqual([shown(author)]);
        });
      }),
      { seed: 424242, numRuns: 60 },
    );
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------

describe('the order and folders input files are found in', () => {
  // Small pools so that ties happen: equal titles, equal instants written differently, tag and
  // author spellings that differ only in case.
  const NAMES = ['alpha', 'beta', '2023-06-01-gamma', 'delta-story', 'e', 'zeta-9'];
  const TITLES = ['Same title', 'Other title', 'Ärger im Amt', 'a title'];
  const DATES = ['2023-06-01', '2023-06-01T00:00:00Z', '2023-06-01T02:00:00+02:00', '2023-05-31T23:00', '2023-06-15T10:00'];
  const TAGS = ['Russia', 'russia', 'RUSSIA', 'Armenia', 'armenia', 'Trade', 'trade'];
  const AUTHORS = ['Ann Lee', 'ann lee', 'ANN LEE', 'Bob Ray'];
  const FOLDERS = ['', '2023/', 'x/y/'];

  const articleArb = fc.record({
    title: fc.constantFrom(...TITLES),
    date: fc.constantFrom(...DATES),
    tags: fc.subarray(TAGS, { maxLength: 3 }),
    authors: fc.subarray(AUTHORS, { maxLength: 2 }),
  });
  const placement = fc.record({ order: fc.nat(), folder: fc.constantFrom(...FOLDERS) });
  const inputArb = fc
    .shuffledSubarray(NAMES, { minLength: 3, maxLength: 6 })
    .chain((names) =>
      fc.tuple(
        fc.constant(names),
        fc.array(articleArb, { minLength: names.length, maxLength: names.length }),
        fc.array(placement, { minLength: names.length, maxLength: names.length }),
        fc.array(placement, { minLength: names.length, maxLength: names.length }),
      ),
    );

  interface Source {
    title: string;
    date: string;
    tags: string[];
    authors: string[];
  }

  function text(a: Source): string {
    const lines = ['---', `title: ${yamlString(a.title)}`, `date: ${a.date}`, `tags: [${a.tags.map(yamlString).join(', ')}]`];
    if (a.authors.length > 0) lines.push(`author: [${a.authors.map(yamlString).join(', ')}]`);
    return `${lines.join('\n')}\n---\n\nBody of ${a.title}.\n`;
  }

  it('gives byte-identical output', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, async ([names, articles, first, second]) => {
        const builds: MemoryWriter[] = [];
        for (const placements of [first, second]) {
          const order = names.map((_, i) => i).sort((i, j) => placements[i]!.order - placements[j]!.order || i - j);
          // makeSite writes files in the order given; the folder of each file varies too.
          const files: Record<string, string> = { 'content/site.yaml': SITE_YAML };
          for (const i of order) files[`content/articles/${placements[i]!.folder}${names[i]}.md`] = text(articles[i]!);
          const outcome = await withSite(files, tryBuild);
          if (!outcome.ok) throw new Error(`build failed:\n${outcome.diagnostics.join('\n')}`);
          builds.push(outcome.writer);
        }
        const [a, b] = builds as [MemoryWriter, MemoryWriter];
        expect([...b.files.keys()]).toEqual([...a.files.keys()]);
        const differing = [...a.files.keys()].filter((path) => !Buffer.from(a.files.get(path)!).equals(Buffer.from(b.files.get(path)!)));
        expect(differing).toEqual([]);
      }),
      { seed: 1729, numRuns: 30 },
    );
  }, 120_000);

  it('gives byte-identical output when files are written to disk in a different order', async () => {
    // The same check once with the files created one by one in opposite orders in one folder,
    // so that directory order (not only the file set) differs between the two builds.
    const names = NAMES;
    const bodies = names.map((name, i) =>
      text({
        title: TITLES[i % TITLES.length]!,
        date: DATES[i % 2]!,
        tags: [TAGS[i % TAGS.length]!],
        authors: [AUTHORS[i % AUTHORS.length]!],
      }),
    );
    const outputs: MemoryWriter[] = [];
    for (const order of [names.map((_, i) => i), names.map((_, i) => names.length - 1 - i)]) {
      await withSite({ 'content/site.yaml': SITE_YAML }, async (root) => {
        for (const i of order) {
          const path = join(root, 'content', 'articles', `${names[i]}.md`);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, bodies[i]!);
        }
        const outcome = await tryBuild(root);
        if (!outcome.ok) throw new Error(outcome.diagnostics.join('\n'));
        outputs.push(outcome.writer);
      });
    }
    const [a, b] = outputs as [MemoryWriter, MemoryWriter];
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    expect([...a.files.keys()].filter((path) => !Buffer.from(a.files.get(path)!).equals(Buffer.from(b.files.get(path)!)))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('any markdown-ish body', () => {
  const FRAGMENTS = [
    '<script>',
    '</script>',
    'alert(1)',
    '<script>alert(1)</script>',
    '](javascript:',
    '[x](javascript:alert(1))',
    '[x](',
    ')',
    '](',
    '[',
    ']',
    '<',
    '>',
    '"',
    "'",
    '=',
    '::pullquote{n=1}',
    '\n::pullquote{n=1}\n',
    ':::note',
    ':x[y]{z=1}',
    '|',
    '| a | b |\n|---|---|\n| c | d |',
    '*',
    '**',
    '_',
    '`',
    '```',
    '~~~',
    '> ',
    '- ',
    '1. ',
    '# ',
    '---',
    '[^1]',
    '[^1]: note',
    '<img onerror=',
    '<img src=x onerror=alert(1)>',
    'src=x ',
    'onerror=alert(1)',
    '<a href="',
    '<a href="javascript:alert(1)">',
    '&#106;avascript:',
    'java\tscript:',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '<svg onload=alert(1)>',
    '<math><mi xlink:href="javascript:alert(1)">',
    '<iframe src="https://evil.example/">',
    '<style>',
    '<form>',
    '<object data=x>',
    '<div onclick="x()">',
    '<textarea>',
    '<title>',
    '<noscript>',
    '<template>',
    '<plaintext>',
    '<xmp>',
    '<!--',
    '-->',
    '<!--masthead:pullquote:1-->',
    '[t](/p "<!--masthead:pullquote:1-->")',
    '[t](/p "',
    '")',
    '<a title="',
    '">',
    '<![CDATA[',
    ']]>',
    '&lt;script&gt;',
    '&amp;',
    '\\',
    '\u0000',
    '\u000b',
    '\r\n',
  ];
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
  const bodyArb = fc
    .array(fc.tuple(piece, fc.constantFrom('', '', ' ', '\n', '\n\n')), { maxLength: 30, size: 'max' })
    .map((parts) => parts.map(([p, s]) => p + s).join(''));

  it('builds without an internal error and yields no script, event handler or script URL', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const article = `---\ntitle: Random body\ndate: 2023-06-30T10:00:00Z\nquotes:\n  - text: A quote\n    by: Someone\n---\n\n${body}\n`;
        await withSite({ 'content/site.yaml': SITE_YAML, 'content/articles/random.md': article }, async (root) => {
          const outcome = await tryBuild(root);
          if (!outcome.ok) {
            // Only content problems may fail the build, each on the article.
            expect(
              outcome.diagnostics.every((line) => line.startsWith('content/articles/random.md:')),
              outcome.diagnostics.join('\n'),
            ).toBe(true);
            return;
          }
          const page = fromHtml(outcome.writer.text('2023/06/random/index.html'));
          const articleBody = select('.article__body', page);
          expect(articleBody).toBeDefined();
          expect(activeContent(articleBody!)).toEqual([]);
          const scripts = selectAll('script', page);
          expect(scripts.map((s) => s.properties.type)).toEqual(['application/ld+json']);
          expect(activeContent(page).filter((p) => p !== '<script> element')).toEqual([]);

          const json = JSON.parse(outcome.writer.text('feed.json')) as { items: { content_html: string }[] };
          expect(activeContent(fromHtml(json.items[0]!.content_html, { fragment: true }))).toEqual([]);
          const xml = outcome.writer.text('feed.xml');
          expect(xmlProblems(xml)).toEqual([]);
          const encoded = xmlTexts(xml, 'content:encoded');
          expect(encoded).toHaveLength(1);
          expect(activeContent(fromHtml(encoded[0]!, { fragment: true }))).toEqual([]);
        });
      }),
      { seed: 8675309, numRuns: 60 },
    );
  }, 120_000);
});

/** What a page shows of a frontmatter string: control characters dropped, then trimmed. */
function shown(text: string): string {
  return withoutControlCharacters(text).trim();
}
