// Every place a local image is shown: article heroes, images in bodies, author avatars and the
// site's sharing card, each with the file and position to report a bad image at.
import { locateInConfig, type SiteConfig } from '../config.ts';
import type { Article, Page } from '../content/articles.ts';
import { AUTHORS_PATH, type AuthorRegistry } from '../content/authors.ts';
import type { Diagnostics, Place, MessageSink } from '../diagnostics.ts';
import type { BodyInfo } from '../markdown/bodies.ts';

export interface ImageUse {
  /** The site path as written, e.g. /media/2023/photo.jpg. */
  src: string;
  file: MessageSink;
  /** Looked up only when there is a problem to point at. */
  place: () => Place;
  /** A sharing card is wanted (heroes and the site image). */
  card: boolean;
}

export interface ImageSources {
  articles: readonly Article[];
  pages: readonly Page[];
  registry: AuthorRegistry | null;
  bodies: ReadonlyMap<Article | Page, BodyInfo>;
  diagnostics: Diagnostics;
}

export const isLocalMedia = (src: string) => src.startsWith('/media/');

export function imageUses(config: SiteConfig, sources: ImageSources): ImageUse[] {
  const uses: ImageUse[] = [];
  if (config.image) {
    const image = config.image;
    uses.push({
      src: image,
      file: sources.diagnostics.file('content/site.yaml'),
      place: () => locateInConfig(config, ['image']),
      card: true,
    });
  }
  for (const article of sources.articles) {
    const src = article.image?.src;
    if (src && isLocalMedia(src)) uses.push({ src, file: article.file, place: () => article.locate(['image', 'src']), card: true });
  }
  for (const owner of [...sources.articles, ...sources.pages]) {
    for (const image of sources.bodies.get(owner)?.images ?? []) {
      uses.push({ src: image.src, file: owner.file, place: () => ({ line: image.line, column: image.column }), card: false });
    }
  }
  for (const [slug, entry] of sources.registry?.entries ?? []) {
    const registry = sources.registry!;
    if (entry.avatar && isLocalMedia(entry.avatar)) {
      const file = sources.diagnostics.file(AUTHORS_PATH);
      uses.push({ src: entry.avatar, file, place: () => registry.locate(slug, 'avatar'), card: false });
    }
  }
  return uses;
}
