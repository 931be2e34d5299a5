// Images as pages show them: the fields templates get (size, resized versions, sharing card)
// and the body's marked images filled in with the same, for the page that shows the body.
import type { BodyImage } from '../markdown/plugins/images.ts';
import { IMAGE_MARKER } from '../markdown/plugins/images.ts';
import { relativeHref } from '../urls.ts';
import { CARD, cardPath, MIME, variantPath, type RasterFormat } from './formats.ts';
import type { ImageSet, LocalImage } from './stage.ts';

/** A list of candidates for a srcset attribute; the `srcset` filter makes it page-relative. */
export type Srcset = { url: string; width: number }[];

export interface ImageFields {
  /** Intrinsic size, or null for an image on another host. */
  width: number | null;
  height: number | null;
  /** Versions in the original format, for the <img> itself. */
  srcset: Srcset;
  /** Versions in other formats, best first, each a <source> of a <picture>. */
  sources: { type: string; srcset: Srcset }[];
}

const NONE: ImageFields = { width: null, height: null, srcset: [], sources: [] };

export function imageFields(images: ImageSet, src: string): ImageFields {
  const image = images.get(src);
  if (!image) return NONE;
  const { width, height, format } = image.info;
  const formats = [...new Set(image.info.variants.map((v) => v.format))];
  const other = formats.filter((f) => f !== format);
  return {
    width,
    height,
    srcset: candidates(image, format as RasterFormat),
    sources: other.map((f) => ({ type: MIME[f], srcset: candidates(image, f) })),
  };
}

function candidates(image: LocalImage, format: RasterFormat): Srcset {
  return image.info.variants
    .filter((v) => v.format === format)
    .map((v) => ({ url: encodeURI(variantPath(image.src, image.key, v.width, v.format)), width: v.width }));
}

/** The 1200x630 JPEG made for sharing `src`, as a site path, or null. */
export function sharingCard(images: ImageSet, src: string | undefined): { url: string; width: number; height: number } | null {
  const image = src === undefined ? undefined : images.get(src);
  return image?.info.card ? { url: encodeURI(cardPath(image.src, image.key)), width: CARD.width, height: CARD.height } : null;
}

/** A srcset attribute's value, each candidate linked from `pageUrl` (null: left as site paths). */
export function srcsetText(srcset: Srcset, pageUrl: string | null): string {
  // A comma would end a candidate early; it is the one character srcset needs escaped.
  return srcset.map((c) => `${(pageUrl === null ? c.url : relativeHref(pageUrl, c.url)).replace(/,/g, '%2C')} ${c.width}w`).join(', ');
}

/** The width the body column takes, for the browser to pick a version before layout. */
export const BODY_SIZES = '(min-width: 42rem) 40rem, 100vw';

/**
 * Fills the marks the markdown stage left on body images: width and height on every one, and
 * on the page (not in feeds, whose readers fetch one `src`) the resized versions. `pageUrl` is
 * the page that shows the body; null for feeds.
 */
export function fillBodyImages(html: string, bodyImages: readonly BodyImage[], images: ImageSet, pageUrl: string | null): string {
  if (bodyImages.length === 0) return html;
  const fields = bodyImages.map((image) => imageFields(images, image.src));
  const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const sources = new RegExp(`<source ${IMAGE_MARKER}="(\\d+)">`, 'g');
  const imgs = new RegExp(`<img ${IMAGE_MARKER}="(\\d+)"`, 'g');
  return html
    .replace(sources, (_, n: string) => {
      const image = fields[Number(n)] ?? NONE;
      if (pageUrl === null) return '';
      return image.sources
        .map((s) => `<source type="${s.type}" srcset="${attribute(srcsetText(s.srcset, pageUrl))}" sizes="${BODY_SIZES}">`)
        .join('');
    })
    .replace(imgs, (_, n: string) => {
      const image = fields[Number(n)] ?? NONE;
      const size = image.width === null ? '' : ` width="${image.width}" height="${image.height}"`;
      const versions =
        pageUrl !== null && image.srcset.length > 0
          ? ` srcset="${attribute(srcsetText(image.srcset, pageUrl))}" sizes="${BODY_SIZES}"`
          : '';
      return `<img${size}${versions}`;
    });
}
