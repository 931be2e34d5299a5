// Takes the README's screenshots: an article with a photo, and the newsletter sign-up under it,
// each at a phone's and a desktop's width,
// in headless Chromium (Debian's, at /usr/bin/chromium), from the built site in public/ served
// on the loopback address. Run `npm run build` first, then `npx tsx scripts/screenshots.ts`.
import { join } from 'node:path';
import sharp from 'sharp';
import { launchChromium, serve } from '../test/browser.ts';

const ROOT = join(import.meta.dirname, '..');
const ARTICLE = '/2023/03/yerevan-rents-new-arrivals/';

// The same static server and Chromium flags as the browser tests.
const { server, origin } = await serve(join(ROOT, 'public'));
const browser = await launchChromium();
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
    // Lazy images start loading only once scrolled to: wait for every one in view to be drawn.
    await page.evaluate(() =>
      Promise.all(
        [...document.images]
          .filter((img) => img.getBoundingClientRect().top < innerHeight)
          .map((img) => img.decode().catch(() => undefined)),
      ),
    );
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
