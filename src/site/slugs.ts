// URL slugs made from text: tag names, author names (without authors.yaml) and file names.
// Every slug is one folder name in the output, and a file system refuses a name over 255
// bytes, so a longer slug is shortened here, the one place slugs are made from text: cut at a
// hyphen and ended with a hash of the whole slug, so it stays the same build after build and
// two slugs that differ anywhere stay apart. Slugs an editor wrote out (a "slug" field, a
// section, an authors.yaml key) are not changed behind their back: the schemas refuse them.
import { createHash } from 'node:crypto';
import slugify from '@sindresorhus/slugify';

/** The longest folder name most file systems accept (ext4, APFS, NTFS: 255). Slugs are ASCII,
 * so this is also their longest length in characters. */
export const MAX_SLUG_LENGTH = 255;

/** What a shortened slug ends with: "-" and 10 hex digits of the full slug's hash. */
const HASH_LENGTH = 10;
/** How far back from the cut a hyphen may be to cut there instead, keeping whole words. */
const WORD_WINDOW = 32;

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);

/** `slug` itself when it fits a folder name (or `max`); else its start, cut after a whole word,
 * and a hash of all of it. Slugs that already fit are never changed, so no working URL moves. */
export function fitSlug(slug: string, max = MAX_SLUG_LENGTH): string {
  if (slug.length <= max) return slug;
  let start = slug.slice(0, max - HASH_LENGTH - 1);
  const hyphen = start.lastIndexOf('-');
  if (hyphen >= start.length - WORD_WINDOW) start = start.slice(0, hyphen);
  return `${start.replace(/-+$/, '')}-${hash(slug)}`;
}

const slugs = new Map<string, string>();

/** A URL-safe slug for any text; text with nothing to transliterate gets a stable hash.
 * Remembered, as the same few hundred tags are slugged for every article that carries them. */
export function slugFor(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = fitSlug(slugify(text)) || `t-${hash(text)}`;
    slugs.set(text, slug);
  }
  return slug;
}

/** The part of a site path (e.g. an alias, or a permalink that joins tokens in one folder name)
 * that is too long to be a file name, if any. */
export function overlongPart(path: string): string | undefined {
  return path.split('/').find((part) => Buffer.byteLength(part) > MAX_SLUG_LENGTH);
}
