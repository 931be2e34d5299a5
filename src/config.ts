// content/site.yaml -> SiteConfig: the site's identity, URLs, timezone and sections, with
// defaults for everything optional and positioned errors for everything wrong.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { report, START, type Diagnostics } from './diagnostics.ts';
import { withoutControlCharacters } from './content/schema.ts';
import { validateYaml } from './content/validate.ts';
import { parseYaml } from './content/yaml.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const displayText = z.string().transform(withoutControlCharacters).pipe(z.string().trim().min(1));

const sectionSchema = z.object({
  slug: z.string().regex(SLUG, 'a section "slug" uses lowercase letters, digits and hyphens, like "world-news"'),
  title: displayText,
  description: z.string().transform(withoutControlCharacters).optional(),
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
  gitDates: z.boolean().default(false),
});

export type SiteConfig = z.output<typeof siteSchema>;
export type SectionConfig = z.output<typeof sectionSchema>;

const HINTS = {
  title: 'the name of the publication, e.g. title: The Daily Example',
  url: 'the address the site is published at, e.g. url: https://news.example.org/',
  sections: 'a list of {slug, title, description}',
  'sections.slug': 'e.g. slug: politics',
  'sections.title': 'e.g. title: Politics',
  perPage: 'how many articles per listing page, e.g. perPage: 10',
};

const KNOWN = {
  '': Object.keys(siteSchema.shape),
  feed: ['items'],
  sections: Object.keys(sectionSchema.shape),
};

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
    seen.add(section.slug);
  });
  if (overrides.baseUrl !== undefined) config.url = overrides.baseUrl.endsWith('/') ? overrides.baseUrl : `${overrides.baseUrl}/`;
  return config;
}
