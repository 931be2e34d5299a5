// Drafts and scheduled articles, as an editor and a scheduled CI job see them through the CLI:
// --drafts shows drafts only, --future shows articles dated after "now" only, both show both;
// every build and check says what it left out and which flag shows it, and when the next
// scheduled article goes live, in the site's time zone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSite, runCli } from './helpers.ts';

/** 5 January 2027, 00:00 UTC: 04:00 in Dubai. */
const NOW = '2027-01-05T00:00:00Z';
const NOW_EPOCH = String(Date.parse(NOW) / 1000);

function story(title: string, date: string, extra: string[] = []): string {
  return ['---', `title: ${title}`, `date: ${date}`, ...extra, '---', '', 'Text.', ''].join('\n');
}

const root = makeSite({
  'content/site.yaml': 'title: Gulf Ledger\nurl: https://ledger.example.org/\ntimezone: Asia/Dubai\n',
  'content/articles/out.md': story('Already out', '2027-01-04T10:00'),
  'content/articles/budget.md': story('Budget preview', '2027-01-10T09:00'),
  'content/articles/later.md': story('Later story', '2027-02-01'),
  'content/articles/draft.md': story('Unfinished', '2026-12-01', ['draft: true']),
  'content/articles/plan.md': story('Secret plan', '2027-01-07', ['draft: true']),
  'content/pages/about.md': '---\ntitle: About\ndraft: true\n---\n\nText.\n',
});
const out = join(root, 'public');
const built = (path: string) => existsSync(join(out, path));

async function build(flags: string[]) {
  const run = await runCli(['build', '--root', root, '--now', NOW, ...flags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const [summary, ...rest] = run.stdout.trimEnd().split('\n');
  expect(summary).toMatch(/^Built \d+ files/);
  return rest;
}

describe('--drafts and --future', () => {
  it('without either: leaves out drafts and scheduled articles, counts each, and names the next to go live', async () => {
    expect(await build([])).toEqual([
      'left out: 3 drafts (--drafts shows them), 2 scheduled articles (--future shows them)',
      "next scheduled: 'Budget preview' at 2027-01-10 09:00 +04:00",
    ]);
    expect(built('2027/01/out/index.html')).toBe(true);
    expect(['2027/01/budget', '2027/02/later', '2026/12/draft', '2027/01/plan', 'about'].filter((p) => built(p))).toEqual([]);
  });

  it('--drafts: drafts only; a scheduled draft is then the next scheduled', async () => {
    expect(await build(['--drafts'])).toEqual([
      'left out: 3 scheduled articles (--future shows them)',
      "next scheduled: 'Secret plan' at 2027-01-07 00:00 +04:00",
    ]);
    expect(built('2026/12/draft/index.html') && built('about/index.html')).toBe(true);
    expect(['2027/01/budget', '2027/02/later', '2027/01/plan'].filter((p) => built(p))).toEqual([]);
  });

  it('--future: scheduled articles only, still naming the next to go live for readers', async () => {
    expect(await build(['--future'])).toEqual([
      'left out: 3 drafts (--drafts shows them)',
      "next scheduled: 'Budget preview' at 2027-01-10 09:00 +04:00 (included now by --future)",
    ]);
    expect(built('2027/01/budget/index.html') && built('2027/02/later/index.html')).toBe(true);
    expect(['2026/12/draft', '2027/01/plan', 'about'].filter((p) => built(p))).toEqual([]);
    // In the feed as in the pages, but a news sitemap lists only what is published by "now".
    expect(readFileSync(join(out, 'feed.xml'), 'utf8')).toContain('Budget preview');
    const news = readFileSync(join(out, 'news-sitemap.xml'), 'utf8');
    expect(news).toContain('/2027/01/out/');
    expect(news).not.toContain('/2027/01/budget/');
  });

  it('both: everything, nothing left out', async () => {
    expect(await build(['--drafts', '--future'])).toEqual([
      "next scheduled: 'Secret plan' at 2027-01-07 00:00 +04:00 (included now by --future)",
    ]);
    expect(['2027/01/budget', '2027/02/later', '2026/12/draft', '2027/01/plan', 'about'].every((p) => built(`${p}/index.html`))).toBe(true);
  });

  it('marks what readers cannot see yet, on its page and its card: a draft as a draft, a scheduled article with when it goes live', async () => {
    await build(['--drafts', '--future']);
    const page = (path: string) => readFileSync(join(out, path, 'index.html'), 'utf8');
    const status = (html: string) => [...html.matchAll(/<p class="status">(.*?)<\/p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(status(page('2026/12/draft'))).toEqual(['Draft: not published']);
    expect(status(page('2027/01/plan'))).toEqual(['Draft: not published']); // a scheduled draft is a draft first
    expect(status(page('2027/01/budget'))).toEqual(['Scheduled: goes live Jan 10, 2027, 9:00 AM']);
    expect(status(page('2027/01/out'))).toEqual([]);
    expect(status(page(''))).toEqual(
      expect.arrayContaining([
        'Draft: not published',
        'Scheduled: goes live Jan 10, 2027, 9:00 AM',
        'Scheduled: goes live Feb 1, 2027, 12:00 AM',
      ]),
    );
    // Once its time has passed, with no file changed, a scheduled article is marked no more:
    // "now" is part of what a build that changes nothing compares.
    // (Both moments leave the news sitemap empty, so nothing but the scheduled mark tells them apart.)
    const at = (now: string) => runCli(['build', '--root', root, '--now', now, '--drafts', '--future']);
    expect((await at('2027-01-09T00:00:00Z')).code).toBe(0);
    expect(status(page('2027/01/budget'))).toEqual(['Scheduled: goes live Jan 10, 2027, 9:00 AM']);
    expect((await at('2027-01-15T00:00:00Z')).code).toBe(0);
    expect(status(page('2027/01/budget'))).toEqual([]);
    // A build of what readers get marks nothing.
    await build([]);
    expect(status(page('')).concat(status(page('2027/01/out')))).toEqual([]);
  });

  it('check says the same, with "now" from SOURCE_DATE_EPOCH; --quiet prints none of it', async () => {
    const check = await runCli(['check', '--root', root, '--future'], { SOURCE_DATE_EPOCH: NOW_EPOCH });
    expect(check.code).toBe(0);
    expect(check.stdout.trimEnd().split('\n').slice(1)).toEqual([
      'left out: 3 drafts (--drafts shows them)',
      "next scheduled: 'Budget preview' at 2027-01-10 09:00 +04:00 (included now by --future)",
    ]);
    const quiet = await runCli(['build', '--root', root, '--now', NOW, '--quiet']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('once "now" passes the first, the next one is named', async () => {
    const run = await runCli(['check', '--root', root, '--now', '2027-01-10T09:00:00+04:00']);
    expect(run.stdout.trimEnd().split('\n').slice(1)).toEqual([
      'left out: 3 drafts (--drafts shows them), 1 scheduled article (--future shows it)',
      "next scheduled: 'Later story' at 2027-02-01 00:00 +04:00",
    ]);
  });
});
