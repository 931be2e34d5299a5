// Checks that span files: authors and sections that exist, media that exists, and no two
// outputs claiming one URL. Every problem is reported where the editor can fix it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteConfig } from '../config.ts';
import { didYouMean, report, type Diagnostics } from '../diagnostics.ts';
import { placeOf, type Article, type Page } from './articles.ts';
import type { PathSegment } from './yaml.ts';
import { AUTHORS_PATH, type AuthorRegistry } from './authors.ts';

/** Paths the generator itself writes; a page, alias or section may not take them over. */
const RESERVED = ['tags', 'authors', 'page', 'assets', 'media', 'feed.xml', 'feed.json', 'sitemap.xml', 'news-sitemap.xml', 'robots.txt', '404.html', '_redirects'];

export function checkReferences(
  root: string,
  config: SiteConfig,
  authors: AuthorRegistry | null,
  articles: readonly Article[],
  pages: readonly Page[],
  diagnostics: Diagnostics,
): void {
  const sections = config.sections.map((s) => s.slug);
  for (const article of articles) {
    if (authors) {
      article.authors.forEach((slug, i) => {
        if (authors.entries.has(slug)) return;
        const reason = `unknown author "${slug}": add it to ${AUTHORS_PATH} or use one of its slugs${didYouMean(slug, authors.entries.keys())}`;
        report(article.file, 'error', reason, placeOf(article, ['author', i]), 'author');
      });
    }
    if (article.section !== undefined && !sections.includes(article.section)) {
      const known = sections.length > 0 ? `one of ${sections.join(', ')}` : 'a section listed in site.yaml (there are none yet)';
      const reason = `unknown section "${article.section}": use ${known}${didYouMean(article.section, sections)}`;
      report(article.file, 'error', reason, placeOf(article, ['section']), 'section');
    }
    if (article.image?.src.startsWith('/media/') && !mediaExists(root, article.image.src)) {
      report(article.file, 'error', `image "${article.image.src}" does not exist: put the file at content${article.image.src}`, placeOf(article, ['image', 'src']), 'media');
    }
  }
  if (authors) {
    for (const [slug, entry] of authors.entries) {
      if (entry.avatar?.startsWith('/media/') && !mediaExists(root, entry.avatar)) {
        report(diagnostics.file(AUTHORS_PATH), 'error', `avatar "${entry.avatar}" does not exist: put the file at content${entry.avatar}`, authors.locate(slug, 'avatar'), 'media');
      }
    }
  }
  checkUrlCollisions(config, articles, pages);
}

function mediaExists(root: string, src: string): boolean {
  const path = decodeURI(src.split(/[?#]/)[0]!);
  return !path.split('/').includes('..') && existsSync(join(root, 'content', path));
}

interface Claim {
  url: string;
  owner: Article | Page;
  what: string;
  field: PathSegment[];
}

function checkUrlCollisions(config: SiteConfig, articles: readonly Article[], pages: readonly Page[]): void {
  const claims: Claim[] = [];
  for (const owner of [...articles, ...pages]) {
    // Point at what decides the URL: the slug field, else the date (articles) or the title.
    const slugField = owner.explicitSlug ? ['slug'] : 'date' in owner ? ['date'] : ['title'];
    const kind = 'date' in owner ? 'article' : 'page';
    claims.push({ url: owner.url, owner, what: `this ${kind}'s URL`, field: slugField });
    owner.aliases.forEach((alias, i) => claims.push({ url: normalizeAlias(alias), owner, what: `this ${kind}'s alias`, field: ['aliases', i] }));
  }
  const taken = new Map<string, Claim>();
  const sectionUrls = new Set(config.sections.map((s) => `/${s.slug}/`));
  for (const claim of claims) {
    const top = claim.url.split('/')[1] ?? '';
    // Positions cost a second parse of the frontmatter: look them up only for a problem.
    const where = () => placeOf(claim.owner, claim.field);
    if (claim.url === '/' || RESERVED.includes(top) || sectionUrls.has(claim.url)) {
      const reason = `${claim.what} ${claim.url} is taken by the site itself (home, sections, /tags/, /authors/, feeds): choose another ${claim.field[0] === 'aliases' ? 'alias' : 'slug'}`;
      report(claim.owner.file, 'error', reason, where(), 'url-collision');
      continue;
    }
    const first = taken.get(claim.url);
    if (first && first.owner !== claim.owner) {
      const reason = `${claim.what} ${claim.url} is also used by ${first.owner.source}: give one of them a different "slug"${claim.field[0] === 'date' ? ' (the URL comes from the date and the file name)' : claim.field[0] === 'title' ? ' (the URL comes from the file name)' : ''}`;
      report(claim.owner.file, 'error', reason, where(), 'url-collision');
    } else if (!first) {
      taken.set(claim.url, claim);
    }
  }
}

/** `/2019/old-story` and `/2019/old-story/index.html` both mean the folder `/2019/old-story/`. */
export function normalizeAlias(alias: string): string {
  const withoutIndex = alias.replace(/\/index\.html?$/, '/');
  return withoutIndex.endsWith('/') || /\.[a-z0-9]+$/i.test(withoutIndex) ? withoutIndex : `${withoutIndex}/`;
}
