// The shapes of what editors write: article and page frontmatter and authors.yaml, as zod
// schemas, with the hint each field's error message gives.
import { z } from 'zod';
import { MAX_SLUG_LENGTH } from '../site/slugs.ts';
import { dateField } from './dates.ts';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Control characters cannot be shown (HTML and XML forbid most of them); editors never mean them. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
export const withoutControlCharacters = (value: string) => value.replace(CONTROL, '');

const text = z.string().transform(withoutControlCharacters).pipe(z.string().trim().min(1));
const optionalText = text.optional();

/** A site path to a file under content/media ("/media/...") or an http(s) address. */
function mediaSource(field: string) {
  return z.string().superRefine((src, ctx) => {
    if (!src.startsWith('/media/') && !/^https?:\/\//.test(src)) {
      ctx.addIssue({ code: 'custom', message: `${field} must be a file under content/media, written /media/..., or an http(s) address; found "${src}"` });
    }
  });
}

const slug = z
  .string()
  .regex(SLUG_PATTERN, {
    message: '"slug" may use only lowercase letters, digits and single hyphens, like "talks-in-moscow"',
  })
  // A slug is a folder name in the output; one the editor wrote is theirs to shorten, not ours.
  .max(MAX_SLUG_LENGTH, {
    message: `a slug may be at most ${MAX_SLUG_LENGTH} characters, as it becomes a folder name: shorten it`,
  });

/** An old URL path that must keep working; it may not leave the output folder. */
const aliasPath = z.string().superRefine((path, ctx) => {
  const problem = aliasProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: `alias "${path}" ${problem}` });
});

export function aliasProblem(path: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//')) return 'must be a path on this site starting with "/", like /2019/old-story/';
  if (/[\\?#]/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20)) return 'may not contain backslashes, control characters, "?" or "#"';
  if (path.split('/').some((part) => part === '.' || part === '..')) return 'may not contain "." or ".." segments';
  const top = path.split('/')[1];
  if (top === 'assets' || top === 'media') return 'may not point into /assets/ or /media/';
  return undefined;
}

/** One author, or a list: slugs from authors.yaml, or plain names when there is none. */
const authorList = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(text).min(1));

/** Tags are text; a bare number such as 2023 is read as its text. */
const tagList = z.array(z.preprocess((value) => (typeof value === 'number' ? String(value) : value), text));

const imageSchema = z.object({
  src: mediaSource('image "src"'),
  alt: text,
  caption: optionalText,
  credit: optionalText,
});

const quoteSchema = z.object({ text, by: text, role: optionalText, source: optionalText });

/** An article's `comments`: false turns them off, true keeps the site's, an address links to the
 * article's discussion elsewhere (a Mastodon or Bluesky post, a forum thread). */
const articleComments = z.unknown().transform((value, ctx): boolean | string => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value)) return new URL(value).href;
  const found = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  ctx.addIssue({
    code: 'custom',
    message: `"comments" must be false (no comments under this article) or the address of its discussion, like https://mastodon.social/@newsroom/1234; found ${found}`,
  });
  return z.NEVER;
});

const articleSchemas = new Map<string, ReturnType<typeof buildArticleSchema>>();

/** The article schema for a site timezone; built once per zone, as building one is costly. */
export function articleSchema(zone: string) {
  let schema = articleSchemas.get(zone);
  if (!schema) {
    schema = buildArticleSchema(zone);
    articleSchemas.set(zone, schema);
  }
  return schema;
}

function buildArticleSchema(zone: string) {
  return z.object({
    title: text,
    date: dateField(zone),
    updated: dateField(zone).optional(),
    author: authorList.optional(),
    summary: optionalText,
    section: optionalText,
    tags: tagList.default([]),
    image: imageSchema.optional(),
    quotes: z.array(quoteSchema).default([]),
    slug: slug.optional(),
    draft: z.boolean().default(false),
    aliases: z.array(aliasPath).default([]),
    corrections: z.array(z.object({ date: dateField(zone), text })).default([]),
    comments: articleComments.optional(),
  });
}

export type ArticleFrontmatter = z.output<ReturnType<typeof buildArticleSchema>>;

export const pageSchema = z.object({
  title: text,
  summary: optionalText,
  slug: slug.optional(),
  draft: z.boolean().default(false),
  aliases: z.array(aliasPath).default([]),
});

export type PageFrontmatter = z.output<typeof pageSchema>;

const linkSchema = z.object({ label: text, url: z.url({ protocol: /^(https?|mailto)$/ }).transform((url) => new URL(url).href) });

export const authorSchema = z.object({
  name: text,
  role: optionalText,
  bio: optionalText,
  avatar: mediaSource('"avatar"').optional(),
  links: z.array(linkSchema).default([]),
});

export const authorsFileSchema = z.record(slug, authorSchema);
export type AuthorEntry = z.output<typeof authorSchema>;

export const ARTICLE_KEYS = {
  '': Object.keys(articleSchema('UTC').shape),
  image: Object.keys(imageSchema.shape),
  quotes: Object.keys(quoteSchema.shape),
  corrections: ['date', 'text'],
};
export const PAGE_KEYS = { '': Object.keys(pageSchema.shape) };

export const ARTICLE_HINTS = {
  title: 'add a headline, e.g. title: "Talks resume in Moscow"',
  summary: 'write a sentence or two, or remove the line',
  section: 'write a section slug from site.yaml, or remove the line',
  date: 'add the publication date, e.g. date: 2023-05-25 or date: 2023-05-25T09:30',
  author: 'write an author slug from authors.yaml, or a list of them',
  tags: 'write a list, e.g. tags: [Armenia, Russia]',
  'image.src': 'e.g. src: /media/2023/photo.jpg',
  'image.alt': 'describe what the image shows for readers who cannot see it',
  'quotes.text': 'each pull quote needs the quoted words',
  'quotes.by': 'each pull quote needs the name of who said it',
  quotes: 'a list of {text, by, role, source}',
  corrections: 'a list of {date, text}',
  'corrections.text': 'say what was corrected',
  aliases: 'a list of old paths, e.g. aliases: [/2019/old-story/]',
  draft: 'write draft: true or draft: false',
};

export const PAGE_HINTS = { title: 'add a title, e.g. title: About us', draft: ARTICLE_HINTS.draft, aliases: ARTICLE_HINTS.aliases };
