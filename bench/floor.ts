// The machine's markdown floor: what masthead's body pipeline alone costs for the archive. A
// sample of the corpus's bodies goes through the same renderer a build uses (one frozen
// processor, renderMarkdown), in this process on one thread after a warm-up; the CPU time per
// body, times the articles, divided by the cores, is the least a cold build can take here.
import { availableParallelism } from 'node:os';
import { createProcessor, renderMarkdown, type MarkdownOptions } from '../src/markdown/processor.ts';
import type { CorpusArticle } from './corpus.ts';

export interface Floor {
  /** CPU milliseconds per body, on one thread. */
  msPerArticle: number;
  /** Wall-clock milliseconds per body, for comparison (equal to the CPU time on an idle machine, save GC threads). */
  wallMsPerArticle: number;
  sampled: number;
  articles: number;
  cores: number;
  /** msPerArticle × articles / cores, in seconds. */
  seconds: number;
}

const OPTIONS: MarkdownOptions = { embeds: [], baseUrl: 'https://bench.example.org/' };
const WARM_UP = 100;

export function measureFloor(articles: readonly CorpusArticle[], sampleSize = 300): Floor {
  // Spread over the archive, so the sample has its mix of tables, quotes and lists.
  const step = Math.max(1, Math.floor(articles.length / sampleSize));
  const sample = articles.filter((_, i) => i % step === 0).slice(0, sampleSize);
  const processor = createProcessor(OPTIONS);
  const render = (article: CorpusArticle) => {
    const url = `/${article.date.slice(0, 4)}/${article.date.slice(5, 7)}/${article.slug}/`;
    // One pull quote each, as the bench site's frontmatter has: the pipeline places it.
    return renderMarkdown(processor, OPTIONS, { markdown: article.body, url, quoteCount: 1 });
  };
  for (let i = 0; i < WARM_UP; i++) render(sample[i % sample.length]!);
  const before = process.cpuUsage();
  const started = performance.now();
  for (const article of sample) render(article);
  const wallMsPerArticle = (performance.now() - started) / sample.length;
  const used = process.cpuUsage(before);
  const msPerArticle = (used.user + used.system) / 1000 / sample.length;
  const cores = availableParallelism();
  return {
    msPerArticle,
    wallMsPerArticle,
    sampled: sample.length,
    articles: articles.length,
    cores,
    seconds: (msPerArticle * articles.length) / cores / 1000,
  };
}
