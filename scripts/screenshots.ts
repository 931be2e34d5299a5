// Takes the README's screenshots: an article with a photo, and the newsletter sign-up under it,
// each at a phone's and a desktop's width,
// in headless Chromium (Debian's, at /usr/bin/chromium), from the built site in public/ served
// on the loopback address. Run `npm run build` first, then `npx tsx scripts/screenshots.ts`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';

const ROOT = join(import.meta.dirname, '..');
const PUBLIC = join(ROOT, 'public');
const ARTICLE = '/2023/03/yerevan-rents-new-arrivals/';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.css': 'text/css',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(PUBLIC, path.endsWith('/') ? `${path}index.html` : path);
  readFile(file).then(
    (data) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data),
    () => res.writeHead(404).end(),
  );
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const shot of [
    // Past the masthead, so the headline, the photo and its caption fill the picture.
    { name: 'article-phone', width: 390, height: 844, scale: 2, at: '.article' },
    { name: 'article-desktop', width: 1280, height: 1000, scale: 1, at: '.article' },
    { name: 'newsletter-phone', width: 390, height: 700, scale: 2, at: '.newsletter' },
    { name: 'newsletter-desktop', width: 1280, height: 560, scale: 1, at: '.newsletter' },
  ]) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height }, deviceScaleFactor: shot.scale });
    await page.goto(origin + ARTICLE, { waitUntil: 'load' });
    await page.evaluate((selector) => document.querySelector(selector)?.scrollIntoView(), shot.at);
    const png = await page.screenshot();
    const out = join(ROOT, 'docs', `${shot.name}.webp`);
    const info = await sharp(png)
      .resize({ width: Math.min(shot.width * shot.scale, 640) })
      .webp({ quality: 70 })
      .toFile(out);
    console.log(`${out}: ${info.width}x${info.height}, ${Math.round(info.size / 1024)} KB`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
