// content/site.yaml -> SiteConfig: the site's identity, URLs, timezone, sections and reader blocks, with
// defaults for everything optional and positioned errors for everything wrong.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { report, START, type Diagnostics, type Place } from './diagnostics.ts';
import { withoutControlCharacters } from './content/schema.ts';
import { commentsSchema, newsletterSchema, READER_BLOCK_HINTS, READER_BLOCK_KEYS } from './content/reader-blocks.ts';
import { validateYaml } from './content/validate.ts';
import { parseYaml, type PathSegment } from './content/yaml.ts';
import { MAX_SLUG_LENGTH } from './site/slugs.ts';
import { isReserved } from './site/routes.ts';

const IMAGE_DEFAULTS = { widths: [480, 800, 1200, 1600], avif: false, quality: 78 };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const displayText = z.string().transform(withoutControlCharacters).pipe(z.string().trim().min(1));

const sectionSchema = z.object({
  slug: z
    .string()
    .regex(SLUG, 'a section "slug" uses lowercase letters, digits and hyphens, like "world-news"')
    .max(MAX_SLUG_LENGTH, `a section "slug" may be at most ${MAX_SLUG_LENGTH} characters, as it becomes a folder name`),
  title: displayText,
  description: z.string().transform(withoutControlCharacters).optional(),
});

/** How raster images are resized; see README "Images". */
const imagesSchema = z.object({
  /** Widths in pixels to make of each photo (never wider than the original). */
  widths: z
    .array(z.number().int().min(16).max(8192))
    .min(1)
    .default([...IMAGE_DEFAULTS.widths]),
  /** Also make AVIF versions: smaller files, but encoding is several times slower. */
  avif: z.boolean().default(IMAGE_DEFAULTS.avif),
  /** Encoder quality, 1-100, for JPEG, WebP and AVIF. */
  quality: z.number().int().min(1).max(100).default(IMAGE_DEFAULTS.quality),
});

const siteSchema = z.object({
  title: displayText,
  url: z
    .url({ protocol: /^https?$/, error: '"url" must be an absolute http(s) address, like https://news.example.org/' })
    .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
  description: z.string().transform(withoutControlCharacters).default(''),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, '"language" must be a language tag like en or en-GB')
    .default('en'),
  timezone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), '"timezone" must be an IANA zone name like Europe/London or Asia/Yerevan')
    .default('UTC'),
  permalink: z
    .string()
    .refine(
      (p) => p.startsWith('/') && p.endsWith('/') && p.includes(':slug') && !/:(?!year\b|month\b|day\b|slug\b|section\b)\w+/.test(p),
      '"permalink" must start and end with "/" and contain :slug; it may use :year, :month, :day and :section',
    )
    .default('/:year/:month/:slug/'),
  perPage: z.number().int().min(1).max(500).default(10),
  feed: z.object({ items: z.number().int().min(1).max(1000).default(20) }).default({ items: 20 }),
  embeds: z.array(z.string().min(1)).default([]),
  sections: z.array(sectionSchema).default([]),
  newsletter: newsletterSchema.optional(),
  comments: commentsSchema.optional(),
  /** Build a Pagefind index of the articles and a /search/ page (src/search/pagefind.ts). */
  search: z.boolean({ error: '"search" is true or false' }).default(false),
  /** The sharing card of pages without a hero image of their own. */
  image: z
    .string()
    .refine((src) => src.startsWith('/media/'), '"image" must be a file under content/media, written /media/..., like /media/site-card.png')
    .optional(),
  images: imagesSchema.default(IMAGE_DEFAULTS),
  gitDates: z.boolean().default(false),
});

export type SiteConfig = z.output<typeof siteSchema>;
export type SectionConfig = z.output<typeof sectionSchema>;
export type ImageOptions = z.output<typeof imagesSchema>;

const HINTS = {
  title: 'the name of the publication, e.g. title: The Daily Example',
  url: 'the address the site is published at, e.g. url: https://news.example.org/',
  sections: 'a list of {slug, title, description}',
  'sections.slug': 'e.g. slug: politics',
  'sections.title': 'e.g. title: Politics',
  perPage: 'how many articles per listing page, e.g. perPage: 10',
  ...READER_BLOCK_HINTS,
  'images.widths': 'a list of widths in pixels, e.g. widths: [480, 800, 1200, 1600]',
};

const KNOWN = {
  '': Object.keys(siteSchema.shape),
  feed: ['items'],
  sections: Object.keys(sectionSchema.shape),
  ...READER_BLOCK_KEYS,
  images: Object.keys(imagesSchema.shape),
};

const configPlaces = new WeakMap<SiteConfig, (path: PathSegment[]) => Place>();

/** Where a field of site.yaml sits, for problems found after loading (an unreadable image). */
export function locateInConfig(config: SiteConfig, path: PathSegment[]): Place {
  return configPlaces.get(config)?.(path) ?? START;
}

export interface ConfigOverrides {
  baseUrl?: string;
}

/** Reads `content/site.yaml`; returns undefined (with errors on `diagnostics`) when it is unusable. */
export async function loadConfig(root: string, diagnostics: Diagnostics, overrides: ConfigOverrides = {}): Promise<SiteConfig | undefined> {
  const path = 'content/site.yaml';
  const file = diagnostics.file(path);
  let text: string;
  try {
    text = await readFile(join(root, path), 'utf8');
  } catch {
    report(file, 'error', 'site.yaml is missing: create content/site.yaml with at least "title" and "url"', START, 'config');
    return undefined;
  }
  const yaml = parseYaml(file, text);
  const config = validateYaml(siteSchema, yaml, file, HINTS, KNOWN);
  if (!config) return undefined;
  const seen = new Set<string>();
  config.sections.forEach((section, i) => {
    if (seen.has(section.slug)) {
      report(
        file,
        'error',
        `section "${section.slug}" is listed twice: give each section its own slug`,
        yaml.locate(['sections', i, 'slug']),
        'sections',
      );
    }
    if (isReserved(section.slug)) {
      const reason = `section "${section.slug}" would take over /${section.slug}/, which the site itself uses: choose another slug`;
      report(file, 'error', reason, yaml.locate(['sections', i, 'slug']), 'sections');
    }
    seen.add(section.slug);
  });
  if (config.image && !existsSync(join(root, 'content', config.image))) {
    report(
      file,
      'error',
      `image "${config.image}" does not exist: put the file at content${config.image}`,
      yaml.locate(['image']),
      'media',
    );
  }
  configPlaces.set(config, yaml.locate);
  if (overrides.baseUrl !== undefined) config.url = overrides.baseUrl.endsWith('/') ? overrides.baseUrl : `${overrides.baseUrl}/`;
  return config;
}
