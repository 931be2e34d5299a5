// Generates a realistic news archive for benchmarks: ~900-word articles with sub-headings,
// lists, now and then a table or a quote, links, 2-5 tags out of ~200, one pull quote, an
// author out of a dozen, five sections. Seeded, so every run writes the same corpus.

export interface CorpusArticle {
  slug: string;
  title: string;
  /** ISO date-time with offset. */
  date: string;
  author: string;
  section: string;
  tags: string[];
  summary: string;
  quote: { text: string; by: string; role: string };
  /** Markdown body (no frontmatter). */
  body: string;
}

export const SECTIONS = ['politics', 'economy', 'society', 'world', 'culture'];
export const AUTHORS = Array.from({ length: 12 }, (_, i) => `author-${String(i + 1).padStart(2, '0')}`);

const WORDS = `government minister parliament election border trade agreement region capital talks treaty
economy market prices energy gas pipeline exports imports currency inflation budget reform court
opposition coalition protest village city mountain river road railway harbour school hospital
teachers doctors farmers workers students families residents officials analysts reporters
week month year morning evening spring summer autumn winter meeting statement report survey
growth decline increase shortage supply demand investment project plan proposal vote debate
security peace negotiations ceasefire corridor province district council mayor governor`.split(/\s+/);

/** A small deterministic PRNG (mulberry32), so the corpus is identical on every run (and
 * scripts/make-photos.ts draws the same pictures). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCorpus(size: number, seed = 42): CorpusArticle[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const text = words(8 + Math.floor(next() * 14));
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 4 + Math.floor(next() * 3) }, sentence).join(' ');
  const tagPool = Array.from({ length: 200 }, (_, i) => `${pick(WORDS)} ${i + 1}`);
  const start = Date.UTC(2019, 0, 1);
  const articles: CorpusArticle[] = [];
  for (let i = 0; i < size; i++) {
    const when = new Date(start + Math.floor((i * 6 * 365 * 86400000) / Math.max(1, size)) + Math.floor(next() * 3600000));
    const parts: string[] = [];
    for (let s = 0; s < 4; s++) {
      parts.push(`## ${capitalize(words(4))}`, paragraph(), paragraph());
      if (next() < 0.5) parts.push(Array.from({ length: 3 + Math.floor(next() * 3) }, () => `- ${capitalize(words(6))}`).join('\n'));
      if (s === 1) parts.push(`${paragraph()} See [the earlier report](https://example.org/${i}/) and [our archive](/tags/).`);
      if (s === 2 && next() < 0.2)
        parts.push('| Year | Value | Change |\n| --- | ---: | ---: |\n| 2021 | 104 | +2% |\n| 2022 | 118 | +13% |');
      if (s === 3 && next() < 0.2) parts.push(`> ${sentence()} ${sentence()}`);
    }
    const tagCount = 2 + Math.floor(next() * 4);
    const tags = [...new Set(Array.from({ length: tagCount }, () => pick(tagPool)))];
    articles.push({
      slug: `story-${String(i + 1).padStart(6, '0')}`,
      title: capitalize(words(7)),
      date: when.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      author: pick(AUTHORS),
      section: pick(SECTIONS),
      tags,
      summary: sentence(),
      quote: { text: sentence(), by: `Speaker ${Math.floor(next() * 90) + 10}`, role: capitalize(pick(WORDS)) },
      body: parts.join('\n\n') + '\n',
    });
  }
  return articles;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
