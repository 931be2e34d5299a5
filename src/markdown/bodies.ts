// The markdown stage: renders every article and page body, and files each message the
// pipeline raised on the source file, at its line in the file (not in the body).
import type { SiteConfig } from '../config.ts';
import type { Article, Page } from '../content/articles.ts';
import { report } from '../diagnostics.ts';
import { createProcessor, renderMarkdown, type MarkdownOutput } from './processor.ts';

export function renderBodies(config: SiteConfig, owners: readonly (Article | Page)[]): Map<Article | Page, MarkdownOutput> {
  const options = { embeds: config.embeds, baseUrl: config.url };
  const processor = createProcessor(options);
  const bodies = new Map<Article | Page, MarkdownOutput>();
  for (const owner of owners) {
    const quoteCount = 'quotes' in owner ? owner.quotes.length : 0;
    const output = renderMarkdown(processor, options, { markdown: owner.markdown, url: owner.url, quoteCount });
    for (const message of output.messages) {
      const place = { line: message.line + owner.bodyLine - 1, column: message.column };
      report(owner.file, message.fatal ? 'error' : 'warning', message.reason, place, message.rule);
    }
    bodies.set(owner, output);
  }
  return bodies;
}
