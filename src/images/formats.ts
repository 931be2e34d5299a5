// What the image stage knows of one image file, and how its versions are named: shared by the
// stage, its worker and the views, so a name is made in one place.
import { posix } from 'node:path';

export type RasterFormat = 'jpeg' | 'png' | 'webp' | 'avif';

export interface ImageInfo {
  /** Intrinsic size in CSS pixels (after EXIF rotation; an SVG's width/height or viewBox). */
  width: number;
  height: number;
  /** As sharp names it: jpeg, png, webp, gif, svg, ... */
  format: string;
  /** The resized versions made, narrowest first; empty for SVG and GIF. */
  variants: { width: number; format: RasterFormat }[];
  /** Whether a 1200x630 sharing card was made. */
  card: boolean;
}

/** The Open Graph / Twitter card: the size those networks show without cropping. */
export const CARD = { width: 1200, height: 630, name: 'card.jpg' } as const;

export const MIME: Record<RasterFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };
const EXTENSION: Record<RasterFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' };

/** The widths to make of an image `width` wide: the configured ones below it, and the original
 * width itself when it is below the widest configured (never upscaled). */
export function resizedWidths(width: number, widths: readonly number[]): number[] {
  const sorted = [...new Set(widths)].sort((a, b) => a - b);
  const below = sorted.filter((w) => w < width);
  const widest = sorted[sorted.length - 1]!;
  return widest >= width ? [...below, width] : below;
}

/** A version's file name inside the image's cache folder. */
export function variantName(width: number, format: RasterFormat): string {
  return `${width}w.${EXTENSION[format]}`;
}

/** A version's site path beside its original, with the cache key in its name so it can be
 * cached forever: /media/2023/photo.jpg -> /media/2023/photo-800w.1a2b3c4d5e.webp. */
export function variantPath(src: string, key: string, width: number, format: RasterFormat): string {
  return `${stem(src)}-${width}w.${key.slice(0, 10)}.${EXTENSION[format]}`;
}

/** The sharing card's site path: /media/2023/photo.jpg -> /media/2023/photo-card.1a2b3c4d5e.jpg. */
export function cardPath(src: string, key: string): string {
  return `${stem(src)}-card.${key.slice(0, 10)}.jpg`;
}

/** The file path a site path names under content/ ("/media/my%20photo.jpg?v=2" names
 * "/media/my photo.jpg"), or undefined for one that is malformed or would leave content/media. */
export function mediaPath(src: string): string | undefined {
  try {
    const path = decodeURI(src.split(/[?#]/)[0]!);
    return path.startsWith('/media/') && !path.split('/').includes('..') ? path : undefined;
  } catch {
    return undefined;
  }
}

function stem(src: string): string {
  const { dir, name } = posix.parse(src);
  return posix.join(dir, name);
}
