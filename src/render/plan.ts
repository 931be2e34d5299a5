// The output plan: every page, then the feeds and sitemaps (which list the pages).
import { planFeeds } from '../feeds/plan.ts';
import type { RenderContext } from './context.ts';
import { planPages, type Output } from './pages.ts';

export function planOutputs(ctx: RenderContext): { pages: Output[]; outputs: Output[] } {
  const pages = planPages(ctx);
  const urls = pages.flatMap((o) => (o.url ? [o.url] : []));
  return { pages, outputs: [...pages, ...planFeeds(ctx, urls)] };
}
