// Encodes the resized versions and the sharing card of a batch of images into the image cache,
// and returns what each file is (its size, format and the versions made). Runs in a worker
// thread of the image pool, or in-process when a pool would not pay off. Never throws for a
// bad image: an unreadable file comes back as a problem to report where the image is used.
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type SharpFunction from 'sharp';
import type { Sharp } from 'sharp';
import type { ImageOptions } from '../config.ts';
import { CARD, resizedWidths, variantName, type ImageInfo, type RasterFormat } from './formats.ts';

export interface ImageTask {
  options: ImageOptions;
  items: { key: string; file: string; card: boolean; folder: string }[];
}

export type ImageResult = { key: string; info: ImageInfo } | { key: string; problem: string };

/** sharp (and libvips), loaded when the first image is met: a site without images, or a build
 * whose images are all cached, never pays for loading the native library. */
let loaded: typeof SharpFunction | undefined;
function sharp(...args: Parameters<typeof SharpFunction>): Sharp {
  loaded ??= createRequire(import.meta.url)('sharp') as typeof SharpFunction;
  return loaded(...args);
}

/** sharp's and its libraries' versions: a new encoder may make other bytes. */
export function encoderVersions(): string {
  loaded ??= createRequire(import.meta.url)('sharp') as typeof SharpFunction;
  return JSON.stringify(loaded.versions);
}

const RASTER: Record<string, RasterFormat> = { jpeg: 'jpeg', png: 'png', webp: 'webp' };
/** Formats whose size is read but which are published as they are (GIF may be animated). */
const AS_IS = new Set(['svg', 'gif', 'avif', 'heif', 'tiff']);

export default async function encodeImages(task: ImageTask): Promise<ImageResult[]> {
  const results: ImageResult[] = [];
  for (const item of task.items) {
    try {
      results.push({ key: item.key, info: await encodeImage(item, task.options) });
    } catch (error) {
      await rm(item.folder, { recursive: true, force: true });
      results.push({ key: item.key, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

async function encodeImage(item: ImageTask['items'][number], options: ImageOptions): Promise<ImageInfo> {
  // The bytes, not the path: libvips caches what it loaded from a path, so a file edited during
  // a long-lived process (the dev server) would be encoded from its old pixels.
  const input = await readFile(item.file);
  // failOn 'error': a truncated or damaged file is a problem, not a half-grey picture.
  const metadata = await sharp(input, { failOn: 'error' }).metadata();
  const format = metadata.format;
  const { width, height } = metadata.autoOrient;
  if (!width || !height || !(format in RASTER || AS_IS.has(format)))
    throw new Error(`not an image masthead can read (found ${format ?? 'unknown data'})`);
  // Built in a temporary folder and renamed into place, so a killed build leaves no half entry.
  const temporary = `${item.folder}.${process.pid}.tmp`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  const original = RASTER[format];
  const variants: ImageInfo['variants'] = [];
  if (original) {
    const formats: RasterFormat[] = [...(options.avif ? (['avif'] as const) : []), 'webp', ...(original === 'webp' ? [] : [original])];
    for (const size of resizedWidths(width, options.widths)) {
      // Decoded once per width; each format encodes from the same resized pixels.
      const resized = sharp(input, { failOn: 'error' }).rotate().resize({ width: size });
      for (const to of formats) {
        await encoder(resized.clone(), to, options.quality).toFile(join(temporary, variantName(size, to)));
        variants.push({ width: size, format: to });
      }
    }
  }
  if (item.card) {
    // An SVG is drawn at a density that covers the card, so the crop is sharp, not upscaled.
    const scale = Math.max(CARD.width / width, CARD.height / height);
    const density = format === 'svg' ? Math.min(72 * Math.max(1, scale), 2400) : undefined;
    await sharp(input, { failOn: 'error', density, animated: false })
      .rotate()
      .resize({ width: CARD.width, height: CARD.height, fit: 'cover', position: 'centre' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: options.quality, mozjpeg: true })
      .toFile(join(temporary, CARD.name));
  }
  await rm(item.folder, { recursive: true, force: true });
  await rename(temporary, item.folder);
  return { width, height, format, variants, card: item.card };
}

function encoder(image: Sharp, format: RasterFormat, quality: number): Sharp {
  if (format === 'jpeg') return image.jpeg({ quality, mozjpeg: true });
  if (format === 'png') return image.png({ compressionLevel: 9, palette: false });
  if (format === 'webp') return image.webp({ quality, effort: 4 });
  // AVIF looks as good as JPEG at a lower quality number. Effort 2 encodes about seven times
  // faster than the default 4, for files about a fifth larger (measured on the sample photos).
  return image.avif({ quality: Math.max(1, quality - 20), effort: 2 });
}
