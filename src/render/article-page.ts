// One article's own page as a planned output. An archive plans one per article and keeps the
// plan to the end of the build, so each holds only its article and works out the rest (meta,
// comments, views) when asked: a few dozen bytes per article rather than closures over views.
import type { Article, Page } from '../content/articles.ts';
import { FEED_URL, outputPath } from '../site/routes.ts';
import type { RenderContext } from './context.ts';
import { meta, shareImage } from './page-meta.ts';
import type { Output } from './pages.ts';
import type { RenderedPage } from './renderer.ts';
import { commentsView } from './reader-blocks.ts';

export class ArticlePage implements Output {
  readonly path: string;
  readonly template = 'article';

  constructor(
    private readonly ctx: RenderContext,
    private readonly article: Article,
    /** Up to three related articles (remembered by the function, not here). */
    private readonly relatedTo: (article: Article) => Article[],
  ) {
    this.path = outputPath(article.url);
  }

  get url(): string {
    return this.article.url;
  }

  uses(): readonly (Article | Page)[] {
    return [this.article, ...this.relatedTo(this.article)];
  }

  /** Everything the full view derives from, lighter to hash than the view itself: the card
   * (shared, so hashed once), quotes, corrections, the body's key and the related cards. */
  inputs(): unknown {
    const { ctx, article } = this;
    const { quotes, corrections } = article;
    const data = {
      card: ctx.views.article(article),
      quotes,
      corrections,
      body: ctx.bodyKey(article),
      related: this.relatedTo(article).map(ctx.views.article),
      comments: commentsView(ctx.site.config, article),
    };
    return { template: this.template, meta: this.meta(), data };
  }

  async produce(): Promise<RenderedPage | undefined> {
    const { ctx, article } = this;
    const body = await ctx.body(article, false);
    const data = {
      article: ctx.views.fullArticle(article, body),
      related: this.relatedTo(article).map(ctx.views.article),
      comments: commentsView(ctx.site.config, article),
    };
    return ctx.renderPage(this.template, this.meta(), data);
  }

  private meta() {
    const { ctx, article } = this;
    return meta(ctx, {
      kind: 'article',
      url: article.url,
      title: article.title,
      description: article.summary ?? ctx.site.config.description,
      section: article.section ?? null,
      ...shareImage(ctx, article.image),
      feed: FEED_URL,
    });
  }
}
