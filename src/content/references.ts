// Checks that span files: authors and sections that exist, media that exists, and no two
// outputs claiming one URL. Every problem is reported where the editor can fix it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteConfig } from '../config.ts';
import { didYouMean, report, type Diagnostics, type Place, type MessageSink } from '../diagnostics.ts';
import { mediaPath } from '../images/formats.ts';
import { isReserved, normalizeAlias, sectionUrl } from '../site/routes.ts';
import { MAX_SLUG_LENGTH, overlongPart } from '../site/slugs.ts';
import type { PathSegment } from './yaml.ts';
import { AUTHORS_PATH, type AuthorRegistry } from './authors.ts';


/**
 * What the checks across files read of one article or page. Built from every file whose
 * frontmatter is a mapping, valid or not: for an invalid one it holds only the fields that
 * passed, so a wrong date does not hide a misspelt author of the same file until the next run.
 */
export interface ReferenceSubject {
  kind: 'article' | 'page';
  /** The site-relative source path. */
  source: string;
  file: MessageSink;
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): Place;
  /** The output path; undefined when a field it is made of is wrong. */
  url: string | undefined;
  /** The field that decides the URL, where a collision is reported. */
  urlField: 'slug' | 'date' | 'title';
  authors: readonly string[];
  section: string | undefined;
  imageSrc: string | undefined;
  aliases: readonly string[];
}

/** Checks `subjects` (articles, then pages, in file order) against each other and the site. */
export function checkReferences(
  root: string,
  config: SiteConfig,
  authors: AuthorRegistry | null,
  subjects: readonly ReferenceSubject[],
  diagnostics: Diagnostics,
): void {
  const sections = config.sections.map((s) => s.slug);
  for (const subject of subjects) {
    if (authors) {
      subject.authors.forEach((slug, i) => {
        if (authors.slugs.has(slug)) return;
        const reason = `unknown author "${slug}": add it to ${AUTHORS_PATH} or use one of its slugs${didYouMean(slug, authors.slugs)}`;
        report(subject.file, 'error', reason, subject.locate(['author', i]), 'author');
      });
    }
    if (subject.section !== undefined && !sections.includes(subject.section)) {
      const known = sections.length > 0 ? `one of ${sections.join(', ')}` : 'a section listed in site.yaml (there are none yet)';
      const reason = `unknown section "${subject.section}": use ${known}${didYouMean(subject.section, sections)}`;
      report(subject.file, 'error', reason, subject.locate(['section']), 'section');
    }
    const missingImage = subject.imageSrc && missingMedia(root, subject.imageSrc, 'image');
    if (missingImage) report(subject.file, 'error', missingImage, subject.locate(['image', 'src']), 'media');
  }
  if (authors) {
    for (const [slug, entry] of authors.entries) {
      const missingAvatar = entry.avatar && missingMedia(root, entry.avatar, 'avatar');
      if (missingAvatar) report(diagnostics.file(AUTHORS_PATH), 'error', missingAvatar, authors.locate(slug, 'avatar'), 'media');
    }
  }
  checkUrlCollisions(config, subjects);
}

/** What is wrong with a `/media/...` source, or undefined when its file exists (or it is not
 * a site path at all: an https image is not ours to check). */
function missingMedia(root: string, src: string, what: 'image' | 'avatar'): string | undefined {
  if (!src.startsWith('/media/')) return undefined;
  const path = mediaPath(src);
  if (path === undefined) return `${what} "${src}" is not a valid address: write a file under content/media as /media/..., with "%" only in escapes such as %20`;
  if (!existsSync(join(root, 'content', path))) return `${what} "${src}" does not exist: put the file at content${path}`;
  return undefined;
}

interface Claim {
  url: string;
  owner: ReferenceSubject;
  what: string;
  field: PathSegment[];
}

function checkUrlCollisions(config: SiteConfig, subjects: readonly ReferenceSubject[]): void {
  const claims: Claim[] = [];
  for (const owner of subjects) {
    // Point at what decides the URL: the slug field, else the date (articles) or the title.
    if (owner.url !== undefined) claims.push({ url: owner.url, owner, what: `this ${owner.kind}'s URL`, field: [owner.urlField] });
    owner.aliases.forEach((alias, i) => claims.push({ url: normalizeAlias(alias), owner, what: `this ${owner.kind}'s alias`, field: ['aliases', i] }));
  }
  const taken = new Map<string, Claim>();
  const sectionUrls = new Set(config.sections.map((s) => sectionUrl(s.slug)));
  for (const claim of claims) {
    const top = claim.url.split('/')[1] ?? '';
    // Positions cost a second parse of the frontmatter: look them up only for a problem.
    const where = () => claim.owner.locate(claim.field);
    if (claim.url === '/' || isReserved(top) || sectionUrls.has(claim.url)) {
      const reason = `${claim.what} ${claim.url} is taken by the site itself (home, sections, /tags/, /authors/, /search/, feeds, sitemaps): choose another ${claim.field[0] === 'aliases' ? 'alias' : 'slug'}`;
      report(claim.owner.file, 'error', reason, where(), 'url-collision');
      continue;
    }
    const overlong = overlongPart(claim.url);
    if (overlong !== undefined) {
      const fix = claim.field[0] === 'aliases' ? 'shorten the alias' : claim.owner.urlField === 'slug' ? 'shorten the slug' : 'add a shorter "slug" field';
      const reason = `${claim.what} has a part of ${Buffer.byteLength(overlong)} bytes, more than a folder name may have (${MAX_SLUG_LENGTH}): ${fix}`;
      report(claim.owner.file, 'error', reason, where(), 'url-too-long');
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

