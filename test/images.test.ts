// Images as readers get them: every <img> sized from its file, photos in resized versions that
// exist at the widths the page states, a 1200x630 JPEG sharing card for every article, a bad
// image reported where it is used, and a second build that encodes nothing.
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { MemoryWriter } from '../src/output/memory-writer.ts';
import { buildErrors, buildInMemory, makeSite, NOW, picture, REPO } from './helpers.ts';

const SITE_URL = 'https://ridgeline.example.org/';

/** A picture made here: a gradient with a band, `width` x `height`, in `format`. */

const html = (data: string | Uint8Array) => fromHtml(Buffer.from(data).toString('utf8'));
const attr = (node: Element, name: string) => {
  const value = node.properties[name];
  return Array.isArray(value) ? value.join(' ') : value === undefined ? undefined : String(value);
};

/** The site path a link on the page at `path` (e.g. "2023/05/x/index.html") points to. */
function resolveOn(path: string, href: string): string {
  return new URL(href, `https://x.test/${path}`).pathname.slice(1);
}

function srcsetCandidates(srcset: string): { url: string; width: number }[] {
  return srcset.split(', ').map((candidate) => {
    const [url, descriptor] = candidate.split(' ');
    return { url: url!, width: Number(descriptor!.slice(0, -1)) };
  });
}

describe('the sample site', async () => {
  const { writer } = await buildInMemory(REPO);
  const pages = [...writer.files].filter(([path]) => path.endsWith('.html'));

  it('gives every <img> on every page kind its width and height', () => {
    const kinds = new Set<string>();
    let images = 0;
    for (const [path, data] of pages) {
      const tree = html(data);
      const kind = attr(select('body', tree)!, 'className');
      if (kind) kinds.add(kind);
      for (const img of selectAll('img', tree)) {
        images++;
        expect(Number(attr(img, 'width')), `${path}: ${attr(img, 'src')}`).toBeGreaterThan(0);
        expect(Number(attr(img, 'height')), `${path}: ${attr(img, 'src')}`).toBeGreaterThan(0);
      }
    }
    expect(images).toBeGreaterThan(50);
    for (const kind of ['home', 'article', 'section', 'tag', 'author', 'authors']) expect(kinds).toContain(`kind-${kind}`);
  });

  it('gives each width and height the file’s own, and loads only the first image on screen eagerly', async () => {
    const page = '2023/03/yerevan-rents-new-arrivals/index.html';
    const tree = html(writer.files.get(page)!);
    const hero = select('.hero img', tree)!;
    const file = writer.files.get(resolveOn(page, attr(hero, 'src')!))!;
    const metadata = await sharp(file).metadata();
    expect([Number(attr(hero, 'width')), Number(attr(hero, 'height'))]).toEqual([metadata.width, metadata.height]);
    expect(attr(hero, 'fetchPriority')).toBe('high');
    expect(attr(hero, 'loading')).toBeUndefined();
    const below = selectAll('.related img, .prose img', tree);
    expect(below.length, 'images below the fold').toBeGreaterThan(0);
    for (const img of below) expect(attr(img, 'loading')).toBe('lazy');
  });

  it('serves each photo in resized WebP and original-format versions that exist at the widths stated', async () => {
    const photos = new Map<string, string>();
    for (const [path, data] of pages) {
      for (const img of selectAll('img', html(data))) if (/\.(jpe?g|png)$/.test(attr(img, 'src')!)) photos.set(path, attr(img, 'src')!);
    }
    // Heroes, a body figure (PNG) and cards on lists: at least three photos on many pages.
    expect(new Set(photos.values()).size).toBeGreaterThanOrEqual(3);
    let checked = 0;
    for (const [path, data] of pages) {
      for (const pictureElement of selectAll('picture', html(data))) {
        const img = select('img', pictureElement)!;
        const sources = selectAll('source', pictureElement);
        expect(sources.map((s) => attr(s, 'type'))).toEqual(['image/webp']);
        const originalFile = await sharp(writer.files.get(resolveOn(path, attr(img, 'src')!))!).metadata();
        const original = originalFile.format;
        for (const [element, format] of [
          [img, original],
          [sources[0]!, 'webp'],
        ] as const) {
          expect(attr(element, 'sizes')).toBeTruthy();
          const candidates = srcsetCandidates(attr(element, 'srcSet')!);
          expect(candidates.length).toBeGreaterThan(1);
          for (const candidate of candidates) {
            const bytes = writer.files.get(resolveOn(path, candidate.url));
            expect(bytes, `${path}: ${candidate.url}`).toBeDefined();
            const metadata = await sharp(bytes!).metadata();
            expect([metadata.format, metadata.width]).toEqual([format, candidate.width]);
            expect(candidate.width).toBeLessThanOrEqual(originalFile.width!); // never wider than the original
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('shares every article as a 1200x630 JPEG of the site, with its size and alt text', async () => {
    const articles = pages.filter(([path]) => /^\d{4}\/\d{2}\/[^/]+\/index\.html$/.test(path));
    expect(articles.length).toBeGreaterThan(10);
    for (const [path, data] of articles) {
      const tree = html(data);
      const meta = (property: string) =>
        attr(select(`meta[property="${property}"]`, tree) ?? select(`meta[name="${property}"]`, tree)!, 'content');
      const image = meta('og:image')!;
      expect(image.startsWith(`${SITE_URL}media/`), `${path}: ${image}`).toBe(true);
      const bytes = writer.files.get(image.slice(SITE_URL.length));
      expect(bytes, image).toBeDefined();
      const metadata = await sharp(bytes!).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 1200, 630]);
      expect([meta('og:image:width'), meta('og:image:height')]).toEqual(['1200', '630']);
      expect(meta('og:image:alt')).toBeTruthy();
      expect(meta('twitter:card')).toBe('summary_large_image');
    }
    // The one article without a hero falls back to the site's card (site.yaml `image`).
    const plain = html(writer.files.get('2023/05/russian-language-debate/index.html')!);
    expect(attr(select('meta[property="og:image"]', plain)!, 'content')).toMatch(/\/media\/site-card-card\.[0-9a-f]{10}\.jpg$/);
  });
});

const SITE = 'title: Image Times\nurl: https://images.example.org/\n';
const article = (front: string, body: string) => `---\ntitle: A story\ndate: 2023-05-01\n${front}---\n\n${body}\n`;

describe('a corrupt or unreadable image', () => {
  it('is an error at every place that shows it: hero src, body image, avatar, site image', async () => {
    const good = await picture(64, 40, 'jpeg');
    const root = makeSite({
      'content/site.yaml': `${SITE}image: /media/not-a-card.png\n`,
      'content/authors.yaml': 'ana:\n  name: Ana\n  avatar: /media/garbage.jpg\n',
      'content/articles/hero.md': article('author: ana\nimage:\n  src: /media/garbage.jpg\n  alt: Nothing\n', 'Text.'),
      'content/articles/body.md': article('author: ana\n', 'Text first.\n\nAnd ![a cut photo](/media/truncated.jpg) inline.'),
      'content/articles/fine.md': article('author: ana\nimage:\n  src: /media/good.jpg\n  alt: A good one\n', 'Text.'),
      'content/media/garbage.jpg': 'this is not a picture at all',
      'content/media/truncated.jpg': good.subarray(0, Math.floor(good.length / 2)),
      'content/media/not-a-card.png': Buffer.from('\x89PNG\r\n\x1a\nnonsense'),
      'content/media/good.jpg': good,
    });
    const errors = await buildErrors(root);
    const image = errors.filter((line) => line.endsWith('[image]'));
    expect(image.map((line) => line.split(': error: ')[0])).toEqual([
      'content/articles/body.md:9:5',
      'content/articles/hero.md:6:8',
      'content/authors.yaml:3:11',
      'content/site.yaml:3:8',
    ]);
    expect(image[0]).toContain('image "/media/truncated.jpg" cannot be read');
    expect(image[1]).toMatch(/replace it with a JPEG, PNG, WebP, GIF or SVG file \[image\]$/);
    expect(errors).toEqual(image);
  });
});

describe('the image cache', () => {
  it('encodes each image once: a second build encodes nothing, an edited one is encoded again alone', async () => {
    const root = makeSite({
      'content/site.yaml': SITE,
      'content/articles/a.md': article('image:\n  src: /media/a.jpg\n  alt: A\n', '![B](/media/b.png)'),
      'content/articles/c.md': article('image:\n  src: /media/c.svg\n  alt: C\n', 'Text.'),
      'content/media/a.jpg': await picture(900, 600, 'jpeg'),
      'content/media/b.png': await picture(500, 300, 'png'),
      'content/media/c.svg':
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"><rect width="300" height="200" fill="#369"/></svg>',
    });
    const cacheDir = mkdtempSync(join(tmpdir(), 'masthead-image-cache-'));
    const run = async () => {
      const writer = new MemoryWriter();
      const result = await build({ root, writer, now: NOW, cacheDir, workers: 1 });
      return { writer, stats: result.stats };
    };
    const files = () =>
      readdirSync(join(cacheDir, 'images'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [join(e.parentPath, e.name), statSync(join(e.parentPath, e.name)).mtimeMs] as const);

    const first = await run();
    expect(first.stats.imagesEncoded).toBe(3);
    const cached = files();
    const second = await run();
    expect(second.stats.imagesEncoded).toBe(0);
    expect(files()).toEqual(cached); // not one file of the cache written again
    expect([...second.writer.files.keys()]).toEqual([...first.writer.files.keys()]);

    // The SVG: its size from the viewBox, no resized versions, and a card rasterised from it.
    const page = html(first.writer.files.get('2023/05/c/index.html')!);
    const hero = select('.hero img', page)!;
    expect([attr(hero, 'width'), attr(hero, 'height'), attr(hero, 'srcSet')]).toEqual(['300', '200', undefined]);
    // The PNG in the body: WebP and PNG versions, never wider than its 500 pixels.
    const body = select('.prose picture', html(first.writer.files.get('2023/05/a/index.html')!))!;
    expect(srcsetCandidates(attr(select('img', body)!, 'srcSet')!).map((c) => c.width)).toEqual([480, 500]);
    expect(attr(select('img', body)!, 'width')).toBe('500');

    writeFileSync(join(root, 'content/media/b.png'), await picture(500, 300, 'png', 200));
    const third = await run();
    expect(third.stats.imagesEncoded).toBe(1);
  });

  it('reads only the image files whose size or time changed, and encodes again one edited to the same size', async () => {
    const svg = (fill: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"><rect width="300" height="200" fill="${fill}"/></svg>`;
    const root = makeSite({
      'content/site.yaml': SITE,
      'content/articles/a.md': article('image:\n  src: /media/a.jpg\n  alt: A\n', 'Text.'),
      'content/articles/c.md': article('image:\n  src: /media/c.svg\n  alt: C\n', 'Text.'),
      'content/media/a.jpg': await picture(900, 600, 'jpeg'),
      'content/media/c.svg': svg('#336699'),
    });
    const media = (name: string) => join(root, 'content', 'media', name);
    // Files saved a while ago: a time as recent as the last read is not trusted (see src/images/files.ts).
    const age = (name: string, seconds: number) => utimesSync(media(name), new Date(), new Date(Date.now() - seconds * 1000));
    age('a.jpg', 3600);
    age('c.svg', 3600);
    const cacheDir = mkdtempSync(join(tmpdir(), 'masthead-image-cache-'));
    const run = async () => {
      const writer = new MemoryWriter();
      const { stats } = await build({ root, writer, now: NOW, cacheDir, workers: 1 });
      return { writer, stats, card: Buffer.from(writer.files.get([...writer.files.keys()].find((p) => p.startsWith('media/c-card.'))!)!) };
    };

    const first = await run();
    expect([first.stats.imagesHashed, first.stats.imagesEncoded]).toEqual([2, 2]);
    const second = await run();
    expect([second.stats.imagesHashed, second.stats.imagesEncoded]).toEqual([0, 0]);

    // Touched, same bytes: read again, nothing encoded.
    age('a.jpg', 1800);
    const touched = await run();
    expect([touched.stats.imagesHashed, touched.stats.imagesEncoded]).toEqual([1, 0]);

    // Another colour, the same number of bytes, a new time: encoded again, and the card shows it.
    const before = readFileSync(media('c.svg')).length;
    writeFileSync(media('c.svg'), svg('#993366'));
    expect(readFileSync(media('c.svg')).length).toBe(before);
    age('c.svg', 60);
    const edited = await run();
    expect([edited.stats.imagesHashed, edited.stats.imagesEncoded]).toEqual([1, 1]);
    const { dominant } = await sharp(edited.card).stats();
    expect(dominant.r).toBeGreaterThan(dominant.b);
    expect(Buffer.compare(edited.card, first.card)).not.toBe(0);

    // A file saved just now is read again by the next build too, in case it is saved again within
    // the file system's time resolution.
    writeFileSync(media('c.svg'), svg('#336699'));
    expect((await run()).stats.imagesHashed).toBe(1);
    expect((await run()).stats.imagesHashed).toBe(1);
    age('c.svg', 30);
    await run();
    expect((await run()).stats.imagesHashed).toBe(0);
  });

  it('makes AVIF versions too when site.yaml asks for them', async () => {
    const root = makeSite({
      'content/site.yaml': `${SITE}images:\n  avif: true\n  widths: [200, 400]\n`,
      'content/articles/a.md': article('image:\n  src: /media/a.jpg\n  alt: A\n', 'Text.'),
      'content/media/a.jpg': await picture(600, 400, 'jpeg'),
    });
    const { writer } = await buildInMemory(root);
    const sources = selectAll('.hero source', html(writer.files.get('2023/05/a/index.html')!));
    expect(sources.map((s) => attr(s, 'type'))).toEqual(['image/avif', 'image/webp']);
    const avif = srcsetCandidates(attr(sources[0]!, 'srcSet')!);
    expect(avif.map((c) => c.width)).toEqual([200, 400]);
    const bytes = writer.files.get(resolveOn('2023/05/a/index.html', avif[1]!.url))!;
    expect((await sharp(bytes).metadata()).format).toBe('heif');
  });
});

describe("an author's own <picture>", () => {
  it('gets the resized versions as one more source, not a picture in a picture, and its srcset follows the base path', async () => {
    const root = makeSite({
      'content/site.yaml': SITE,
      'content/media/b.png': await picture(500, 300, 'png'),
      'content/articles/a.md': article(
        '',
        '<picture><source srcset="/media/b.png 2x" media="(min-width: 40em)"><img src="/media/b.png" alt="B"></picture>',
      ),
    });
    const { writer } = await buildInMemory(root, { baseUrl: 'https://sub.example.org/news/' });
    const path = '2023/05/a/index.html';
    const tree = html(writer.files.get(path)!);
    const pictures = selectAll('.prose picture', tree);
    expect(pictures).toHaveLength(1);
    expect(selectAll('picture picture', tree)).toEqual([]);
    const sources = selectAll('source', pictures[0]!);
    expect(sources.length).toBe(2);
    // The author's source first (the browser takes the first that fits), relative to the page.
    expect(attr(sources[0]!, 'srcSet')).toBe('../../../media/b.png 2x');
    expect(writer.files.has(resolveOn(path, '../../../media/b.png'))).toBe(true);
  });
});

describe('file names', () => {
  it('resolve with spaces and commas, in frontmatter and in bodies, and a malformed one is an error, not a crash', async () => {
    const files = {
      'content/site.yaml': SITE,
      'content/media/my photo, 2023.jpg': await picture(600, 400, 'jpeg'),
    };
    const badHero = makeSite({ ...files, 'content/articles/a.md': article('image:\n  src: /media/100%.jpg\n  alt: A\n', 'Text.') });
    expect(await buildErrors(badHero)).toContainEqual(
      expect.stringMatching(/^content\/articles\/a\.md:5:8: error: image "\/media\/100%\.jpg" is not a valid address/),
    );
    const malformed = makeSite({ ...files, 'content/articles/a.md': article('', '![C](/media/%E0%A4%A.jpg)') });
    expect((await buildErrors(malformed)).join('\n')).toMatch(
      /^content\/articles\/a\.md:\d+:1: error: image "\/media\/%E0%A4%25A\.jpg" is not a valid address/,
    );
    const root = makeSite({
      ...files,
      'content/articles/a.md': article('image:\n  src: /media/my photo, 2023.jpg\n  alt: A\n', '![B](</media/my photo, 2023.jpg>)'),
    });
    const { writer } = await buildInMemory(root);
    const path = '2023/05/a/index.html';
    const tree = html(writer.files.get(path)!);
    const srcsets = selectAll('img, source', tree).flatMap((node) => (attr(node, 'srcSet') ? [attr(node, 'srcSet')!] : []));
    expect(srcsets).toHaveLength(4); // hero and body: <img> and its WebP <source> each
    for (const srcset of srcsets) {
      for (const candidate of srcsetCandidates(srcset)) {
        expect(writer.files.has(decodeURIComponent(resolveOn(path, candidate.url))), candidate.url).toBe(true);
      }
    }
  });
});
