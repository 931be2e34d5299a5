// Renders a batch of bodies and stores each in the body cache; returns only the small summary
// (word count, messages), so HTML never travels back to the main thread. Runs in a worker
// thread of the pool, or in-process when a pool would not pay off.
import { BodyCache } from '../output/cache.ts';
import { createProcessor, renderMarkdown, type MarkdownOptions } from './processor.ts';

export interface BodyTask {
  options: MarkdownOptions;
  cacheDir: string;
  items: { key: string; markdown: string; url: string; quoteCount: number }[];
}

export interface BodyResult {
  key: string;
  wordCount: number;
  messages: { reason: string; line: number; column: number; fatal: boolean; rule: string }[];
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
    const output = renderMarkdown(processor, task.options, item);
    await cache.write({ key: item.key, ...output });
    results.push({ key: item.key, wordCount: output.wordCount, messages: output.messages });
  }
  return results;
}
