// Renders a batch of bodies and stores each in the body cache; returns only the small summary
// (word count, messages, local links), so HTML never travels back to the main thread. Runs in a worker
// thread of the pool, or in-process when a pool would not pay off.
import { readFileSync } from 'node:fs';
import { bodyOf, hashBody } from '../content/articles.ts';
import { BodyCache } from '../output/cache.ts';
import type { BodyLink } from './links.ts';
import type { BodyImage } from './plugins/images.ts';
import { createProcessor, renderMarkdown, type MarkdownOptions } from './processor.ts';

export interface BodyTask {
  options: MarkdownOptions;
  cacheDir: string;
  /** Each body by its source file; the worker reads the text, so it never travels between threads. */
  items: { key: string; file: string; bodyHash: string; url: string; quoteCount: number }[];
}

export interface BodyResult {
  key: string;
  wordCount: number;
  messages: { reason: string; line: number; column: number; fatal: boolean; rule: string }[];
  links: BodyLink[];
  images: BodyImage[];
}

let processor: ReturnType<typeof createProcessor> | undefined;
let processorFor = '';

export default async function renderBatch(task: BodyTask): Promise<BodyResult[]> {
  const optionsKey = JSON.stringify(task.options);
  if (!processor || processorFor !== optionsKey) {
    processor = createProcessor(task.options);
    processorFor = optionsKey;
  }
  const cache = new BodyCache(task.cacheDir);
  const results: BodyResult[] = [];
  for (const item of task.items) {
    // Synchronous, as the cache's write (output/cache.ts): the thread would only wait in line.
    const markdown = bodyOf(readFileSync(item.file, 'utf8'));
    if (hashBody(markdown) !== item.bodyHash) {
      // Saved again while the build ran: this build's other stages saw the earlier text.
      const reason = 'the file changed while the site was being built: build again';
      results.push({
        key: item.key,
        wordCount: 0,
        messages: [{ reason, line: 1, column: 1, fatal: true, rule: 'changed' }],
        links: [],
        images: [],
      });
      continue;
    }
    const { links, ...output } = renderMarkdown(processor, task.options, { markdown, url: item.url, quoteCount: item.quoteCount });
    cache.write({ key: item.key, ...output, links });
    results.push({ key: item.key, wordCount: output.wordCount, messages: output.messages, links, images: output.images });
  }
  return results;
}
