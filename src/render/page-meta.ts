// What every page tells the layout about itself (PageMeta: title, description, feed, sharing
// card), with the site's defaults filled in.
import type { Article } from '../content/articles.ts';
import { isLocalMedia } from '../images/uses.ts';
import { sharingCard } from '../images/views.ts';
import { absoluteUrl } from '../urls.ts';
import type { PageMeta, RenderContext } from './context.ts';

export function meta(ctx: RenderContext, fields: Partial<PageMeta> & Pick<PageMeta, 'kind' | 'url' | 'title'>): PageMeta {
  const siteTitle = ctx.site.config.title;
  return {
    description: ctx.site.config.description,
    feed: null,
    section: null,
    ...shareImage(ctx, undefined),
    noindex: false,
    ...fields,
    title: fields.title === siteTitle ? siteTitle : `${fields.title} | ${siteTitle}`,
  };
}

/** The sharing card of a page: the 1200x630 crop of its hero, or of the site's `image`; a hero
 * on another host is shared as it is, its size unknown. */
export function shareImage(
  ctx: RenderContext,
  hero: Article['image'],
): Pick<PageMeta, 'image' | 'image_width' | 'image_height' | 'image_alt'> {
  const base = ctx.site.config.url;
  const card = sharingCard(ctx.images, hero?.src);
  if (card) return { image: absoluteUrl(base, card.url), image_width: card.width, image_height: card.height, image_alt: hero!.alt };
  if (hero && !isLocalMedia(hero.src)) return { image: hero.src, image_width: null, image_height: null, image_alt: hero.alt };
  const site = sharingCard(ctx.images, ctx.site.config.image);
  if (site)
    return { image: absoluteUrl(base, site.url), image_width: site.width, image_height: site.height, image_alt: ctx.site.config.title };
  return { image: null, image_width: null, image_height: null, image_alt: null };
}
