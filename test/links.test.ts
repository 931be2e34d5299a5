// The link check: every local link, image and #fragment of bodies and templates must lead to a
// file of the built site or an element of the page, or it is an error where it was written (the
// markdown line, or the template line). `check` and `build` report it, in text and in JSON.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { ContentError, formatMessage } from '../src/diagnostics.ts';
import { DiskWriter } from '../src/output/writer.ts';
import { buildErrors, buildInMemory, copyFixture, makeSite, NOW, picture, REPO, runCli } from './helpers.ts';

const NOW_ARG = NOW.toUTC().toISO()!;
const BUDGET = 'content/articles/2023-05-01-budget.md';

/** The three mistakes of the invalid-links fixture, and nothing else. */
const EXPECTED = [
  `${BUDGET}:23:5: error: link "/2023/05/no-such-story/" leads nowhere: the site has no page or file at /2023/05/no-such-story/; did you mean "/2023/05/other-story/"? [link]`,
  `${BUDGET}:25:5: error: link "/2023/05/other-story/#no-such-heading" leads nowhere: /2023/05/other-story/ has no element with id "no-such-heading" [anchor]`,
  `${BUDGET}:27:1: error: image "images/photo.jpg" (relative to this page, /2023/05/budget/) leads nowhere: the site has no page or file at /2023/05/budget/images/photo.jpg; put the file in content/media/ and write "/media/photo.jpg" [link]`,
];

const errorLines = (stderr: string) => stderr.split('\n').filter((line) => /: (error|warning): /.test(line));

describe('masthead check on a site with a missing page link, a missing anchor and a missing image', () => {
  it('reports exactly those three, at their lines, and exits 1', async () => {
    const root = copyFixture('invalid-links');
    const run = await runCli(['check', '--root', root, '--now', NOW_ARG]);
    expect(errorLines(run.stderr)).toEqual(EXPECTED);
    expect(run.stderr).toContain('3 errors');
    expect(run.code).toBe(1);
  });

  it('prints the same three as one JSON array with --format json, and nothing else on stdout', async () => {
    const root = copyFixture('invalid-links');
    const run = await runCli(['check', '--root', root, '--now', NOW_ARG, '--format', 'json']);
    expect(run.code).toBe(1);
    const parsed = JSON.parse(run.stdout) as unknown[];
    expect(parsed).toEqual([
      { file: BUDGET, line: 23, column: 5, severity: 'error', rule: 'link', message: expect.stringContaining('"/2023/05/no-such-story/"') },
      {
        file: BUDGET,
        line: 25,
        column: 5,
        severity: 'error',
        rule: 'anchor',
        message: expect.stringContaining('no element with id "no-such-heading"'),
      },
      {
        file: BUDGET,
        line: 27,
        column: 1,
        severity: 'error',
        rule: 'link',
        message: expect.stringContaining('/2023/05/budget/images/photo.jpg'),
      },
    ]);
    expect(errorLines(run.stderr)).toEqual([]);
  });

  it('fails the build the same way, writing nothing, in text and in JSON', async () => {
    const root = copyFixture('invalid-links');
    const out = join(root, 'public');
    const run = await runCli(['build', '--root', root, '--now', NOW_ARG]);
    expect(errorLines(run.stderr)).toEqual(EXPECTED);
    expect(run.code).toBe(1);
    const json = await runCli(['build', '--root', root, '--now', NOW_ARG, '--format', 'json']);
    expect((JSON.parse(json.stdout) as { line: number }[]).map((m) => m.line)).toEqual([23, 25, 27]);
    expect(json.code).toBe(1);
    expect(() => rmSync(out)).toThrow(/ENOENT/);
  });

  it('documents --format in check --help, and refuses any other format as wrong usage', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.stdout).toContain('--format json');
    const run = await runCli(['check', '--root', copyFixture('invalid-links'), '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^masthead: --format must be text or json, got "xml"/);
  });

  it('passes once the three are fixed: every other link of the fixture resolves (no false alarms)', async () => {
    const root = copyFixture('invalid-links');
    const path = join(root, BUDGET);
    const fixed = readFileSync(path, 'utf8')
      .replace('/2023/05/no-such-story/', '/2023/05/other-story/')
      .replace('#no-such-heading', '#the-real-heading')
      .replace('images/photo.jpg', '/media/chart.svg');
    writeFileSync(path, fixed);
    const run = await runCli(['check', '--root', root, '--now', NOW_ARG, '--format', 'json']);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe('the sample site', () => {
  it('passes check with the link check on, at its own address and under a sub-path', async () => {
    const run = await runCli(['check', '--root', REPO, '--now', NOW_ARG, '--format', 'json']);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.code).toBe(0);
    const underPath = await buildInMemory(REPO, { baseUrl: 'https://example.org/news/' });
    expect(underPath.result.diagnostics.messages().map(formatMessage)).toEqual([]);
  });
});

const SITE = 'title: Test Site\nurl: https://test.example.org/\n';
const story = (body: string) => `---\ntitle: A story\ndate: 2023-05-01\n---\n\n${body}`;

describe('body images and file links', () => {
  it('are errors at their markdown position when they resolve to no file, relative or absolute', async () => {
    const errors = await buildErrors(
      makeSite({
        'content/site.yaml': SITE,
        'content/media/real.png': await picture(4, 3, 'png'),
        'content/articles/story.md': story(
          '![A photo](images/photo.jpg)\n\n![x](/media/none.png) and [the report](/media/report.pdf) but ![fine](/media/real.png)\n',
        ),
      }),
    );
    expect(errors).toEqual([
      'content/articles/story.md:6:1: error: image "images/photo.jpg" (relative to this page, /2023/05/story/) leads nowhere: the site has no page or file at /2023/05/story/images/photo.jpg; put the file in content/media/ and write "/media/photo.jpg" [link]',
      'content/articles/story.md:8:1: error: image "/media/none.png" leads nowhere: the site has no page or file at /media/none.png; put the file at content/media/none.png [link]',
      'content/articles/story.md:8:27: error: link "/media/report.pdf" leads nowhere: the site has no page or file at /media/report.pdf; put the file at content/media/report.pdf [link]',
    ]);
  });

  it('are errors when their source is empty, and removed with a warning when it was unsafe, never dropped in silence', async () => {
    const errors = await buildErrors(
      makeSite({
        'content/site.yaml': SITE,
        'content/articles/story.md': story('![Nothing]() and <img src="" alt="raw"> and <img src="javascript:alert(1)" alt="unsafe">\n'),
      }),
    );
    const empty = 'image has no source: write ![what it shows](/media/file.jpg) with the file in content/media/ [image]';
    const unsafe = 'image removed: it has no source, or an unsafe one (javascript:, data:); use a file in content/media/ [image]';
    expect(errors).toEqual([
      `content/articles/story.md:6:1: error: ${empty}`,
      `content/articles/story.md:6:18: error: ${empty}`,
      `content/articles/story.md:6:45: warning: ${unsafe}`,
    ]);
  });

  it('resolve in URL space: escapes decoded, queries ignored, index.html and a missing trailing slash served, script routes not ids', async () => {
    const built = await buildInMemory(
      makeSite({
        'content/site.yaml': SITE,
        'content/media/a b.png': await picture(4, 3, 'png'),
        'content/pages/about.md': '---\ntitle: About\n---\n\nUs.\n',
        'content/articles/story.md': story(
          '![A](/media/a%20b.png) [About](/about) [Again](/about/index.html?x=1) [Full](https://test.example.org/about/#top) [Join](/about/#/portal/signup)\n',
        ),
      }),
    );
    expect(built.result.diagnostics.messages().map(formatMessage)).toEqual([]);
  });
});

describe('template links', () => {
  /** A one-article site whose base layout is the repository's, changed by `edit`. */
  const templates = (edit: (text: string) => string) => {
    const site = makeSite({ 'content/site.yaml': SITE, 'content/articles/story.md': story('Text.\n') });
    const path = join(site, 'templates/layouts/base.liquid');
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    return site;
  };

  it('are errors at the template line that wrote them, once for all the pages they break on', async () => {
    const root = templates((text) =>
      text
        .replace('<a class="skip-link" href="#mainContent">', '<a class="skip-link" href="#mainContnet">')
        .replace('</footer>', `<a href="{{ '/abuot/' | href }}">About</a> <img src="{{ '/media/logo.png' | href }}" alt=""></footer>`),
    );
    const errors = await buildErrors(root);
    const lines = readFileSync(join(root, 'templates/layouts/base.liquid'), 'utf8').split('\n');
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      new RegExp(
        `^templates/layouts/base\\.liquid:${lineOf('#mainContnet')}:\\d+: error: on /2023/05/story/ and \\d+ other pages, link "#mainContnet" leads nowhere: /2023/05/story/ has no element with id "mainContnet"; did you mean "mainContent"\\? \\[anchor\\]$`,
      ),
    );
    expect(errors[1]).toMatch(
      new RegExp(
        `^templates/layouts/base\\.liquid:${lineOf('/abuot/')}:\\d+: error: on .* link ".*abuot/" leads nowhere: the site has no page or file at /abuot/ \\[link\\]$`,
      ),
    );
    expect(errors[2]).toMatch(
      new RegExp(
        `^templates/layouts/base\\.liquid:${lineOf('/media/logo.png')}:\\d+: error: on .* link ".*media/logo\\.png" leads nowhere: .*put the file at content/media/logo\\.png \\[link\\]$`,
      ),
    );
  });

  it('made from data are reported on the page template, naming the page', async () => {
    const root = templates((text) => text.replace('</footer>', `<a href="{{ meta.url | append: 'gone/' | href }}">x</a></footer>`));
    const errors = await buildErrors(root);
    expect(errors).toContain(
      'templates/home.liquid:1:1: error: on /, link "gone/" leads nowhere: the site has no page or file at /gone/ (the link is made from data, so its line in the template is not known) [link]',
    );
  });
});

describe('incremental builds', () => {
  it('check cached bodies and kept pages again: a link whose target was deleted is an error though nothing was rendered', async () => {
    const root = makeSite({
      'content/site.yaml': SITE,
      'content/media/report.pdf': '%PDF-1.4 a report',
      'content/articles/story.md': story('[The report](/media/report.pdf)\n'),
    });
    const base = join(root, 'templates/layouts/base.liquid');
    writeFileSync(base, readFileSync(base, 'utf8').replace('</footer>', `<a href="{{ '/media/report.pdf' | href }}">Report</a></footer>`));
    const out = mkdtempSync(join(tmpdir(), 'masthead-links-out-'));
    const cacheDir = join(root, 'cache');
    let writer: DiskWriter | undefined;
    const once = async () => {
      writer = await DiskWriter.open(out, join(cacheDir, 'manifest.json'));
      return build({ root, writer, now: NOW, cacheDir, workers: 1 });
    };
    await once();
    // A file no page shows (an image would change the pages' sizes), so no page changes.
    rmSync(join(root, 'content/media/report.pdf'));
    const error = await once().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    // The body came from the cache and every page was kept from the last build, unrendered.
    expect(writer!.stats.written).toBe(0);
    expect(writer!.stats.unchanged).toBeGreaterThan(5);
    expect((error as ContentError).diagnostics.messages().map(formatMessage)).toEqual([
      'content/articles/story.md:6:1: error: link "/media/report.pdf" leads nowhere: the site has no page or file at /media/report.pdf; put the file at content/media/report.pdf [link]',
      expect.stringMatching(
        /^templates\/layouts\/base\.liquid:\d+:\d+: error: on \/2023\/05\/story\/ and \d+ other pages, link ".*media\/report\.pdf" leads nowhere/,
      ),
    ]);
  });
});
