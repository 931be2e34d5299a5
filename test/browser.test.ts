// The built sample site in a real browser (Debian's Chromium driven by playwright-core): served
// over HTTP by a tiny static server, as a reader walks it, with its stylesheet applied, opened
// straight from disk, checked by axe-core for WCAG 2 A/AA problems, and its 404 page. Every page
// load also records failed requests, 4xx/5xx responses, script errors and requests that leave
// the machine; each test fails on any of them.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { axeViolations, CHROMIUM, formatViolations, launchChromium, serve, SKIP } from './browser.ts';
import { makeSite, REPO, runCli } from './helpers.ts';

const NOW_ARG = '2023-07-01T12:00:00Z';
/** The sample site's permalinks are `/:year/:month/:slug/`. */
const ARTICLE_PATH = /^\/\d{4}\/\d{2}\/[^/]+\/$/;
const TAG_PATH = /^\/tags\/[^/]+\/$/;
const AUTHOR_PATH = /^\/authors\/[^/]+\/$/;

// ---------------------------------------------------------------------------------------------
// Shared state, set up once for the file.

let tmp: string;
let out: string;
let siteTitle: string;
let server: Server | undefined;
let origin: string;
let browser: Browser | undefined;
let context: BrowserContext;
/** Pages axe-core checks: a path for each kind, picked from the build. */
let samples: { home: string; article: string; tag: string; tags: string; author: string; search: string };
/** The sample article's headline, and a word of it that the search page is asked for. */
let headline: string;
let headlineWord: string;
/** Status of every URL a link check fetched, shared by the tests. */
const linkStatus = new Map<string, Promise<number>>();

interface Visit {
  page: Page;
  /** Failed requests, error responses, script errors, off-machine requests. */
  problems: string[];
  /** URLs whose 404 is the point of the test. */
  expectedMissing: Set<string>;
}

async function openPage(): Promise<Visit> {
  const page = await context.newPage();
  const visit: Visit = { page, problems: [], expectedMissing: new Set() };
  page.on('pageerror', (error) => visit.problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '?';
    // ERR_ABORTED: the browser cancelled the request (lazy images still loading when a click
    // leaves the page); a missing file shows up as a 404 response instead.
    if (reason !== 'net::ERR_ABORTED') visit.problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !visit.expectedMissing.has(response.url()))
      visit.problems.push(`HTTP ${response.status()} for ${response.url()} (${response.request().resourceType()})`);
  });
  return visit;
}

/** Runs `fn` on a fresh page, closes it, then fails on any problem the page recorded. */
async function withPage(fn: (visit: Visit) => Promise<void>): Promise<void> {
  const visit = await openPage();
  try {
    await fn(visit);
  } finally {
    await visit.page.close();
  }
  expect(visit.problems, `problems while loading pages:\n  ${visit.problems.join('\n  ')}`).toEqual([]);
}

/** Site paths of the links in an output HTML file (`page` is that file's own site path). */
function linkedPaths(file: string, page: string): string[] {
  const html = readFileSync(join(out, file), 'utf8');
  return [...html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://site${page}`).pathname);
}

function htmlPath(sitePath: string): string {
  return sitePath.endsWith('/') ? `${sitePath.slice(1)}index.html` : sitePath.slice(1);
}

/** Computed styles that tell whether site.css is applied. */
async function styleProbe(page: Page) {
  return page.evaluate(() => {
    const h1 = document.querySelector('h1');
    const main = document.querySelector('main');
    return {
      h1Font: h1 ? getComputedStyle(h1).fontFamily : '(no h1)',
      bodyFont: getComputedStyle(document.body).fontFamily,
      mainMaxWidth: main ? getComputedStyle(main).maxWidth : '(no main)',
      mainWidth: main ? main.getBoundingClientRect().width : -1,
      viewportWidth: window.innerWidth,
    };
  });
}

/** The generic family a font-family list falls back to, last in the list. */
function genericFamily(fontFamily: string): string {
  return (
    fontFamily
      .split(',')
      .map((f) => f.trim().replace(/^["']|["']$/g, ''))
      .at(-1) ?? ''
  );
}

function expectStylesheetApplied(styles: Awaited<ReturnType<typeof styleProbe>>): void {
  const detail = JSON.stringify(styles);
  // Without site.css Chromium uses its default serif ("Times New Roman") everywhere and
  // lets <main> span the window.
  expect(genericFamily(styles.h1Font), `h1 font is not a serif stack: ${detail}`).toBe('serif');
  expect(genericFamily(styles.bodyFont), `body font is not the sans stack: ${detail}`).toBe('sans-serif');
  expect(styles.mainMaxWidth, `<main> has no max-width: ${detail}`).not.toBe('none');
  expect(styles.mainWidth, `<main> is not narrower than the window: ${detail}`).toBeLessThan(styles.viewportWidth - 100);
}

/** Index in `main a[href]` of the first link whose resolved path matches `pattern`. */
async function firstLinkIndex(page: Page, scope: string, pattern: RegExp): Promise<number> {
  const paths = await page
    .locator(`${scope} a[href]`)
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return paths.findIndex((p) => pattern.test(p));
}

async function linkPathsIn(page: Page, scope: string): Promise<string[]> {
  return page.locator(`${scope} a[href]`).evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** The broken references of the page in the browser: same-site links, images, stylesheets and
 * feeds that do not answer 200, and in-page `#fragment` links without a target. */
async function brokenReferences(page: Page): Promise<string[]> {
  const refs = await page.evaluate(() => {
    const urls = [
      ...[...document.querySelectorAll('a[href]')].map((a) => ({ kind: 'link', url: (a as HTMLAnchorElement).href })),
      ...[...document.querySelectorAll('link[href]')].map((l) => ({
        kind: `<link rel=${l.getAttribute('rel')}>`,
        url: (l as HTMLLinkElement).href,
      })),
      ...[...document.images].map((img) => ({ kind: 'image', url: img.src })),
    ];
    const fragments = [...document.querySelectorAll('a[href^="#"]')]
      .map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)))
      .filter((id) => id !== '' && !document.getElementById(id));
    return { urls, fragments };
  });
  const broken = refs.fragments.map((id) => `link to #${id}: no element has that id`);
  const here = page.url().replace(/#.*$/, '');
  const local = refs.urls.filter(({ url }) => url.startsWith(`${origin}/`));
  for (const { kind, url } of local) {
    const target = url.replace(/#.*$/, '');
    if (target === here) continue; // a link within the page: checked above

    if (!linkStatus.has(target))
      linkStatus.set(
        target,
        fetch(target, { redirect: 'follow' }).then(
          (r) => r.status,
          () => 0,
        ),
      );
    const status = await linkStatus.get(target)!;
    if (status !== 200) broken.push(`${kind} ${new URL(target).pathname}: HTTP ${status || 'request failed'}`);
  }
  return [...new Set(broken)];
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(SKIP)(
  SKIP
    ? `browser tests (skipped: ${CHROMIUM} not found and CI is not 'true'; apt-get install chromium)`
    : 'the built sample site in Chromium',
  () => {
    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'masthead-browser-'));
      out = join(tmp, 'public');
      const built = await runCli(['build', '--root', REPO, '--out', out, '--now', NOW_ARG]);
      if (built.code !== 0) throw new Error(`build of the sample site failed (exit ${built.code}):\n${built.stderr}`);
      siteTitle = (parseYaml(readFileSync(join(REPO, 'content', 'site.yaml'), 'utf8')) as { title: string }).title;

      // The pages axe checks: the front page's first story, its first topic and author.
      const article = linkedPaths('index.html', '/').find((p) => ARTICLE_PATH.test(p));
      if (!article) throw new Error('the front page links to no article');
      const tag = linkedPaths(htmlPath(article), article).find((p) => TAG_PATH.test(p));
      const author = linkedPaths(htmlPath(article), article).find((p) => AUTHOR_PATH.test(p));
      if (!tag || !author) throw new Error(`${article} links to no tag page or no author page`);
      headline = /<h1 class="article__title"[^>]*>([^<]+)<\/h1>/.exec(readFileSync(join(out, htmlPath(article)), 'utf8'))![1]!.trim();
      headlineWord = headline
        .split(/[^\p{L}]+/u)
        .reduce((a, b) => (b.length > a.length ? b : a), '')
        .toLowerCase();
      samples = { home: '/', article, tag, tags: '/tags/', author, search: `/search/?q=${encodeURIComponent(headlineWord)}` };

      ({ server, origin } = await serve(out));
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
      context.setDefaultTimeout(15_000);
      // Nothing may leave the machine: requests to other hosts are blocked (and so recorded as
      // failed requests by the page that made them).
      await context.route(
        (url) => url.protocol.startsWith('http') && url.origin !== origin,
        (route) => route.abort('blockedbyclient'),
      );
    });

    afterAll(async () => {
      await browser?.close();
      if (server) {
        server.closeAllConnections();
        await new Promise((done) => server!.close(done));
      }
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    it('the front page renders: site title, a lead story whose image loaded, at least 10 stories', () =>
      withPage(async ({ page }) => {
        await page.goto(`${origin}/`);
        expect(await page.title()).toContain(siteTitle);
        expect((await page.locator('header h1').first().innerText({ timeout: 5_000 })).trim()).toBe(siteTitle);

        const lead = page.locator('main article').first();
        expect(await lead.locator('a[href]').count(), 'the lead story has no link').toBeGreaterThan(0);
        const image = lead.locator('img').first();
        expect(await image.count(), 'the lead story has no image').toBe(1);
        const loaded = await image.evaluate(async (img: HTMLImageElement) => {
          if (!img.complete)
            await new Promise((done) => {
              img.addEventListener('load', done, { once: true });
              img.addEventListener('error', done, { once: true });
            });
          return { src: img.currentSrc, naturalWidth: img.naturalWidth, alt: img.alt };
        });
        expect(loaded.naturalWidth, `lead image did not load: ${JSON.stringify(loaded)}`).toBeGreaterThan(0);
        expect(loaded.alt, 'lead image has no alt text').not.toBe('');

        const stories = new Set((await linkPathsIn(page, 'main')).filter((p) => ARTICLE_PATH.test(p)));
        expect(stories.size, `article links: ${[...stories].join(', ')}`).toBeGreaterThanOrEqual(10);
      }));

    it("a reader's path: front page → story → topic → all topics; story → author", () =>
      withPage(async ({ page }) => {
        await page.goto(`${origin}/`);

        // The first story on the front page.
        const storyIndex = await firstLinkIndex(page, 'main', ARTICLE_PATH);
        expect(storyIndex, 'no article link on the front page').toBeGreaterThanOrEqual(0);
        const storyLink = page.locator('main a[href]').nth(storyIndex);
        const headline = (await storyLink.innerText()).trim();
        const articleUrl = await storyLink.evaluate((a: HTMLAnchorElement) => a.href);
        await storyLink.click();
        await page.waitForURL(articleUrl);

        // The article page.
        expect((await page.locator('main h1').allInnerTexts()).map((t) => t.trim())).toEqual([headline]);
        const time = page.locator('main .byline time[datetime]').first();
        expect(await time.count(), 'the byline has no <time datetime>').toBe(1);
        const datetime = (await time.getAttribute('datetime')) ?? '';
        expect(Number.isNaN(Date.parse(datetime)), `byline datetime "${datetime}" is not a date`).toBe(false);
        expect((await time.innerText()).trim()).not.toBe('');
        const figure = page.locator('main figure:not(.pullquote):has(figcaption)').first();
        expect(await figure.count(), 'no figure (other than a pull quote) with a figcaption').toBe(1);
        expect((await figure.locator('figcaption').innerText()).trim()).not.toBe('');
        const figureImages = await figure.locator('img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
        expect(figureImages.length > 0 && figureImages.every((w) => w > 0), `figure images: ${figureImages.join(', ')}`).toBe(true);
        expect(await page.locator('main figure.pullquote blockquote').count(), 'no figure.pullquote').toBeGreaterThan(0);

        // A topic chip → that topic's page, which lists the story.
        const chip = page.locator('main a[rel~="tag"]').first();
        expect(await chip.count(), 'no tag link (rel="tag") on the article').toBe(1);
        const tagName = (await chip.innerText()).trim();
        const tagUrl = await chip.evaluate((a: HTMLAnchorElement) => a.href);
        expect(new URL(tagUrl).pathname).toMatch(TAG_PATH);
        await chip.click();
        await page.waitForURL(tagUrl);
        expect((await page.locator('main h1').allInnerTexts()).map((t) => t.trim())).toEqual([tagName]);
        const onTagPage = new Set((await linkPathsIn(page, 'main')).filter((p) => ARTICLE_PATH.test(p)));
        expect([...onTagPage]).toContain(new URL(articleUrl).pathname);
        const tagPaginated = (await page.locator('a[rel="next"]').count()) > 0;

        // A link from the topic page to the topic index.
        const indexLink = await firstLinkIndex(page, 'body', /^\/tags\/$/);
        expect(indexLink, 'the tag page does not link to /tags/').toBeGreaterThanOrEqual(0);
        await page.locator('body a[href]').nth(indexLink).click();
        await page.waitForURL(`${origin}/tags/`);
        const entries = await page.locator('main li:has(a[href])').evaluateAll((items) =>
          items.map((li) => {
            const a = li.querySelector('a')!;
            const rest = (li.textContent ?? '').replace(a.textContent ?? '', '');
            return { name: (a.textContent ?? '').trim(), path: new URL(a.href).pathname, count: Number(/\d+/.exec(rest)?.[0] ?? NaN) };
          }),
        );
        const tags = entries.filter((e) => TAG_PATH.test(e.path));
        expect(tags.length, 'the tag index lists no tags').toBeGreaterThan(1);
        const uncounted = tags.filter((t) => !(t.count >= 1));
        expect(uncounted, 'tags listed without a count').toEqual([]);
        const ours = tags.find((t) => t.path === new URL(tagUrl).pathname);
        expect(ours, `the tag index does not list ${tagName}`).toBeDefined();
        expect(ours!.name).toBe(tagName);
        if (!tagPaginated) expect(ours!.count, `count of ${tagName} vs stories on its page`).toBe(onTagPage.size);

        // Back on the story, the byline's author → their page.
        await page.goto(articleUrl);
        const byline = page.locator('main .byline a[href]').first();
        expect(await byline.count(), 'the byline links to no author').toBe(1);
        const authorName = (await byline.innerText()).trim();
        const authorUrl = await byline.evaluate((a: HTMLAnchorElement) => a.href);
        expect(new URL(authorUrl).pathname).toMatch(AUTHOR_PATH);
        await byline.click();
        await page.waitForURL(authorUrl);
        expect((await page.locator('main h1').allInnerTexts()).map((t) => t.trim())).toEqual([authorName]);
        expect(await linkPathsIn(page, 'main')).toContain(new URL(articleUrl).pathname);
      }));

    it('the stylesheet is served and applied', () =>
      withPage(async ({ page }) => {
        const css: { url: string; status: number; type: string }[] = [];
        page.on('response', (r) => {
          if (r.request().resourceType() === 'stylesheet')
            css.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' });
        });
        await page.goto(`${origin}${samples.article}`);
        expect(css.length, 'no stylesheet was requested').toBeGreaterThan(0);
        for (const sheet of css) {
          expect(sheet.status, sheet.url).toBe(200);
          expect(sheet.type, sheet.url).toMatch(/^text\/css/);
        }
        const rules = await page.evaluate(() => [...document.styleSheets].map((s) => s.cssRules.length));
        expect(Math.max(0, ...rules), 'the stylesheet has no rules').toBeGreaterThan(20);
        expectStylesheetApplied(await styleProbe(page));
      }));

    it('public/index.html opened from disk (file://) loads its stylesheet and images', () =>
      withPage(async ({ page }) => {
        await page.goto(pathToFileURL(join(out, 'index.html')).href);
        expectStylesheetApplied(await styleProbe(page));

        // Lazy images only load when scrolled to: ask for all of them now.
        const images = await page.evaluate(() =>
          Promise.all(
            [...document.images].map(async (img) => {
              img.loading = 'eager';
              await img.decode().catch(() => undefined);
              return { src: img.getAttribute('src') ?? '', url: img.currentSrc || img.src, naturalWidth: img.naturalWidth };
            }),
          ),
        );
        expect(images.length, 'no images on the front page').toBeGreaterThan(0);
        const broken = images.filter((i) => !(i.naturalWidth > 0));
        expect(broken, `images that did not load from disk: ${JSON.stringify(broken)}`).toEqual([]);

        // Every reference is relative, and every internal link points at a file in public/.
        const refs = await page.evaluate(() =>
          [...document.querySelectorAll('a[href], link[href], img[src], script[src]')].map((el) => ({
            attr: el.getAttribute('href') ?? el.getAttribute('src') ?? '',
            url: (el as HTMLAnchorElement).href || (el as HTMLImageElement).src,
          })),
        );
        const rootRelative = refs.filter((r) => r.attr.startsWith('/'));
        expect(rootRelative, 'root-relative references break under file:// and sub-paths').toEqual([]);
        const missing = refs
          .filter((r) => r.url.startsWith('file:'))
          .map((r) => fileURLToPath(r.url.replace(/[#?].*$/, '')))
          .map((path) => (path.endsWith(sep) ? join(path, 'index.html') : path))
          .filter((path) => !existsSync(path));
        expect([...new Set(missing)], 'references to files that are not in the output').toEqual([]);
      }));

    /** Waits for Pagefind's UI on the search page to list its results. */
    const searchResults = async (page: Page) => {
      await page.locator('.pagefind-ui__result-link').first().waitFor();
      return page
        .locator('.pagefind-ui__result-link')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    };

    it('search: /search/?q=<a word of a headline> lists that article, and a new query updates the URL', () =>
      withPage(async ({ page }) => {
        await page.goto(`${origin}${samples.search}`);
        expect(await searchResults(page), `results for "${headlineWord}"`).toContain(samples.article);
        expect(await page.locator('.search-page__form').isHidden(), 'the plain form is still shown beside Pagefind').toBe(true);
        expect(await page.locator('.pagefind-ui__search-input').inputValue()).toBe(headlineWord);

        await page.locator('.pagefind-ui__search-input').fill('zzzqqq');
        await page.waitForURL((url) => url.searchParams.get('q') === 'zzzqqq');
        await page
          .locator('.pagefind-ui__message')
          .filter({ hasText: /no results/i })
          .waitFor();

        await page.goto(`${origin}${samples.search}`);
        await searchResults(page);
        await page.locator(`.pagefind-ui__result-link[href$="${samples.article}"]`).first().click();
        await page.waitForURL(`${origin}${samples.article}`);
        expect((await page.locator('main h1').innerText()).trim()).toBe(headline);
      }));

    it('search without JavaScript: the page shows its GET form and says why there are no results', async () => {
      const plain = await browser!.newContext({ javaScriptEnabled: false });
      try {
        const page = await plain.newPage();
        await page.goto(`${origin}/`);
        await page.locator('.masthead__tools a', { hasText: 'Search' }).click();
        await page.waitForURL(`${origin}/search/`);
        await page.locator('#search-query').fill(headlineWord);
        await page.locator('.search-page__form button').click();
        await page.waitForURL(`${origin}${samples.search}`);
        expect(await page.locator('main noscript, main p').allInnerTexts()).toContainEqual(expect.stringMatching(/needs JavaScript/));
      } finally {
        await plain.close();
      }
    });

    it('search shows hostile titles and text as text: no markup from content renders or runs in the results', async () => {
      const root = makeSite({
        'content/site.yaml': 'title: Hostile Herald\nurl: https://hostile.example.org/\nsearch: true\n',
        'content/articles/hostile.md': [
          '---',
          `title: 'Hostile <img src=x onerror="window.pwned=1"> xylophone'`,
          'date: 2023-06-15',
          `summary: 'A dek with <b>bold</b> xylophone <script>window.pwned=2</script>'`,
          '---',
          '',
          'Body xylophone `<img src=y onerror="window.pwned=3">` and `<script>window.pwned=4</script>` as code.',
          '',
        ].join('\n'),
      });
      const hostile = await browser!.newContext();
      let hostileServer: Server | undefined;
      try {
        const built = await runCli(['build', '--root', root, '--out', join(tmp, 'hostile'), '--now', NOW_ARG]);
        expect(built.code).toBe(0);
        // Hostile but well-formed: it builds, with the one warning that the summary's HTML shows as typed.
        expect(built.stderr.trim().split('\n')).toEqual([
          expect.stringMatching(/^content\/articles\/hostile\.md:4:10: warning: .*\[summary\]$/),
        ]);
        let hostileOrigin: string;
        ({ server: hostileServer, origin: hostileOrigin } = await serve(join(tmp, 'hostile')));
        const page = await hostile.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${hostileOrigin}/search/?q=xylophone`);
        await page.locator('.pagefind-ui__result-link').first().waitFor();
        expect(await page.locator('.pagefind-ui__result-link').allInnerTexts()).toEqual([
          'Hostile <img src=x onerror="window.pwned=1"> xylophone',
        ]);
        expect(await page.locator('.pagefind-ui__result-excerpt').innerText()).toContain('<script>window.pwned=4</script>');
        expect(await page.locator('#search-results :is(img, script, b)').count()).toBe(0);
        expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
        expect(errors).toEqual([]);
      } finally {
        await hostile.close();
        hostileServer?.closeAllConnections();
        hostileServer?.close();
        rmSync(root, { recursive: true, force: true });
      }
    });

    const axePages = ['home', 'article', 'tag', 'tags', 'author', 'search'] as const;
    it.each(axePages)('axe-core finds no WCAG 2 A/AA violations, and no broken references, on the %s page', (kind) =>
      withPage(async ({ page }) => {
        const path = samples[kind];
        await page.goto(`${origin}${path}`);
        if (kind === 'search') await searchResults(page); // the page as a reader sees it: with results
        await page.addScriptTag({ content: axe.source });

        const light = formatViolations(`${path} (light)`, await axeViolations(page));
        // The site declares `color-scheme: light dark` and has a dark palette: check it too.
        await page.emulateMedia({ colorScheme: 'dark' });
        const dark = formatViolations(`${path} (dark)`, await axeViolations(page));
        await page.emulateMedia({ colorScheme: 'light' });

        const violations = [...light, ...dark];
        expect.soft(violations, `axe-core violations on ${path}:\n${violations.join('\n')}`).toEqual([]);
        const broken = await brokenReferences(page);
        expect(broken, `broken references on ${path}:\n  ${broken.join('\n  ')}`).toEqual([]);
      }),
    );

    it('an unknown URL gets the 404 page, whose links work from a deep path', () =>
      withPage(async ({ page, expectedMissing }) => {
        const unknown = `${origin}/no/such/page/`;
        expectedMissing.add(unknown);
        const response = await page.goto(unknown);
        expect(response?.status()).toBe(404);
        expect(await page.locator('main h1').innerText()).toMatch(/not found/i);
        expectStylesheetApplied(await styleProbe(page));
        const broken = await brokenReferences(page);
        expect(broken, `broken references on the 404 page at /no/such/page/:\n  ${broken.join('\n  ')}`).toEqual([]);

        const home = await firstLinkIndex(page, 'main', /^\/$/);
        expect(home, 'the 404 page has no link to the front page in <main>').toBeGreaterThanOrEqual(0);
        await page.locator('main a[href]').nth(home).click();
        await page.waitForURL(`${origin}/`);
        expect((await page.locator('header h1').first().innerText({ timeout: 5_000 })).trim()).toBe(siteTitle);
      }));

    it('the sample pages picked for axe exist in the build', () => {
      for (const path of Object.values(samples)) expect(existsSync(join(out, htmlPath(path.replace(/\?.*$/, '')))), path).toBe(true);
      expect(readdirSync(join(out, 'tags')).length).toBeGreaterThan(1);
    });
  },
);
