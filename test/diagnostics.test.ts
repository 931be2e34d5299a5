// Diagnostics: every kind of bad input is reported once, compiler style
// (`path:line:column: severity: message [rule]`), pointing at the key or value to fix; every
// mistake in a site is reported in one run; and content that only looks odd (a byte-order mark,
// CRLF line endings, an unknown key) still builds.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../src/diagnostics.ts';
import { buildErrors, buildInMemory, copyFixture, makeSite, REPO } from './helpers.ts';

const SITE_YAML = 'title: Test Site\nurl: https://test.example.org/\n';
const AUTHORS_YAML = 'ani:\n  name: Ani Sargsyan\nben:\n  name: Ben Okafor\n';
const ARTICLE = 'content/articles/story.md';
const HOW_TO_DATE = 'write YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional offset such as +04:00';

/** A markdown file: `---`, the frontmatter lines as given, `---`, a blank line, the body. */
function md(frontmatter: string, body = 'Body text.\n'): string {
  return `---\n${frontmatter}---\n\n${body}`;
}

/** The diagnostics of a minimal site (site.yaml plus `files`) that must fail to build. */
function errorsOf(files: Record<string, string | Buffer>): Promise<string[]> {
  return buildErrors(makeSite({ 'content/site.yaml': SITE_YAML, ...files }));
}

/** The repository's templates as a `makeSite` file map, with `overrides` (path -> text) applied. */
function templatesWith(overrides: Record<string, string>): Record<string, string | Buffer> {
  const dir = join(REPO, 'templates');
  const files: Record<string, string | Buffer> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files[relative(REPO, absolute).split(sep).join('/')] = readFileSync(absolute);
  }
  return { ...files, ...overrides };
}

describe('invalid-mixed fixture: every mistake in one run', () => {
  const dir = 'content/articles/2023';
  const expected = [
    // The quote opened on line 2 is never closed: point at the opening quote, where the fix goes.
    `${dir}/2023-01-05-budget-vote.md:2:8: error: invalid YAML: this quoted value is never closed: add the closing quote at the end of the value [yaml]`,
    // No title anywhere: the frontmatter as a whole, from its first field.
    `${dir}/2023-02-10-snow-warning.md:2:1: error: missing required field "title" (add a headline, e.g. title: "Talks resume in Moscow") [title]`,
    `${dir}/2023-02-28-markets-close.md:3:7: error: "2023-02-30" is not a date: February 2023 has 28 days (${HOW_TO_DATE}) [date]`,
    `${dir}/2023-03-20-port-reopens-again.md:4:7: error: this article's URL /2023/03/port-reopens/ is also used by ${dir}/2023-03-01-port-reopens.md: give one of them a different "slug" [url-collision]`,
    `${dir}/2023-04-02-ferry-timetable.md:4:17: error: unknown author "maira": add it to content/authors.yaml or use one of its slugs; did you mean "maria"? [author]`,
    // Five independent faults in one file: the impossible date must not hide the checks that
    // span files (author, section, media, URLs), which run on the fields that passed.
    `${dir}/2023-06-31-harbour-festival.md:3:7: error: "2023-06-31" is not a date: June 2023 has 30 days (${HOW_TO_DATE}) [date]`,
    `${dir}/2023-06-31-harbour-festival.md:4:17: error: unknown author "tomass": add it to content/authors.yaml or use one of its slugs; did you mean "tomas"? [author]`,
    `${dir}/2023-06-31-harbour-festival.md:5:10: error: unknown section "harbor": use one of harbour, city; did you mean "harbour"? [section]`,
    `${dir}/2023-06-31-harbour-festival.md:7:8: error: image "/media/2023/festival.jpg" does not exist: put the file at content/media/2023/festival.jpg [media]`,
    `${dir}/2023-06-31-harbour-festival.md:9:11: error: this article's alias /2023/05/may-day/ is also used by ${dir}/2023-05-01-may-day.md: give one of them a different "slug" [url-collision]`,
  ];

  it('lists exactly these diagnostics, sorted by file, line and column', async () => {
    expect(await buildErrors(copyFixture('invalid-mixed'))).toEqual(expected);
  });

  // One line each, so that one wrong position does not hide whether the others are right.
  it.each(expected.map((line) => [line.slice(dir.length + 1, line.indexOf(': ')), line]))('reports %s', async (_file, line) => {
    expect(await buildErrors(copyFixture('invalid-mixed'))).toContain(line);
  });
});

describe('one diagnostic per kind of bad frontmatter', () => {
  it('frontmatter that is a list, not a mapping', async () => {
    expect(await errorsOf({ [ARTICLE]: md('- title\n- date\n') })).toEqual([
      `${ARTICLE}:2:1: error: the frontmatter must be fields written "key: value", one per line; found a list [frontmatter]`,
    ]);
  });

  it('an empty title', async () => {
    expect(await errorsOf({ [ARTICLE]: md('title: ""\ndate: 2023-05-01\n') })).toEqual([
      `${ARTICLE}:2:8: error: "title" is empty (add a headline, e.g. title: "Talks resume in Moscow") [title]`,
    ]);
  });

  it('a missing date', async () => {
    expect(await errorsOf({ [ARTICLE]: md('title: Hello\ntags: [News]\n') })).toEqual([
      `${ARTICLE}:2:1: error: missing required field "date" (add the publication date, e.g. date: 2023-05-25 or date: 2023-05-25T09:30) [date]`,
    ]);
  });

  it('a date that is not a date', async () => {
    expect(await errorsOf({ [ARTICLE]: md('title: Hello\ndate: yesterday\n') })).toEqual([
      `${ARTICLE}:3:7: error: "yesterday" is not a date (${HOW_TO_DATE}) [date]`,
    ]);
  });

  it('"updated" before "date"', async () => {
    expect(await errorsOf({ [ARTICLE]: md('title: Hello\ndate: 2023-05-10\nupdated: 2023-05-01\n') })).toEqual([
      `${ARTICLE}:4:10: error: "updated" (2023-05-01) is before "date" (2023-05-10): an update comes after publication [updated]`,
    ]);
  });

  it('tags written as text instead of a list', async () => {
    expect(await errorsOf({ [ARTICLE]: md('title: Hello\ndate: 2023-05-01\ntags: Politics\n') })).toEqual([
      `${ARTICLE}:4:7: error: "tags" must be a list, found text "Politics" (write a list, e.g. tags: [Armenia, Russia]) [tags]`,
    ]);
  });

  it('a pull quote without "by"', async () => {
    const front = 'title: Hello\ndate: 2023-05-01\nquotes:\n  - text: We will win.\n    by: Ann\n  - text: We will not.\n';
    expect(await errorsOf({ [ARTICLE]: md(front) })).toEqual([
      `${ARTICLE}:7:5: error: missing required field "quotes[1].by" (each pull quote needs the name of who said it) [quotes]`,
    ]);
  });

  it('an image without alt text', async () => {
    const front = 'title: Hello\ndate: 2023-05-01\nimage:\n  src: https://images.example.org/x.jpg\n';
    expect(await errorsOf({ [ARTICLE]: md(front) })).toEqual([
      `${ARTICLE}:5:3: error: missing required field "image.alt" (describe what the image shows for readers who cannot see it) [image]`,
    ]);
  });

  it('an image file that does not exist under content/media', async () => {
    const front = 'title: Hello\ndate: 2023-05-01\nimage:\n  src: /media/missing.svg\n  alt: Nothing\n';
    expect(await errorsOf({ [ARTICLE]: md(front), 'content/media/present.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' })).toEqual([
      `${ARTICLE}:5:8: error: image "/media/missing.svg" does not exist: put the file at content/media/missing.svg [media]`,
    ]);
  });

  it('an unknown section, naming the known ones', async () => {
    const site = `${SITE_YAML}sections:\n  - slug: politics\n    title: Politics\n  - slug: economy\n    title: Economy\n`;
    expect(
      await buildErrors(makeSite({ 'content/site.yaml': site, [ARTICLE]: md('title: Hello\ndate: 2023-05-01\nsection: politcs\n') })),
    ).toEqual([`${ARTICLE}:4:10: error: unknown section "politcs": use one of politics, economy; did you mean "politics"? [section]`]);
  });

  it('an unknown author, with "did you mean"', async () => {
    expect(
      await errorsOf({ 'content/authors.yaml': AUTHORS_YAML, [ARTICLE]: md('title: Hello\ndate: 2023-05-01\nauthor: anni\n') }),
    ).toEqual([
      `${ARTICLE}:4:9: error: unknown author "anni": add it to content/authors.yaml or use one of its slugs; did you mean "ani"? [author]`,
    ]);
  });

  it('an author slug with two letters swapped suggests the author it was meant to be', async () => {
    expect(
      await errorsOf({ 'content/authors.yaml': AUTHORS_YAML, [ARTICLE]: md('title: Hello\ndate: 2023-05-01\nauthor: bne\n') }),
    ).toEqual([
      `${ARTICLE}:4:9: error: unknown author "bne": add it to content/authors.yaml or use one of its slugs; did you mean "ben"? [author]`,
    ]);
  });

  it('an article and a page with the same URL', async () => {
    const site = `${SITE_YAML}permalink: /:slug/\n`;
    const root = makeSite({
      'content/site.yaml': site,
      'content/articles/about-us.md': md('title: About us, the story\ndate: 2023-05-01\n'),
      'content/pages/team.md': md('title: About us\nslug: about-us\n'),
    });
    expect(await buildErrors(root)).toEqual([
      `content/pages/team.md:3:7: error: this page's URL /about-us/ is also used by content/articles/about-us.md: give one of them a different "slug" [url-collision]`,
    ]);
  });

  it('an invalid article and an invalid page still have their URLs and aliases checked', async () => {
    const root = makeSite({
      'content/site.yaml': `${SITE_YAML}permalink: /:slug/\n`,
      'content/articles/first.md': md('title: First\ndate: 2023-05-01\nslug: shared\n'),
      // No title: the record is incomplete, but its slug and date still give it a URL.
      'content/articles/second.md': md('date: 2023-05-02\nslug: shared\n'),
      'content/pages/about.md': md('title: About\ndraft: maybe\naliases: [/first/, /shared/]\n'),
    });
    expect(await buildErrors(root)).toEqual([
      `content/articles/second.md:2:1: error: missing required field "title" (add a headline, e.g. title: "Talks resume in Moscow") [title]`,
      `content/articles/second.md:3:7: error: this article's URL /shared/ is also used by content/articles/first.md: give one of them a different "slug" [url-collision]`,
      `content/pages/about.md:3:8: error: "draft" must be true or false, found text "maybe" (write draft: true or draft: false) [draft]`,
      `content/pages/about.md:4:20: error: this page's alias /shared/ is also used by content/articles/first.md: give one of them a different "slug" [url-collision]`,
    ]);
  });

  it('an invalid entry in authors.yaml does not stop the articles’ authors being checked in the same run', async () => {
    const authors = 'ani:\n  name: Ani Sargsyan\n  links:\n    - label: Site\n      url: not a url\nben:\n  role: Reporter\n';
    const root = makeSite({
      'content/site.yaml': SITE_YAML,
      'content/authors.yaml': authors,
      'content/articles/one.md': md('title: One\ndate: 2023-05-01\nauthor: anni\n'),
      // "ben" has an entry, though an invalid one: naming him is not a second mistake.
      'content/articles/two.md': md('title: Two\ndate: 2023-05-02\nauthor: ben\n'),
    });
    const errors = await buildErrors(root);
    expect(errors.filter((line) => line.startsWith('content/articles/'))).toEqual([
      `content/articles/one.md:4:9: error: unknown author "anni": add it to content/authors.yaml or use one of its slugs; did you mean "ani"? [author]`,
    ]);
    expect(errors.filter((line) => line.startsWith('content/authors.yaml')).map((line) => line.split(': error')[0])).toEqual([
      'content/authors.yaml:5:12',
      'content/authors.yaml:7:3',
    ]);
  });

  it('a slug that tries to leave the site folder', async () => {
    expect(await errorsOf({ [ARTICLE]: md('title: Hello\ndate: 2023-05-01\nslug: ../../etc\n') })).toEqual([
      `${ARTICLE}:4:7: error: "slug" may use only lowercase letters, digits and single hyphens, like "talks-in-moscow" [slug]`,
    ]);
  });

  it('aliases with ".." and with a backslash', async () => {
    const front = "title: Hello\ndate: 2023-05-01\naliases: [/2019/../secret/, '/old\\story/', /fine/]\n";
    expect(await errorsOf({ [ARTICLE]: md(front) })).toEqual([
      `${ARTICLE}:4:11: error: alias "/2019/../secret/" may not contain "." or ".." segments [aliases]`,
      `${ARTICLE}:4:29: error: alias "/old\\story/" may not contain backslashes, control characters, "?" or "#" [aliases]`,
    ]);
  });

  it('several mistakes in one file are all reported', async () => {
    const front = 'title: "   "\ndate: 2023-13-01\ntags: Politics\ndraft: yes\n';
    expect(await errorsOf({ [ARTICLE]: md(front) })).toEqual([
      `${ARTICLE}:2:8: error: "title" is empty (add a headline, e.g. title: "Talks resume in Moscow") [title]`,
      `${ARTICLE}:3:7: error: "2023-13-01" is not a date: there is no month 13 (${HOW_TO_DATE}) [date]`,
      `${ARTICLE}:4:7: error: "tags" must be a list, found text "Politics" (write a list, e.g. tags: [Armenia, Russia]) [tags]`,
      `${ARTICLE}:5:8: error: "draft" must be true or false, found text "yes" (write draft: true or draft: false) [draft]`,
    ]);
  });
});

describe('one diagnostic per kind of unreadable file', () => {
  it('no frontmatter at all', async () => {
    expect(await errorsOf({ [ARTICLE]: 'Just a paragraph of text.\n' })).toEqual([
      `${ARTICLE}:1:1: error: no frontmatter: start the file with a line "---", the fields (title, date, ...), then another "---" [frontmatter]`,
    ]);
  });

  it('frontmatter that is never closed', async () => {
    expect(await errorsOf({ [ARTICLE]: '---\ntitle: Hello\ndate: 2023-05-01\n\nThe body starts here.\n' })).toEqual([
      `${ARTICLE}:1:1: error: frontmatter is not closed: add a line "---" after the last field [frontmatter]`,
    ]);
  });

  it('an empty file', async () => {
    expect(await errorsOf({ [ARTICLE]: '' })).toEqual([
      `${ARTICLE}:1:1: error: the file is empty: an article starts with frontmatter giving at least its title and date (masthead new "Headline" writes one) [frontmatter]`,
    ]);
  });

  it('a file that is not UTF-8, pointing at the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xff]), Buffer.from('\ndate: 2023-05-01\n---\n\nBody.\n')]);
    expect(await errorsOf({ [ARTICLE]: bytes })).toEqual([
      `${ARTICLE}:2:11: error: file is not UTF-8 text: save it with UTF-8 encoding [encoding]`,
    ]);
  });

  it('a mis-indented key is reported once, on the line where it goes wrong', async () => {
    // `author` is indented under `date`, so YAML reads it as part of the date's value.
    const errors = await errorsOf({ [ARTICLE]: md('title: Hello\ndate: 2023-05-01\n  author: ani\n') });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^content\/articles\/story\.md:4:3: error: invalid YAML: .* \[yaml\]$/);
  });

  it('CRLF line endings do not shift positions', async () => {
    const text = '---\r\ntitle: Hello\r\ndate: 2023-02-30\r\n---\r\n\r\nBody.\r\n';
    expect(await errorsOf({ [ARTICLE]: text })).toEqual([
      `${ARTICLE}:3:7: error: "2023-02-30" is not a date: February 2023 has 28 days (${HOW_TO_DATE}) [date]`,
    ]);
  });
});

describe('problems found in the body and in configuration', () => {
  it('::pullquote{n=3} with one quote, at the directive’s line in the file', async () => {
    const front = 'title: Hello\ndate: 2023-05-01\nquotes:\n  - text: Yes.\n    by: Ann\n';
    const body = 'First paragraph.\n\n::pullquote{n=3}\n\nLast paragraph.\n';
    expect(await errorsOf({ [ARTICLE]: md(front, body) })).toEqual([
      `${ARTICLE}:11:1: error: ::pullquote{n=3} does not match a quote: the frontmatter has 1 quote(s); use n=1 to n=1 [pullquote]`,
    ]);
  });

  it('a site.yaml with a relative url and an unknown timezone', async () => {
    const site = 'title: Test Site\nurl: news.example.org\ntimezone: Mars/Base\n';
    expect(await buildErrors(makeSite({ 'content/site.yaml': site, [ARTICLE]: md('title: Hello\ndate: 2023-05-01\n') }))).toEqual([
      'content/site.yaml:2:6: error: "url" must be an absolute http(s) address, like https://news.example.org/ [url]',
      'content/site.yaml:3:11: error: "timezone" must be an IANA zone name like Europe/London or Asia/Yerevan [timezone]',
    ]);
  });

  it('a missing site.yaml', async () => {
    expect(await buildErrors(makeSite({ [ARTICLE]: md('title: Hello\ndate: 2023-05-01\n') }))).toEqual([
      'content/site.yaml:1:1: error: site.yaml is missing: create content/site.yaml with at least "title" and "url" [config]',
    ]);
  });

  it('a template with a syntax error, at its path and line, without the absolute path in the message', async () => {
    const notFound = "{%- layout 'base' -%}\n{%- block content %}\n<h1>Lost</h1>\n<p>{% for x %}{% endfor %}</p>\n{%- endblock %}\n";
    const root = makeSite({
      'content/site.yaml': SITE_YAML,
      [ARTICLE]: md('title: Hello\ndate: 2023-05-01\n'),
      ...templatesWith({ 'templates/404.liquid': notFound }),
    });
    expect(await buildErrors(root)).toEqual(['templates/404.liquid:4:4: error: illegal tag: {% for x %} [template]']);
  });

  it('a template with an unknown variable, pointing at the variable', async () => {
    const notFound = "{%- layout 'base' -%}\n{%- block content %}\n<h1>Lost</h1>\n<p>{{ site.titel }}</p>\n{%- endblock %}\n";
    const root = makeSite({
      'content/site.yaml': SITE_YAML,
      [ARTICLE]: md('title: Hello\ndate: 2023-05-01\n'),
      ...templatesWith({ 'templates/404.liquid': notFound }),
    });
    expect(await buildErrors(root)).toEqual([
      'templates/404.liquid:4:7: error: unknown variable: site.titel (check the spelling; templates/README.md lists what each template sees) [template]',
    ]);
  });
});

describe('content that must build', () => {
  it('a file with a byte-order mark and CRLF line endings', async () => {
    const text = '\uFEFF---\r\ntitle: Café au lait\r\ndate: 2023-05-01\r\ntags: [Food]\r\n---\r\n\r\nFirst line.\r\n\r\nSecond line.\r\n';
    const { writer, result } = await buildInMemory(makeSite({ 'content/site.yaml': SITE_YAML, [ARTICLE]: text }));
    expect(result.diagnostics.messages().map(formatMessage)).toEqual([]);
    const page = writer.text('2023/05/story/index.html');
    expect(page).toContain('<h1 class="article__title">Café au lait</h1>');
    expect(page).toContain('<p>First line.</p>');
    expect(page).not.toContain('\r');
    expect(page).not.toContain('\uFEFF');
  });

  it('HTML in a summary is a warning at the summary, saying what to write instead; the page shows it as typed', async () => {
    const root = makeSite({
      'content/site.yaml': SITE_YAML,
      [ARTICLE]: md("title: Hello\ndate: 2023-05-01\nsummary: 'The <em>new</em> budget &mdash; explained'\n"),
      'content/articles/plain.md': md('title: Plain\ndate: 2023-05-02\nsummary: Talks on <EAEU> tariffs, AT&T & more\n'),
      'content/pages/about.md': md('title: About\nsummary: Who we are &amp; <b>why</b>\n'),
    });
    const { writer, result } = await buildInMemory(root);
    expect(result.diagnostics.messages().map(formatMessage)).toEqual([
      // Words in angle brackets that are not HTML elements, and a bare "&", are plain text: no warning.
      `${ARTICLE}:4:10: warning: "summary" is plain text, so HTML in it is shown as typed (<em> </em> &mdash;): write the words without the tags (emphasis belongs in the body); write &mdash; as "—" [summary]`,
      `content/pages/about.md:3:10: warning: "summary" is plain text, so HTML in it is shown as typed (<b> </b> &amp;): write the words without the tags (emphasis belongs in the body); write &amp; as "&" [summary]`,
    ]);
    expect(writer.text('2023/05/story/index.html')).toContain(
      '<p class="dek">The &lt;em&gt;new&lt;/em&gt; budget &amp;mdash; explained</p>',
    );
  });

  it('an unknown frontmatter key is a warning with "did you mean", not an error', async () => {
    const { writer, result } = await buildInMemory(
      makeSite({ 'content/site.yaml': SITE_YAML, [ARTICLE]: md('title: Hello\ndate: 2023-05-01\ntitel: Helo\n') }),
    );
    expect(result.diagnostics.messages().map(formatMessage)).toEqual([
      `${ARTICLE}:4:1: warning: unknown field "titel" is ignored; did you mean "title"? [unknown-field]`,
    ]);
    expect(result.diagnostics.errorCount()).toBe(0);
    expect(writer.text('2023/05/story/index.html')).toContain('<h1 class="article__title">Hello</h1>');
  });
});
