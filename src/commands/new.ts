// `masthead new "Headline"`: writes a new article file with today's date and the fields an
// editor fills in, so nobody has to remember the frontmatter by heart.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import { loadConfig } from '../config.ts';
import { ContentError, Diagnostics, UsageError } from '../diagnostics.ts';
import { fitSlug, MAX_SLUG_LENGTH } from '../site/slugs.ts';

export async function newArticle(root: string, positionals: string[], options: { author?: string; tags: string[] }): Promise<string> {
  const title = positionals.join(' ').trim();
  if (!title) throw new UsageError('give the headline, e.g. masthead new "Talks resume in Moscow"');
  const diagnostics = new Diagnostics();
  const config = await loadConfig(root, diagnostics);
  if (!config) throw new ContentError(diagnostics);
  // The file name is YYYY-MM-DD-<slug>.md, and a file name has at most 255 bytes.
  const slug = fitSlug(slugify(title), MAX_SLUG_LENGTH - '2023-05-25-.md'.length);
  if (!slug) throw new UsageError(`cannot make a file name from "${title}"`);
  const now = DateTime.now().setZone(config.timezone);
  const path = join(root, 'content', 'articles', now.toFormat('yyyy'), `${now.toFormat('yyyy-LL-dd')}-${slug}.md`);
  if (existsSync(path)) throw new UsageError(`${relative(root, path)} already exists`);
  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${now.toFormat("yyyy-LL-dd'T'HH:mm")}`,
    options.author ? `author: ${options.author}` : '# author: slug-from-authors-yaml',
    '# summary: "One or two sentences shown under the headline and in feeds."',
    config.sections[0] ? `section: ${config.sections[0].slug}` : '# section: slug-from-site-yaml',
    `tags: [${options.tags.map((t) => JSON.stringify(t)).join(', ')}]`,
    'draft: true',
    '---',
    '',
    'Write the article here.',
    '',
  ];
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, lines.join('\n'));
  return relative(root, path);
}
