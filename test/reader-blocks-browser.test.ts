// The comments and newsletter blocks in a real browser (Debian's Chromium): a site with giscus
// configured requests nothing from another host, sets no cookie and runs no provider script until
// the reader presses "Load comments"; then giscus's embed script is requested, with its settings.
// The network is off here, so requests to other hosts are recorded and answered locally: what is
// checked is that the browser attempts them, and when. axe-core checks the pages with both blocks.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, CHROMIUM, formatViolations, launchChromium, serve, SKIP } from './browser.ts';
import { copyFixture, runCli } from './helpers.ts';

const NOW_ARG = '2023-07-01T12:00:00Z';
const GISCUS_ARTICLE = '/2023/06/council-votes/';

/** Stands in for giscus.app/client.js: records the settings it was loaded with. */
const STUB_CLIENT = 'window.giscusStub = Object.assign({}, document.currentScript.dataset);';

let tmp: string;
let root: string;
let server: Server | undefined;
let origin: string;
let browser: Browser | undefined;

/** Requests that left the site, in order, and the page's script errors. */
interface Visit {
  page: Page;
  context: BrowserContext;
  offSite: string[];
  errors: string[];
}

async function visit(options: { javaScriptEnabled?: boolean } = {}): Promise<Visit> {
  const context = await browser!.newContext({
    viewport: { width: 1200, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(15_000);
  const offSite: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      const url = route.request().url();
      offSite.push(url);
      if (new URL(url).host === 'giscus.app')
        return route.fulfill({
          status: 200,
          contentType: 'text/javascript',
          headers: { 'access-control-allow-origin': '*' },
          body: STUB_CLIENT,
        });
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, context, offSite, errors };
}

describe.skipIf(SKIP)(SKIP ? `reader blocks in a browser (skipped: ${CHROMIUM} not found)` : 'reader blocks in Chromium', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'masthead-blocks-browser-'));
    root = copyFixture('reader-blocks');
    const built = await runCli(['build', '--root', root, '--out', join(tmp, 'public'), '--now', NOW_ARG]);
    if (built.code !== 0) throw new Error(`build of fixture "reader-blocks" failed (exit ${built.code}):\n${built.stderr}`);
    ({ server, origin } = await serve(join(tmp, 'public')));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((done) => server!.close(done));
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('nothing is requested from another host until "Load comments" is pressed; then giscus loads in place', async () => {
    const { page, context, offSite, errors } = await visit();
    try {
      await page.goto(`${origin}${GISCUS_ARTICLE}`, { waitUntil: 'networkidle' });
      const button = page.getByRole('button', { name: 'Load comments' });
      await button.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300); // time for anything lazy to start
      expect(offSite, 'requests to other hosts before the click').toEqual([]);
      expect(await context.cookies(), 'cookies before the click').toEqual([]);
      expect(await page.evaluate(() => 'giscusStub' in window)).toBe(false);

      await button.click();
      await page.waitForFunction(() => 'giscusStub' in window);
      expect(offSite).toEqual(['https://giscus.app/client.js']);
      const settings = await page.evaluate(() => (window as unknown as { giscusStub: Record<string, string> }).giscusStub);
      expect(settings).toMatchObject({
        repo: 'blocks-daily/comments',
        repoId: 'R_kgDOfixture',
        category: 'Announcements',
        categoryId: 'DIC_kwDOfixture',
        mapping: 'specific',
        term: GISCUS_ARTICLE,
        strict: '1',
      });
      // The script sits where the button was, inside the comments block; focus follows it.
      expect(await page.locator('section.comments script[src="https://giscus.app/client.js"]').count()).toBe(1);
      expect(await button.count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('comments__embed');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the button stays hidden and the link to the discussion remains', async () => {
    const { page, context, offSite } = await visit({ javaScriptEnabled: false });
    try {
      await page.goto(`${origin}${GISCUS_ARTICLE}`, { waitUntil: 'networkidle' });
      expect(await page.locator('section.comments button').isVisible()).toBe(false);
      expect(await page.getByRole('link', { name: 'Read the discussion on GitHub' }).isVisible()).toBe(true);
      expect(await page.locator('section.newsletter input[type="email"]').isVisible()).toBe(true);
      expect(offSite).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['an article with giscus comments and the newsletter', GISCUS_ARTICLE],
    ['an article with a link to its thread', '/2023/06/market-reopens/'],
    ['the front page with the newsletter', '/'],
  ])('axe-core finds no WCAG 2 A/AA violations on %s, light and dark', async (_name, path) => {
    const { page, context, errors } = await visit();
    try {
      await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
      await page.addScriptTag({ content: axe.source });
      const light = formatViolations(`${path} (light)`, await axeViolations(page));
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = formatViolations(`${path} (dark)`, await axeViolations(page));
      const violations = [...light, ...dark];
      expect(violations, `axe-core violations on ${path}:\n${violations.join('\n')}`).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
