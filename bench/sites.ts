// Writes one corpus as a masthead site (content/ plus this repository's templates), to be
// built by `npm run bench`.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { AUTHORS, SECTIONS, type CorpusArticle } from './corpus.ts';

export function writeMastheadSite(dir: string, articles: readonly CorpusArticle[], templates: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'content', 'articles'), { recursive: true });
  const site = {
    title: 'Bench Times',
    url: 'https://bench.example.org/',
    description: 'A generated archive.',
    language: 'en',
    timezone: 'UTC',
    sections: SECTIONS.map((slug) => ({ slug, title: slug[0]!.toUpperCase() + slug.slice(1) })),
  };
  writeFileSync(join(dir, 'content', 'site.yaml'), stringify(site));
  writeFileSync(
    join(dir, 'content', 'authors.yaml'),
    stringify(Object.fromEntries(AUTHORS.map((slug, i) => [slug, { name: `Reporter ${i + 1}`, role: 'Correspondent' }]))),
  );
  for (const article of articles) {
    const year = article.date.slice(0, 4);
    const frontmatter = {
      title: article.title,
      date: article.date,
      author: article.author,
      section: article.section,
      tags: article.tags,
      summary: article.summary,
      quotes: [article.quote],
    };
    mkdirSync(join(dir, 'content', 'articles', year), { recursive: true });
    writeFileSync(join(dir, 'content', 'articles', year, `${article.slug}.md`), `---\n${stringify(frontmatter)}---\n\n${article.body}`);
  }
  cpSync(templates, join(dir, 'templates'), { recursive: true });
}
