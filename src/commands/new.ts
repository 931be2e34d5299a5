// `masthead new "Headline"`: writes a new draft article with today's date and every frontmatter
// field, the optional ones commented out with an example, so nobody has to remember them by
// heart. Authors and sections given on the command line are checked before anything is written.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import { loadConfig, type SiteConfig } from '../config.ts';
import { AUTHORS_PATH, loadAuthors } from '../content/authors.ts';
import { SLUG_PATTERN } from '../content/schema.ts';
import { ContentError, Diagnostics, didYouMean, UsageError } from '../diagnostics.ts';
import { fitSlug, MAX_SLUG_LENGTH } from '../site/slugs.ts';

export interface NewArticleOptions {
  /** Author slugs from authors.yaml (or names, when the site has none). @default none */
  authors: string[];
  /** A section slug from site.yaml. @default none */
  section?: string;
  tags: string[];
}

/** Writes the article and returns its path relative to `root`. */
export async function newArticle(root: string, positionals: string[], options: NewArticleOptions): Promise<string> {
  const title = positionals.join(' ').trim();
  if (!title) throw new UsageError('give the headline, e.g. masthead new "Talks resume in Moscow"');
  const diagnostics = new Diagnostics();
  const config = await loadConfig(root, diagnostics);
  const registry = await loadAuthors(root, diagnostics);
  if (!config || registry === undefined || diagnostics.errorCount() > 0) throw new ContentError(diagnostics);
  if (registry) {
    for (const author of options.authors) refuseUnknown('author', author, [...registry.entries.keys()], AUTHORS_PATH);
  }
  if (options.section !== undefined) {
    refuseUnknown(
      'section',
      options.section,
      config.sections.map((s) => s.slug),
      'content/site.yaml',
    );
  }
  if (options.tags.some((tag) => tag.trim() === '')) throw new UsageError('--tag needs a name, e.g. --tag Elections');
  // The file name is YYYY-MM-DD-<slug>.md, and a file name has at most 255 bytes.
  const slug = fitSlug(slugify(title), MAX_SLUG_LENGTH - '2023-05-25-.md'.length);
  if (!slug) throw new UsageError(`cannot make a file name from "${title}"`);
  const now = DateTime.now().setZone(config.timezone).startOf('minute');
  const path = join(root, 'content', 'articles', now.toFormat('yyyy'), `${now.toFormat('yyyy-LL-dd')}-${slug}.md`);
  if (existsSync(path)) throw new UsageError(`${relative(root, path)} already exists`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, skeleton(title, slug, now, config, registry ? [...registry.entries.keys()] : null, options));
  return relative(root, path);
}

function refuseUnknown(what: 'author' | 'section', value: string, known: readonly string[], where: string): void {
  if (known.includes(value)) return;
  const listed = known.length > 0 ? `${where} lists ${known.join(', ')}` : `${where} lists no ${what}s yet`;
  throw new UsageError(`unknown ${what} "${value}" (--${what}): ${listed}${didYouMean(value, known)}`);
}

/** The file's text: the given fields, then every optional one as a commented example. */
function skeleton(
  title: string,
  slug: string,
  now: DateTime,
  config: SiteConfig,
  authorSlugs: string[] | null,
  options: NewArticleOptions,
): string {
  const date = now.toFormat("yyyy-LL-dd'T'HH:mm");
  const sections = config.sections.map((s) => s.slug);
  const authorHelp = authorSlugs ? `a slug from ${AUTHORS_PATH} (${authorSlugs.join(', ')}), or a list` : 'a name, or a list of names';
  const authors = options.authors.map(yamlValue);
  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date} # when it is published, in the site's timezone (${config.timezone})`,
    authors.length > 0
      ? `author: ${authors.length === 1 ? authors[0] : `[${authors.join(', ')}]`} # ${authorHelp}`
      : `# author: ${authorSlugs?.[0] ?? '"Ani Sargsyan"'} # ${authorHelp}`,
    '# summary: "One or two sentences shown under the headline, in lists and in feeds; plain text."',
    options.section !== undefined
      ? `section: ${options.section}`
      : `# section: ${sections[0] ?? 'politics'} # ${sections.length > 0 ? `one of ${sections.join(', ')}` : 'a section slug from site.yaml'}`,
    `tags: [${options.tags.map((t) => JSON.stringify(t.trim())).join(', ')}]`,
    'draft: true # built only with --drafts: remove this line to publish',
    `# updated: ${date} # when it last changed; not before "date"`,
    '# image: # the picture at the top',
    `#   src: /media/${now.toFormat('yyyy')}/photo.jpg # a file under content/media, or an https address`,
    '#   alt: "What the picture shows, for readers who cannot see it"',
    '#   caption: "A sentence shown under it"',
    '#   credit: "Photo: who took it"',
    '# quotes: # pull quotes; ::pullquote{n=1} in the body places the first',
    '#   - text: "The words quoted"',
    '#     by: "Who said them"',
    '#     role: "Who they are"',
    '#     source: "Where they said them"',
    `# slug: ${slug} # the last part of the URL; by default the file name without the date`,
    '# aliases: [/2019/05/an-old-address/] # old addresses that must keep working',
    '# corrections: # what was corrected after publication, and when',
    `#   - date: ${now.toFormat('yyyy-LL-dd')}`,
    '#     text: "An earlier version gave the wrong date of the vote."',
    '# comments: false # no comments under this article; or a link to its discussion elsewhere',
    '---',
    '',
    'Write the article here.',
    '',
  ];
  return lines.join('\n');
}

/** A slug as it is; anything else (a plain name) quoted, so YAML reads it as text. */
function yamlValue(value: string): string {
  return SLUG_PATTERN.test(value) ? value : JSON.stringify(value);
}
