// Everything the render stage needs in one place: the site, its views, the engine, and the
// article bodies (read back from the body cache) with their pull quotes put in by the
// pull-quote partial.
import type { Article, Page } from '../content/articles.ts';
import type { AuthorRegistry } from '../content/authors.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { ImageSet } from '../images/stage.ts';
import { fillBodyImages } from '../images/views.ts';
import type { BodyInfo, BodyReader } from '../markdown/bodies.ts';
import { PULLQUOTE_MARKER } from '../markdown/plugins/pullquotes.ts';
import type { Site } from '../site/model.ts';
import { absoluteUrl } from '../urls.ts';
import type { Globals } from './engine.ts';
import { newsletterView } from './reader-blocks.ts';
import type { RenderedPage, Renderer } from './renderer.ts';
import { FEED_URL, JSON_FEED_URL, SEARCH_URL } from '../site/routes.ts';
import { sectionView, ViewIndex } from './views.ts';

export interface PageMeta {
  kind: string;
  url: string;
  title: string;
  description: string;
  feed: string | null;
  section: string | null;
  /** The sharing card: an absolute URL, its size and its alt text, or all null. */
  image: string | null;
  image_width: number | null;
  image_height: number | null;
  image_alt: string | null;
  noindex: boolean;
}

export class RenderContext {
  readonly views: ViewIndex;
  /** The values every template sees; part of every output's inputs. */
  readonly siteGlobal: Globals['site'];

  constructor(
    readonly site: Site,
    readonly renderer: Renderer,
    readonly diagnostics: Diagnostics,
    registry: AuthorRegistry | null,
    private readonly bodyInfo: ReadonlyMap<Article | Page, BodyInfo>,
    private readonly reader: BodyReader,
    readonly assets: Record<string, string>,
    readonly images: ImageSet,
  ) {
    this.views = new ViewIndex(site, registry, (article) => bodyInfo.get(article)?.wordCount ?? 0, images);
    const { title, description, language, url } = site.config;
    this.siteGlobal = {
      title,
      description,
      language,
      url,
      feed: FEED_URL,
      json_feed: JSON_FEED_URL,
      search: site.config.search ? SEARCH_URL : null,
      sections: site.sections.map(sectionView),
      pages: site.pages.map((page) => ({ title: page.title, url: page.url })),
      copyright_year: site.now.setZone(site.config.timezone).toFormat('yyyy'),
      newsletter: newsletterView(site.config),
    };
  }

  /** Renders `template` as the page `meta` describes (on a worker thread when there are many to
   * render); undefined when the template failed. */
  renderPage(template: string, meta: PageMeta, data: object): Promise<RenderedPage | undefined> {
    return this.renderer.render(template, data, this.globals(meta));
  }

  private globals(meta: PageMeta): Globals {
    return { site: this.siteGlobal, meta: { ...meta, canonical: absoluteUrl(this.site.config.url, meta.url) }, assets: this.assets };
  }

  /** Identifies a body as pages and feeds show it, without reading it: the cached HTML's key
   * and the pull quotes put into it. Stands in for the body in output inputs. */
  bodyKey(owner: Article | Page): string {
    const quotes = owner.kind === 'article' ? quotesKey(owner) : '';
    const info = this.bodyInfo.get(owner);
    // The images the body shows, by their cache keys: an edited photo changes exactly the
    // pages and feeds that show it.
    const images = info?.images.length ? JSON.stringify(info.images.map((image) => this.images.get(image.src)?.key ?? null)) : '';
    return `${info?.key ?? ''}${quotes}${images}`;
  }

  /** A body for its own page (`feed` false) or for feeds, with pull quotes in place. */
  async body(owner: Article | Page, feed: boolean): Promise<string> {
    const cached = await this.reader.read(owner);
    if (!cached) return '';
    const images = this.bodyInfo.get(owner)?.images ?? [];
    const html = fillBodyImages(feed ? cached.feedHtml : cached.html, images, this.images, feed ? null : owner.url);
    const quotes = owner.kind === 'article' ? owner.quotes : [];
    const meta: PageMeta = {
      kind: 'article',
      url: owner.url,
      title: owner.title,
      description: '',
      feed: null,
      section: null,
      image: null,
      image_width: null,
      image_height: null,
      image_alt: null,
      noindex: false,
    };
    return html.replace(PULLQUOTE_MARKER, (_, n: string) => {
      const quote = quotes[Number(n) - 1];
      if (!quote) return '';
      const view = { n: Number(n), text: quote.text, by: quote.by, role: quote.role ?? null, source: quote.source ?? null };
      // On the main thread: a partial of a few lines costs less to render than a message to a
      // thread, and feeds, which are assembled here, need the same.
      return this.renderer.engine.render('partials/pullquote', { quote: view }, this.globals(meta), this.diagnostics) ?? '';
    });
  }
}

/** An article's pull quotes as JSON, kept with its record: every output's inputs name the body
 * of each article they show, on every build (a changed record is a new object). */
const quoteKeys = new WeakMap<Article, string>();

function quotesKey(article: Article): string {
  let key = quoteKeys.get(article);
  if (key === undefined) {
    key = JSON.stringify(article.quotes);
    quoteKeys.set(article, key);
  }
  return key;
}
